/**
 * busybox wget (networking/wget.c), the applet in busybox-based images (busybox, agnhost,
 * netshoot): `Connecting to HOST[:PORT] (IP:PORT)`, -S headers indented by two spaces,
 * `saving to 'F'` / `writing to stdout`, the progress bar, `'F' saved`. Every failure is
 * one `wget: ...` line with exit 1: `bad address 'H'`, `can't connect to remote host (IP):
 * Connection refused`, `server returned error: HTTP/1.1 404 Not Found`, `download timed
 * out` when -T (default 900 s) runs out during a connect or a read. Request: GET with Host,
 * `User-Agent: Wget` and `Connection: close`. Texts checked against Debian's busybox 1.35
 * in the lab's namespaces (index.tsv, section wget-busybox); the images ship 1.36/1.37, whose
 * wget prints the same lines.
 */
import type { CommandContext } from '../../types.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { tcpClose } from '../../../net/socket-tcp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { exists, resolvePath, writeFile } from '../../fs.ts';
import { cwdOf } from '../../text-io.ts';
import { resolveHost } from '../curl/resolve.ts';
import { closeAfterTransfer, connectTcp, exchange, STRERROR } from '../curl/http-client.ts';
import { parseWgetUrl, type ArgError, type WgetOptions } from './args.ts';
import { BUSYBOX_BANNER } from '../busybox-banner.ts';

/** The applet's usage text (busybox 1.35, FEATURE_WGET_LONG_OPTIONS and -T). */
export const BUSYBOX_USAGE = `${BUSYBOX_BANNER}

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
\t[--post-data STR | --post-file FILE] [-Y on/off]
\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

\t--spider\tOnly check URL existence: $? is 0 if exists
\t--header STR\tAdd STR (of form 'header: value') to headers
\t--post-data STR\tSend STR using POST method
\t--post-file FILE\tSend FILE using POST method
\t--no-check-certificate\tDon't validate the server's certificate
\t-c\t\tContinue retrieval of aborted transfer
\t-q\t\tQuiet
\t-P DIR\t\tSave to DIR (default .)
\t-S    \t\tShow server response
\t-T SEC\t\tNetwork read timeout is SEC seconds
\t-O FILE\t\tSave to FILE ('-' for stdout)
\t-o LOGFILE\tLog messages to FILE
\t-U STR\t\tUse STR for User-Agent header
\t-Y on/off\tUse proxy
`;

/** getopt32's complaint followed by the usage, exit 1. */
export function busyboxArgError(e: ArgError): string {
  switch (e.kind) {
    case 'invalid': return `wget: invalid option -- '${e.option}'\n${BUSYBOX_USAGE}`;
    case 'unrecognized': return `wget: unrecognized option '${e.option}'\n${BUSYBOX_USAGE}`;
    case 'needs-argument': return e.option.startsWith('--') ? `wget: option '${e.option}' requires an argument\n${BUSYBOX_USAGE}` : `wget: option requires an argument -- '${e.option}'\n${BUSYBOX_USAGE}`;
    case 'bad-number': return `wget: invalid number '${e.value}'\n`;
  }
}

/** The progress bar's last state (libbb/progress.c): name in 20 columns, 100%, 32 stars, size, ETA. */
const bar = (name: string, bytes: number) => `${name.slice(0, 20).padEnd(20)} 100% |${'*'.repeat(32)}| ${String(bytes).padStart(5)}  0:00:00 ETA\n`;

/** Runs busybox wget; it dies (exit 1) at the first URL that fails. */
export async function busyboxWget(ctx: CommandContext, o: WgetOptions): Promise<number> {
  for (const text of o.urls) {
    const s = await one(ctx, o, text);
    if (s !== 0) return s;
  }
  return 0;
}

async function one(ctx: CommandContext, o: WgetOptions, text: string): Promise<number> {
  const world = ctx.world;
  const die = (msg: string) => {
    ctx.stderr.write(`wget: ${msg}\n`);
    return 1;
  };
  const log = (t: string) => { if (!o.quiet) ctx.stderr.write(t); };
  const url = parseWgetUrl(text);
  if (url === 'bad-port') return die(`bad port spec '${text}'`);
  if (!('path' in url)) return die(`not an http or ftp url: ${text}`);
  // -T: alarm(2) around the connect and each read; 900 s unless given.
  const timeout = (o.timeout ?? 900) * 1000;
  const res = await resolveHost(ctx, url.host, Infinity);
  if (ctx.interrupted()) return 130;
  if (!res.ok) return die(`bad address '${url.host}'`);
  const ip = formatIpv4(res.addr);
  log(`Connecting to ${url.hostPort} (${ip}:${url.port})\n`);
  const c = await connectTcp(ctx, res.addr, url.port, startTrace(world, ctx.argv.join(' ')), world.clock.ms + timeout);
  if (c.kind === 'interrupted') return 130;
  if (c.kind === 'timeout') return die('download timed out');
  if (c.kind === 'failed') return die(`can't connect to remote host (${ip}): ${STRERROR[c.errno] ?? c.errno}`);
  const s = c.sock;
  const extra = o.headers.map((h) => `${h}\r\n`).join('');
  const request = `GET ${url.path} HTTP/1.1\r\nHost: ${url.hostPort}\r\nUser-Agent: ${o.userAgent ?? 'Wget'}\r\nConnection: close\r\n${extra}\r\n`;
  const x = await exchange(ctx, s, request, false, world.clock.ms + timeout);
  if (x.how === 'interrupted') {
    freeSocket(world, s.id);
    return 130;
  }
  const resp = x.response;
  if (x.how === 'timeout') {
    tcpClose(world, s);
    return die('download timed out');
  }
  if (!resp || !resp.head) {
    tcpClose(world, s);
    return die(x.reset ? 'error getting response: Connection reset by peer' : 'error getting response');
  }
  const lines = resp.head.split('\r\n');
  if (o.serverResponse) ctx.stderr.write(`  ${lines[0]}\n`);
  await closeAfterTransfer(ctx, s);
  if (!(resp.status >= 200 && resp.status <= 204) && !(resp.status >= 300 && resp.status <= 303)) return die(`server returned error: ${lines[0]}`);
  if (o.serverResponse) ctx.stderr.write(`${lines.slice(1).map((l) => `  ${l}\n`).join('')}  \n`);
  if (o.spider) {
    log('remote file exists\n');
    return 0;
  }
  const toStdout = o.output === '-';
  const name = o.output ?? url.file;
  const path = resolvePath(cwdOf(ctx), name);
  // Without -O the file is opened O_EXCL: an existing one is an error, never overwritten.
  if (o.output === undefined && exists(ctx, path)) return die(`can't open '${name}': File exists`);
  log(toStdout ? 'writing to stdout\n' : `saving to '${name}'\n`);
  if (toStdout) ctx.stdout.write(resp.body);
  else {
    const w = writeFile(ctx, path, resp.body, false);
    if (!w.ok) return die(`can't open '${name}': ${w.errno === 'EISDIR' ? 'Is a directory' : w.errno === 'ENOENT' ? 'No such file or directory' : 'Not a directory'}`);
  }
  log(bar(toStdout ? '-' : name.split('/').pop()!, resp.body.length));
  log(toStdout ? 'written to stdout\n' : `'${name}' saved\n`);
  return 0;
}
