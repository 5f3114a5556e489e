/**
 * curl 7.88's command line, the options tutorials use: -s -S -v -i -I -f -L -k -4 -o FILE
 * -H HEADER -X METHOD -d DATA -m/--max-time S --connect-timeout S -w FORMAT -V/--version.
 * Short options bundle (`-sSv`) and take their argument glued or separate (`-m5`, `-m 5`);
 * long options take the next word. Unknown options and missing arguments get curl's texts
 * (tool_getparam.c / tool_helpers.c) and exit 2.
 */

/** Everything a run needs from the command line. */
export interface CurlOptions {
  silent: boolean;
  showError: boolean;
  verbose: boolean;
  include: boolean;
  head: boolean;
  fail: boolean;
  output?: string;
  headers: string[];
  method?: string;
  data?: string;
  /** Seconds (fractions allowed), as -m and --connect-timeout take them. */
  maxTime?: number;
  connectTimeout?: number;
  writeOut?: string;
  version: boolean;
  /** -k: go on when the server's certificate does not verify. */
  insecure: boolean;
  urls: string[];
}

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information\n";

/** Short options without an argument and with one. */
const SHORT_FLAGS: Record<string, keyof CurlOptions | 'ignore'> = {
  s: 'silent', S: 'showError', v: 'verbose', i: 'include', I: 'head', f: 'fail', V: 'version', L: 'ignore', k: 'insecure', '4': 'ignore', N: 'ignore', g: 'ignore',
};
const SHORT_ARGS = new Set(['o', 'H', 'X', 'd', 'm', 'w']);

const LONG: Record<string, string> = {
  silent: 's', 'show-error': 'S', verbose: 'v', include: 'i', head: 'I', fail: 'f', version: 'V', location: 'L', insecure: 'k',
  ipv4: '4', output: 'o', header: 'H', request: 'X', data: 'd', 'data-raw': 'd', 'max-time': 'm', 'write-out': 'w',
  'connect-timeout': 'connect-timeout', 'no-buffer': 'N', globoff: 'g',
};

/** Parses argv (without argv[0]); an error carries the exact stderr text. */
export function parseCurlArgs(args: string[]): { ok: true; opts: CurlOptions } | { ok: false; stderr: string; status: number } {
  const o: CurlOptions = { silent: false, showError: false, verbose: false, include: false, head: false, fail: false, headers: [], version: false, insecure: false, urls: [] };
  const setArg = (key: string, value: string, shown: string): string | undefined => {
    switch (key) {
      case 'o': o.output = value; return undefined;
      case 'H': o.headers.push(value); return undefined;
      case 'X': o.method = value; return undefined;
      case 'd': o.data = o.data === undefined ? value : `${o.data}&${value}`; return undefined;
      case 'w': o.writeOut = value; return undefined;
      case 'm':
      case 'connect-timeout': {
        if (!/^\d*\.?\d+$/.test(value)) return `curl: option ${shown}: expected a proper numerical parameter\n${TRY}`;
        if (key === 'm') o.maxTime = Number(value);
        else o.connectTimeout = Number(value);
        return undefined;
      }
    }
    return undefined;
  };
  const setFlag = (c: string): void => {
    const k = SHORT_FLAGS[c];
    if (k && k !== 'ignore') (o as unknown as Record<string, boolean>)[k] = true;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      const key = LONG[a.slice(2)];
      if (key === undefined) return { ok: false, stderr: `curl: option ${a}: is unknown\n${TRY}`, status: 2 };
      if (SHORT_ARGS.has(key) || key === 'connect-timeout') {
        const v = args[++i];
        if (v === undefined) return { ok: false, stderr: `curl: option ${a}: requires parameter\n${TRY}`, status: 2 };
        const err = setArg(key, v, a);
        if (err) return { ok: false, stderr: err, status: 2 };
      } else setFlag(key);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        if (SHORT_ARGS.has(c)) {
          const glued = a.slice(j + 1);
          const v = glued !== '' ? glued : args[++i];
          if (v === undefined) return { ok: false, stderr: `curl: option -${c}: requires parameter\n${TRY}`, status: 2 };
          const err = setArg(c, v, `-${c}`);
          if (err) return { ok: false, stderr: err, status: 2 };
          break;
        }
        if (!(c in SHORT_FLAGS)) return { ok: false, stderr: `curl: option -${a.slice(j)}: is unknown\n${TRY}`, status: 2 };
        setFlag(c);
      }
      continue;
    }
    o.urls.push(a);
  }
  // curl alone prints only the hint; with options but no URL it says so first (tool_operate.c).
  if (!o.version && o.urls.length === 0) return { ok: false, stderr: args.length === 0 ? TRY : `curl: no URL specified!\n${TRY}`, status: 2 };
  return { ok: true, opts: o };
}
