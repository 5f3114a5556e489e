/**
 * URLs as curl 7.88 reads them (lib/urlapi.c): the scheme defaults to http when absent;
 * http and https are the schemes this sandbox serves (https connects but no server here
 * speaks TLS); others are "not supported"; a bad host or a port above 65535 is error 3.
 */

/** A parsed URL. */
export interface CurlUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Whether the port was written (it then shows in the Host header). */
  explicitPort: boolean;
  /** Path and query, at least `/`. */
  path: string;
}

/** Parses `text`, or returns curl's exit status and message. */
export function parseUrl(text: string): { ok: true; url: CurlUrl } | { ok: false; code: number; message: string } {
  const bad = { ok: false as const, code: 3, message: 'URL using bad/illegal format or missing URL' };
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)([^#]*)/.exec(text);
  if (!m) return bad;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    return { ok: false, code: 1, message: `Protocol "${m[1]}" not supported or disabled in libcurl` };
  }
  const authority = (m[2] ?? '').replace(/^[^@]*@/, '');
  const hp = /^([^:]*)(?::(\d*))?$/.exec(authority);
  if (!hp || hp[1] === '' || /[\s<>"{}|\\^`]/.test(hp[1]!)) return bad;
  const portText = hp[2];
  if (portText !== undefined && portText !== '' && Number(portText) > 65535) return bad;
  const port = portText ? Number(portText) : scheme === 'https' ? 443 : 80;
  let path = m[3] || '/';
  if (!path.startsWith('/')) path = `/${path}`;
  return { ok: true, url: { scheme, host: hp[1]!.toLowerCase(), port, explicitPort: !!portText, path } };
}
