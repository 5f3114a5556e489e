/**
 * GNU Wget 1.21.3 (Debian 12's, on the nodes and the lab's namespaces), in the C locale,
 * with stderr not a terminal (the dot progress display). Per URL: `--DATE--  URL`,
 * `Resolving` for names, `Connecting to ...`, `HTTP request sent, awaiting response... `,
 * `Length:`, `Saving to:`, the body, the dots and the summary line (src/http.c, src/retr.c,
 * src/progress.c). Failures as wget reports them: refused and unresolvable names end the
 * URL with exit 4; timeouts, resets and empty answers are retried up to -t (20) times with
 * wget's linear back-off (--waitretry 10), then `Giving up.`; an HTTP error is `ERROR N:`
 * with exit 8. --spider sends HEAD (and GET after a 501) and downloads nothing.
 * Checked against tests/fixtures/node-tools/captures/wget-*.txt.
 */
import type { CommandContext } from '../../types.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { wallDate } from '../../../core/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { tcpClose } from '../../../net/socket-tcp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { exists, resolvePath, writeFile } from '../../fs.ts';
import { cwdOf } from '../../text-io.ts';
import { waitFor } from '../../../fabric/time.ts';
import { resolveHost } from '../curl/resolve.ts';
import { closeAfterTransfer, connectTcp, exchange, STRERROR } from '../curl/http-client.ts';
import { parseWgetUrl, type ArgError, type WgetOptions, type WgetUrl } from './args.ts';

/** strerror(3) for the file errors writeFile reports. */
const FS_ERROR: Record<string, string> = { ENOENT: 'No such file or directory', EISDIR: 'Is a directory', ENOTDIR: 'Not a directory', EACCES: 'Permission denied', EROFS: 'Read-only file system' };

const USAGE = "Usage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n";

/** getopt_long's complaint (or wget's own for a bad number) and the exit status 2. */
export function gnuArgError(e: ArgError): string {
  switch (e.kind) {
    case 'invalid': return `wget: invalid option -- '${e.option}'\n${USAGE}`;
    case 'unrecognized': return `wget: unrecognized option '${e.option}'\n${USAGE}`;
    case 'needs-argument': return e.option.startsWith('--') ? `wget: option '${e.option}' requires an argument\n${USAGE}` : `wget: option requires an argument -- '${e.option}'\n${USAGE}`;
    case 'bad-number': return e.option === '--timeout' ? `wget: --timeout: Invalid time period '${e.value}'\n` : `wget: --tries: Invalid number '${e.value}'.\n`;
  }
}

export const gnuMissingUrl = `wget: missing URL\n${USAGE}`;

const two = (n: number) => String(n).padStart(2, '0');
/** The stamp wget prints (local time; the sandbox's machines run in UTC). */
function stamp(ctx: CommandContext): string {
  const d = wallDate(ctx.world.clock);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** retr_rate: bytes per second in B/s, KB/s, MB/s, GB/s, with 2, 1 or 0 decimals. */
function rate(bytes: number, ms: number): { value: string; unit: string } {
  // A body that came in one segment took "no" time; wget's clock still saw a few microseconds.
  let r = bytes / (Math.max(ms, 0.01) / 1000);
  let u = 0;
  while (r >= 1024 && u < 3) {
    r /= 1024;
    u++;
  }
  return { value: r.toFixed(r >= 99.95 ? 0 : r >= 9.995 ? 1 : 2), unit: ['B', 'K', 'M', 'G'][u]! };
}

/** The dot display's one line for a small download (progress.c dot_finish) and its total time. */
function dots(bytes: number, ms: number): string {
  const r = rate(bytes, ms);
  const secs = ms / 1000;
  const t = secs >= 0.95 ? secs.toFixed(1) : secs >= 0.001 ? String(Number(secs.toPrecision(1))) : '0';
  return `\n     0K ${'.'.repeat(Math.min(Math.floor(bytes / 1024), 50)).replace(/(.{10})/g, '$1 ').padEnd(53)} 100% ${`${r.value}${r.unit === 'B' ? '' : r.unit}`.padStart(5)}=${t}s\n\n`;
}

/** One try's outcome: done (exit status) or worth another try. */
type Try = { status: number } | 'retry';

/** Runs GNU wget for every URL; the exit status of the last failure (or 0). */
export async function gnuWget(ctx: CommandContext, o: WgetOptions): Promise<number> {
  // -O FILE is opened (created, emptied) before anything is fetched, and every document is
  // appended to it (main.c): a failed download leaves an empty file.
  if (o.output !== undefined && o.output !== '-' && !o.spider) {
    const w = writeFile(ctx, resolvePath(cwdOf(ctx), o.output), '', false);
    if (!w.ok) {
      ctx.stderr.write(`${o.output}: ${FS_ERROR[w.errno] ?? w.errno}\n`);
      return 1;
    }
  }
  let status = 0;
  for (const text of o.urls) {
    const s = await gnuOne(ctx, o, text);
    if (s !== 0) status = s;
    if (s === 130) return s;
  }
  return status;
}

async function gnuOne(ctx: CommandContext, o: WgetOptions, text: string): Promise<number> {
  const log = (t: string) => { if (!o.quiet) ctx.stderr.write(t); };
  const url = parseWgetUrl(text);
  if (url === 'bad-port') {
    ctx.stderr.write(`${text}: Bad port number.\n`);
    return 1;
  }
  if (!('path' in url)) {
    ctx.stderr.write(`${text}: Unsupported scheme '${url.scheme}'.\n`);
    return 1;
  }
  const full = `${url.scheme}://${url.hostPort}${url.path}`;
  if (o.spider) log('Spider mode enabled. Check if remote file exists.\n');
  const tries = o.tries === 0 ? Infinity : o.tries ?? 20;
  let head = o.spider;
  let again = false;
  for (let n = 1; n <= tries; n++) {
    if (n > 1 && !again) {
      // sleep_between_retrievals: 1 s, 2 s ... up to --waitretry (10 s) before each retry.
      if (await waitFor(ctx.world, ctx, () => false, ctx.world.clock.ms + Math.min(n - 1, 10) * 1000) === 'interrupted') return 130;
    }
    log(`--${stamp(ctx)}--  ${n > 1 ? `(try:${String(n).padStart(2)})  ` : ''}${full}\n`);
    const r = await gnuTry(ctx, o, url, head, log);
    // A server that does not know HEAD (501) is asked again with GET at once (http.c).
    if (r === 'retry-get') {
      again = true;
      head = false;
      continue;
    }
    again = false;
    if (r !== 'retry') return r.status;
    if (n < tries) log('Retrying.\n\n');
  }
  log('Giving up.\n\n');
  return 4;
}

async function gnuTry(ctx: CommandContext, o: WgetOptions, url: WgetUrl, head: boolean, log: (t: string) => void): Promise<Try | 'retry-get'> {
  const world = ctx.world;
  const literal = /^\d+\.\d+\.\d+\.\d+$/.test(url.host);
  if (!literal) log(`Resolving ${url.host} (${url.host})... `);
  const res = await resolveHost(ctx, url.host, Infinity);
  if (ctx.interrupted()) return { status: 130 };
  if (!res.ok) {
    log(`failed: ${res.why === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution'}.\n`);
    log(`wget: unable to resolve host address '${url.host}'\n`);
    return { status: 4 };
  }
  const ip = formatIpv4(res.addr);
  if (!literal) log(`${ip}\n`);
  log(literal ? `Connecting to ${url.host}:${url.port}... ` : `Connecting to ${url.host} (${url.host})|${ip}|:${url.port}... `);
  const timeout = o.timeout !== undefined && o.timeout > 0 ? o.timeout * 1000 : Infinity;
  const c = await connectTcp(ctx, res.addr, url.port, startTrace(world, ctx.argv.join(' ')), world.clock.ms + timeout);
  if (c.kind === 'interrupted') return { status: 130 };
  if (c.kind === 'timeout') {
    log('failed: Connection timed out.\n');
    return 'retry';
  }
  if (c.kind === 'failed') {
    log(`failed: ${STRERROR[c.errno] ?? c.errno}.\n`);
    // connect.c retryable_socket_connect_error: a refusal is final (without --retry-connrefused).
    return c.errno === 'ECONNREFUSED' ? { status: 4 } : 'retry';
  }
  log('connected.\n');
  const s = c.sock;
  const hostHeader = url.port === (url.scheme === 'https' ? 443 : 80) && !url.hostPort.includes(':') ? url.host : url.hostPort;
  const headers: [string, string][] = [['User-Agent', o.userAgent ?? 'Wget/1.21.3'], ['Accept', '*/*'], ['Accept-Encoding', 'identity'], ['Host', hostHeader], ['Connection', 'Keep-Alive']];
  for (const h of o.headers) {
    const i = h.indexOf(':');
    if (i > 0) headers.push([h.slice(0, i).trim(), h.slice(i + 1).trim()]);
  }
  const request = `${head ? 'HEAD' : 'GET'} ${url.path} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  log('HTTP request sent, awaiting response... ');
  const x = await exchange(ctx, s, request, head, world.clock.ms + timeout);
  if (x.how === 'interrupted') {
    freeSocket(world, s.id);
    return { status: 130 };
  }
  const resp = x.response;
  if (!resp || !resp.head) {
    tcpClose(world, s);
    log(x.how === 'timeout' ? 'Read error (Connection timed out) in headers.\n' : x.reset ? 'Read error (Connection reset by peer) in headers.\n' : 'No data received.\n');
    return 'retry';
  }
  const lines = resp.head.split('\r\n');
  if (o.serverResponse) ctx.stderr.write(`${o.quiet ? '' : '\n'}${lines.map((l) => `  ${l}\n`).join('')}`);
  else log(`${lines[0]!.replace(/^\S+\s+/, '')}\n`);
  const hdr = (name: string) => lines.find((l) => l.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
  const reason = lines[0]!.replace(/^\S+\s+\d+\s*/, '');
  if (head && resp.status === 501) {
    await closeAfterTransfer(ctx, s);
    return 'retry-get';
  }
  if (resp.status >= 400) {
    await closeAfterTransfer(ctx, s);
    if (o.spider) log('Remote file does not exist -- broken link!!!\n\n');
    else log(`${stamp(ctx)} ERROR ${resp.status}: ${reason}.\n\n`);
    return { status: 8 };
  }
  const type = hdr('content-type');
  const len = hdr('content-length');
  log(`Length: ${len ?? 'unspecified'}${type ? ` [${type}]` : ''}\n`);
  if (o.spider) {
    tcpClose(world, s);
    log(type?.startsWith('text/html') ? 'Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n' : 'Remote file exists.\n\n');
    return { status: 0 };
  }
  const began = world.clock.ms;
  const body = resp.body;
  await closeAfterTransfer(ctx, s);
  const toStdout = o.output === '-';
  const name = o.output ?? freeName(ctx, url.file);
  log(`Saving to: '${toStdout ? 'STDOUT' : name}'\n`);
  if (toStdout) ctx.stdout.write(body);
  else {
    const w = writeFile(ctx, resolvePath(cwdOf(ctx), name), body, o.output !== undefined);
    if (!w.ok) {
      ctx.stderr.write(`${name}: ${FS_ERROR[w.errno] ?? w.errno}\n`);
      return { status: 3 };
    }
  }
  const ms = world.clock.ms - began;
  log(dots(body.length, ms));
  const r = rate(body.length, ms);
  const total = len ?? String(body.length);
  log(`${stamp(ctx)} (${r.value} ${r.unit === 'B' ? 'B' : `${r.unit}B`}/s) - ${toStdout ? 'written to stdout' : `'${name}' saved`} [${body.length}/${total}]\n\n`);
  return { status: 0 };
}

/** Without -O, an existing file is kept and the download gets the next free `.N` suffix (no-clobber numbering). */
function freeName(ctx: CommandContext, file: string): string {
  const taken = (n: string) => exists(ctx, resolvePath(cwdOf(ctx), n));
  if (!taken(file)) return file;
  let i = 1;
  while (taken(`${file}.${i}`)) i++;
  return `${file}.${i}`;
}
