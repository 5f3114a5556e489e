/**
 * wget's command lines, GNU's (wget 1.21.3, getopt_long with gnulib's messages) and
 * busybox's (getopt32 with its long options). Both take -q, -O FILE, -S, --spider,
 * -T SECS, -t N, --header STR and -U AGENT; short options bundle (`-qO-`) and take their
 * argument glued or as the next word; long options take `=VALUE` or the next word.
 */

/** What a run needs from the command line. */
export interface WgetOptions {
  quiet: boolean;
  /** -S: print the server's status line and headers. */
  serverResponse: boolean;
  spider: boolean;
  /** -O: `-` is stdout. */
  output?: string;
  /** -T in seconds (GNU: read timeout and connect timeout; busybox: the alarm(2) around each step). */
  timeout?: number;
  /** -t (GNU only; busybox accepts and ignores it). */
  tries?: number;
  headers: string[];
  userAgent?: string;
  urls: string[];
}

/** A parse failure: the option at fault and why (each flavour words it its own way). */
export type ArgError =
  | { kind: 'invalid'; option: string }
  | { kind: 'unrecognized'; option: string }
  | { kind: 'needs-argument'; option: string }
  | { kind: 'bad-number'; option: string; value: string };

const SHORT_FLAGS = new Set(['q', 'S', 'c', 'v', 'N', 'x', 'r', 'k', 'K', 'p', '4', 'nv', 'nc', 'nH', 'np']);
const SHORT_ARGS = new Set(['O', 'T', 't', 'U', 'P', 'Y', 'o', 'e']);
const LONG_FLAGS: Record<string, string> = { quiet: 'q', 'server-response': 'S', spider: 'spider', 'no-check-certificate': 'ignore', continue: 'c', 'no-verbose': 'ignore' };
const LONG_ARGS: Record<string, string> = { 'output-document': 'O', timeout: 'T', tries: 't', header: 'header', 'user-agent': 'U', 'directory-prefix': 'P' };

/** Parses argv (without argv[0]); -T and -t must be decimal numbers. */
export function parseWgetArgs(args: string[]): { ok: true; opts: WgetOptions } | { ok: false; error: ArgError } {
  const o: WgetOptions = { quiet: false, serverResponse: false, spider: false, headers: [], urls: [] };
  const set = (key: string, value: string, shown: string): ArgError | undefined => {
    switch (key) {
      case 'O': o.output = value; break;
      case 'U': o.userAgent = value; break;
      case 'header': o.headers.push(value); break;
      case 'T':
      case 't': {
        if (!/^\d*\.?\d+$/.test(value)) return { kind: 'bad-number', option: shown, value };
        if (key === 'T') o.timeout = Number(value);
        else o.tries = Number(value);
        break;
      }
    }
    return undefined;
  };
  const flag = (key: string) => {
    if (key === 'q') o.quiet = true;
    else if (key === 'S') o.serverResponse = true;
    else if (key === 'spider') o.spider = true;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      o.urls.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      if (name in LONG_FLAGS) {
        flag(LONG_FLAGS[name]!);
        continue;
      }
      const key = LONG_ARGS[name];
      if (key === undefined) return { ok: false, error: { kind: 'unrecognized', option: a } };
      const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) return { ok: false, error: { kind: 'needs-argument', option: `--${name}` } };
      const e = set(key, v, `--${name}`);
      if (e) return { ok: false, error: e };
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      // -nv, -nc, -nH, -np: wget's four -n<letter> options, all of which change nothing here.
      if (/^-n[vcHp]$/.test(a)) continue;
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (SHORT_ARGS.has(c)) {
          const v = a.slice(j + 1) || args[++i];
          if (v === undefined) return { ok: false, error: { kind: 'needs-argument', option: c } };
          const e = set(c, v, c === 'T' ? '--timeout' : '--tries');
          if (e) return { ok: false, error: e };
          break;
        }
        if (!SHORT_FLAGS.has(c)) return { ok: false, error: { kind: 'invalid', option: c } };
        flag(c);
      }
      continue;
    }
    o.urls.push(a);
  }
  return { ok: true, opts: o };
}

/**
 * A URL as both wgets read it: no scheme means http; the host may carry `:port` (kept in
 * `hostPort` as written, which busybox prints); the path keeps its query.
 */
export interface WgetUrl {
  scheme: string;
  host: string;
  hostPort: string;
  port: number;
  path: string;
  /** The file name a download is saved under without -O: the last path component, or index.html. */
  file: string;
}

/** Splits `text`; a port that is not a number below 65536 is `bad-port`. */
export function parseWgetUrl(text: string): WgetUrl | 'bad-port' | { scheme: string } {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^/?#]*)([^#]*)/.exec(text)!;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { scheme };
  const hostPort = (m[2] ?? '').replace(/^[^@]*@/, '');
  const hp = /^([^:]*)(?::(.*))?$/.exec(hostPort)!;
  const portText = hp[2];
  if (portText !== undefined && (!/^\d+$/.test(portText) || Number(portText) > 65535)) return 'bad-port';
  const path = m[3] ? (m[3].startsWith('/') ? m[3] : `/${m[3]}`) : '/';
  const last = path.replace(/\?.*/, '').split('/').pop() ?? '';
  return {
    scheme, host: hp[1]!.toLowerCase(), hostPort, port: portText ? Number(portText) : scheme === 'https' ? 443 : 80, path,
    file: last === '' ? 'index.html' : last,
  };
}
