/** The generated precache list and security headers (src/selfhost/). */
import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from './files.mjs';
import { contentSecurityPolicy, headersFile, inlineScriptHashes, nginxHeaders, securityHeaders } from './headers.mjs';
import { precacheUrls } from './service-worker-integration.mjs';
import { metaPolicy, withCspMeta } from './csp-meta.mjs';

const sha = (text: string): string => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('precacheUrls', () => {
  it('maps index.html to directory URLs under the base and skips sw.js, _headers, maps and world images', () => {
    expect(precacheUrls(['index.html', 'a/index.html', '_astro/x.js', 'sw.js', '_headers', '_astro/x.js.map', 'worlds/dns.json'], '/k8s-net/')).toEqual([
      '/k8s-net/',
      '/k8s-net/a/',
      '/k8s-net/_astro/x.js',
    ]);
  });
});

describe('inlineScriptHashes', () => {
  it('hashes inline scripts exactly, once each, and ignores external and JSON scripts', () => {
    const html = [
      '<script>a()</script><script type="module">\n b()\n</script><script src="/x.js"></script>',
      '<script type="application/ld+json">{}</script><script>a()</script>',
    ];
    expect(inlineScriptHashes(html)).toEqual([sha('a()'), sha('\n b()\n')].sort());
  });
});

describe('securityHeaders', () => {
  it('derives the policy from the HTML files of a build', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pw-selfhost-'));
    mkdirSync(join(dir, 'lesson'));
    writeFileSync(join(dir, 'index.html'), '<script>one()</script>');
    writeFileSync(join(dir, 'lesson', 'index.html'), '<script>two()</script>');
    writeFileSync(join(dir, 'app.js'), '<script>not html()</script>');
    expect(listFiles(dir)).toEqual(['app.js', 'index.html', 'lesson/index.html']);
    const headers = securityHeaders(dir);
    const csp = headers['Content-Security-Policy'];
    expect(csp).toContain(sha('one()'));
    expect(csp).toContain(sha('two()'));
    expect(csp).not.toContain(sha('not html()'));
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(nginxHeaders(headers)).toContain(`add_header Content-Security-Policy "${csp}" always;`);
    expect(headersFile(headers, '/k8s-net/')).toMatch(/^\/k8s-net\/\*\n {2}Content-Security-Policy: /);
  });
  it('keeps the other directives closed', () => {
    const csp = contentSecurityPolicy([]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("worker-src 'self'");
  });
});

describe('the meta Content-Security-Policy (csp-meta.mjs)', () => {
  it('is the header policy without the directives a meta tag cannot carry', () => {
    const policy = metaPolicy(["'sha256-abc'"]);
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-abc'");
    expect(policy).not.toContain('frame-ancestors');
    expect(contentSecurityPolicy(["'sha256-abc'"])).toContain('frame-ancestors');
  });
  it('goes first in <head>, right after the charset, once', () => {
    const html = '<html><head><meta charset="utf-8"><script>x()</script></head><body></body></html>';
    const once = withCspMeta(html, [sha('x()')]);
    expect(once.indexOf('http-equiv="Content-Security-Policy"')).toBeGreaterThan(once.indexOf('charset'));
    expect(once.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(once.indexOf('<script'));
    const twice = withCspMeta(once, [sha('x()')]);
    expect(twice.match(/Content-Security-Policy/g)).toHaveLength(1);
    expect(inlineScriptHashes([twice])).toEqual([sha('x()')]);
  });

  it('moves the charset and the policy before a script that opens <head> (the lesson head starts its worker there)', () => {
    const html = '<html><head><script>w()</script><meta charset="utf-8"/><title>t</title></head></html>';
    const out = withCspMeta(html, [sha('w()')]);
    expect(out.startsWith('<html><head><meta charset="utf-8"/><meta http-equiv="Content-Security-Policy"')).toBe(true);
    expect(out.match(/charset/g)).toHaveLength(1);
    expect(out.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(out.indexOf('<script'));
  });
});
