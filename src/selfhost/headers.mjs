/**
 * The security headers a server of dist/ sends, shared by every way of serving it: the local
 * static server (scripts/serve.mjs, used by the e2e tests, so the policy is tested for real),
 * the `_headers` file written into dist/ (Netlify / Cloudflare Pages read it) and the nginx
 * include used by the Dockerfile (`node src/selfhost/headers.mjs --nginx dist`).
 *
 * The Content-Security-Policy allows scripts from the site itself plus, by SHA-256 hash, the
 * exact inline scripts the build emitted (Starlight's theme and search bootstraps, Astro's small
 * hoisted modules): so no 'unsafe-inline' for scripts. 'wasm-unsafe-eval' is for Pagefind's
 * WebAssembly search index (CSP3, https://www.w3.org/TR/CSP3/#grammardef-wasm-unsafe-eval).
 * Styles keep 'unsafe-inline': Starlight and Expressive Code set style attributes.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from './files.mjs';

/** The SHA-256 CSP source expressions of every inline <script> in the given HTML texts. */
export function inlineScriptHashes(htmlTexts) {
  const hashes = new Set();
  const pattern = /<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi;
  for (const html of htmlTexts) {
    for (const match of html.matchAll(pattern)) {
      const attrs = match[1] ?? '';
      if (/\ssrc\s*=/i.test(attrs)) continue;
      // JSON data blocks are not executed, so CSP does not apply to them.
      if (/type\s*=\s*"?application\/(ld\+)?json/i.test(attrs)) continue;
      hashes.add(`'sha256-${createHash('sha256').update(match[2], 'utf8').digest('base64')}'`);
    }
  }
  return [...hashes].sort();
}

/** The Content-Security-Policy for a build whose inline scripts hash to `hashes`. */
export function contentSecurityPolicy(hashes) {
  return [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every header to send with every response of the build in `distDir`. */
export function securityHeaders(distDir) {
  const html = listFiles(distDir)
    .filter((file) => file.endsWith('.html'))
    .map((file) => readFileSync(join(distDir, file), 'utf8'));
  return {
    'Content-Security-Policy': contentSecurityPolicy(inlineScriptHashes(html)),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

/** nginx `add_header` lines (always, so error pages carry them too). */
export function nginxHeaders(headers) {
  return Object.entries(headers)
    .map(([name, value]) => `add_header ${name} "${value.replace(/"/g, '\\"')}" always;`)
    .join('\n') + '\n';
}

/** The `_headers` file format of Netlify and Cloudflare Pages: a path pattern, then headers. */
export function headersFile(headers, base) {
  return `${base}*\n${Object.entries(headers).map(([n, v]) => `  ${n}: ${v}`).join('\n')}\n`;
}

export function writeHeadersFile(distDir, base) {
  writeFileSync(join(distDir, '_headers'), headersFile(securityHeaders(distDir), base));
}

// CLI: `node src/selfhost/headers.mjs --nginx dist` prints the nginx include.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [flag, dir] = process.argv.slice(2);
  if (flag !== '--nginx' || !dir) {
    process.stderr.write('usage: node src/selfhost/headers.mjs --nginx DIST_DIR\n');
    process.exit(2);
  }
  process.stdout.write(nginxHeaders(securityHeaders(dir)));
}
