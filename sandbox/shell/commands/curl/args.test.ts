// curl's command line: bundled short options, glued arguments, and curl's usage errors.
import { describe, expect, it } from 'vitest';
import { parseCurlArgs } from './args.ts';
import { parseUrl } from './url.ts';

describe('curl args', () => {
  it('reads -sSv, -m5 and --connect-timeout 2', () => {
    const r = parseCurlArgs(['-sSv', '-m5', '--connect-timeout', '2', 'http://x/']);
    expect(r.ok && r.opts).toMatchObject({ silent: true, showError: true, verbose: true, maxTime: 5, connectTimeout: 2, urls: ['http://x/'] });
  });
  it('says what curl says about a missing URL or a bad number', () => {
    expect(parseCurlArgs([])).toMatchObject({ ok: false, status: 2, stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n" });
    expect(parseCurlArgs(['-s'])).toMatchObject({ ok: false, stderr: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information\n" });
    expect(parseCurlArgs(['-m', 'abc', 'x'])).toMatchObject({ ok: false, stderr: "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\n" });
  });
  it('parses URLs with default scheme and port', () => {
    expect(parseUrl('10.96.0.10')).toEqual({ ok: true, url: { scheme: 'http', host: '10.96.0.10', port: 80, explicitPort: false, path: '/' } });
    expect(parseUrl('http://web:8080/a?b=1')).toMatchObject({ ok: true, url: { port: 8080, explicitPort: true, path: '/a?b=1' } });
  });
});
