/**
 * curl 7.88.1: HTTP over the simulated TCP. Each URL resolves (resolve.ts), connects
 * (socket-tcp.ts; the SYN walks the datapath and meets whatever the state decides: an
 * answer, a reset, an ICMP error, silence), sends `GET` with curl's three default headers,
 * reads the answer until the server closes or Content-Length is reached, then closes.
 * Errors carry curl's codes and texts, checked against real captures (reference-lab golden
 * and a local netns): 6 resolve, 7 refused/unreachable, 28 timeouts, 52 empty reply,
 * 56 reset, 22 with -f, 35 for https (no server here speaks TLS). stdout is taken to be a
 * terminal unless -o is given: the progress meter and `{ [N bytes data]` then appear as
 * curl prints them when its output is not a tty.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { tcpClose, tcpWrite } from '../../../net/socket-tcp.ts';
import { closeAfterTransfer, connectTcp, exchange, STRERROR } from './http-client.ts';
import { freeSocket } from '../../../net/socket.ts';
import type { TcpSocket } from '../../../net/datapath/types.ts';
import { waitFor } from '../../../fabric/time.ts';
import { writeFile } from '../../fs.ts';
import { parseCurlArgs, type CurlOptions } from './args.ts';
import { parseUrl, type CurlUrl } from './url.ts';
import { resolveHost } from './resolve.ts';
import type { HttpResponse } from '../../../wire/http-response.ts';
import { meterEnd, meterStart, writeOut } from './present.ts';
import { clientHello, open, readServerHello, seal } from '../../../net/apps/tls.ts';

const VERSION = 'curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.19 zlib/1.2.13 brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 (+libidn2/2.3.3) libssh2/1.10.0 nghttp2/1.52.0 librtmp/2.3 OpenLDAP/2.5.13\n' +
  'Release-Date: 2023-02-20, security patched: 7.88.1-10+deb12u15\n' +
  'Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n' +
  'Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n';



/** One transfer's outcome: curl's exit code and its error message (without `curl: (N) `). */
interface Outcome {
  code: number;
  error?: string;
  response?: HttpResponse;
  sock?: TcpSocket;
  addr?: number;
  started: number;
}

export const curl: CommandSpec = {
  name: 'curl',
  async run(ctx) {
    const parsed = parseCurlArgs(ctx.argv.slice(1));
    if (!parsed.ok) {
      ctx.stderr.write(parsed.stderr);
      return parsed.status;
    }
    const o = parsed.opts;
    if (o.version) {
      ctx.stdout.write(VERSION);
      return 0;
    }
    let status = 0;
    for (const [n, text] of o.urls.entries()) {
      const out = await transfer(ctx, o, text, n);
      if (out.code !== 0) status = out.code;
    }
    return status;
  },
};

const err = (o: CurlOptions) => !o.silent || o.showError;

async function transfer(ctx: CommandContext, o: CurlOptions, text: string, conn: number): Promise<Outcome> {
  const world = ctx.world;
  const started = world.clock.ms;
  const v = (line: string) => { if (o.verbose) ctx.stderr.write(line); };
  const meter = !o.silent && o.output !== undefined;
  if (meter) ctx.stderr.write(meterStart());
  const finish = (out: Outcome): Outcome => {
    if (out.error) {
      v(`* Closing connection ${conn}\n`);
      if (err(o)) ctx.stderr.write(`curl: (${out.code}) ${out.error}\n`);
    }
    if (o.writeOut !== undefined) ctx.stdout.write(writeOut(o.writeOut, out, world.clock.ms));
    return out;
  };
  const u = parseUrl(text);
  if (!u.ok) return finish({ code: u.code, error: u.message, started });
  const url = u.url;
  const deadline = o.maxTime !== undefined ? started + o.maxTime * 1000 : Infinity;
  const res = await resolveHost(ctx, url.host, deadline);
  if (!res.ok) {
    if (res.why === 'timeout') return finish({ code: 28, error: `Resolving timed out after ${Math.floor(world.clock.ms - started)} milliseconds`, started });
    return finish({ code: 6, error: `Could not resolve host: ${url.host}`, started });
  }
  const ip = formatIpv4(res.addr);
  v(`*   Trying ${ip}:${url.port}...\n`);
  const trace = startTrace(world, ctx.argv.join(' '));
  const since = () => Math.floor(world.clock.ms - started);
  const connectDeadline = Math.min(deadline, started + (o.connectTimeout ?? 300) * 1000);
  const c = await connectTcp(ctx, res.addr, url.port, trace, connectDeadline);
  if (c.kind === 'interrupted') return { code: 130, started };
  if (c.kind === 'timeout') {
    if (connectDeadline < deadline) {
      v(`* ipv4 connect timeout after ${since()}ms, move on!\n`);
      v(`* Failed to connect to ${url.host} port ${url.port} after ${since()} ms: Timeout was reached\n`);
      return finish({ code: 28, error: `Failed to connect to ${url.host} port ${url.port} after ${since()} ms: Timeout was reached`, started });
    }
    v(`* Connection timed out after ${since()} milliseconds\n`);
    return finish({ code: 28, error: `Connection timed out after ${since()} milliseconds`, started });
  }
  if (c.kind === 'failed') {
    v(c.immediate ? `* Immediate connect fail for ${ip}: ${STRERROR[c.errno] ?? c.errno}\n` : `* connect to ${ip} port ${url.port} failed: ${STRERROR[c.errno] ?? c.errno}\n`);
    v(`* Failed to connect to ${url.host} port ${url.port} after ${since()} ms: Couldn't connect to server\n`);
    return finish({ code: 7, error: `Failed to connect to ${url.host} port ${url.port} after ${since()} ms: Couldn't connect to server`, started });
  }
  const s = c.sock;
  v(`* Connected to ${url.host} (${ip}) port ${url.port} (#${conn})\n`);
  let tlsUsed: number | undefined;
  if (url.scheme === 'https') {
    const hs = await handshake(ctx, o, s, url, deadline);
    if (typeof hs !== 'number') {
      if (hs.code === 130) { freeSocket(world, s.id); return { code: 130, started }; }
      tcpClose(world, s);
      return finish({ ...hs, started, sock: s });
    }
    tlsUsed = hs;
  }
  const request = buildRequest(o, url);
  for (const line of request.split('\r\n').slice(0, -2)) v(`> ${line}\r\n`);
  v('> \r\n');
  const x = await exchange(ctx, s, tlsUsed === undefined ? request : seal(request), o.head || (o.method ?? '').toUpperCase() === 'HEAD', deadline,
    (rx) => (tlsUsed === undefined ? rx : open(rx.slice(tlsUsed)).plain));
  const resp = x.response;
  const got = x.how;
  const out: Outcome = { code: 0, started, sock: s, addr: res.addr };
  if (got === 'interrupted') {
    freeSocket(world, s.id);
    return { code: 130, started };
  }
  if (resp) out.response = resp;
  if (got === 'timeout') {
    tcpClose(world, s);
    const n = resp?.head ? resp.body.length : 0;
    return finish({ ...out, code: 28, error: `Operation timed out after ${since()} milliseconds with ${n} bytes received` });
  }
  if (x.reset) {
    freeSocket(world, s.id);
    return finish({ ...out, code: 56, error: 'Recv failure: Connection reset by peer' });
  }
  if (!resp || !resp.head) {
    tcpClose(world, s);
    return finish({ ...out, code: 52, error: 'Empty reply from server' });
  }
  if (resp.version === '1.0') v('* HTTP 1.0, assume close after body\n');
  for (const line of resp.head.split('\r\n')) v(`< ${line}\r\n`);
  v('< \r\n');
  if (resp.body.length > 0 && o.verbose && meter) ctx.stderr.write(`{ [${resp.body.length} bytes data]\n`);
  const keep = resp.version === '1.1' && !/^connection:\s*close/im.test(resp.head);
  await closeAfterTransfer(ctx, s);
  if (o.fail && resp.status >= 400) {
    v(`* The requested URL returned error: ${resp.status}\n`);
    return finish({ ...out, code: 22, error: `The requested URL returned error: ${resp.status}` });
  }
  const shown = (o.include || o.head ? `${resp.head}\r\n\r\n` : '') + (o.head ? '' : resp.body);
  if (o.output !== undefined) {
    const w = writeFile(ctx, o.output, shown, false);
    if (!w.ok) return finish({ ...out, code: 23, error: `Failure writing output to destination` });
  } else ctx.stdout.write(shown);
  if (meter) ctx.stderr.write(meterEnd(resp.body.length, world.clock.ms - started));
  v(keep ? `* Connection #${conn} to host ${url.host} left intact\n` : `* Closing connection ${conn}\n`);
  return finish(out);
}

/** curl's exit 60 text (lib/strerror.c and the tool's hint for CURLE_PEER_FAILED_VERIFICATION). */
const VERIFY_FAILED = 'SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\n'
  + 'curl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\n'
  + 'how to fix it, please visit the web page mentioned above.';

/**
 * The TLS handshake (net/apps/tls.ts): ClientHello with the host as SNI, then the server's
 * answer. Bytes used by the handshake, or the failure: 35 when the answer is no TLS, 60 when
 * the certificate does not verify and -k was not given (no cluster CA is trusted here).
 */
async function handshake(ctx: CommandContext, o: CurlOptions, s: TcpSocket, url: CurlUrl, deadline: number): Promise<number | { code: number; error?: string }> {
  tcpWrite(ctx.world, s, clientHello(url.host));
  let hello: ReturnType<typeof readServerHello> = 'incomplete';
  const got = await waitFor(ctx.world, ctx, () => (hello = readServerHello(s.rx)) !== 'incomplete' || s.peerFin || s.state === 'CLOSED', deadline);
  if (got === 'interrupted') return { code: 130 };
  if (got === 'timeout') return { code: 28, error: 'SSL connection timeout' };
  // Assigned inside the wait's predicate, which the compiler cannot see.
  hello = readServerHello(s.rx);
  if (hello === 'incomplete') return { code: 35, error: `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${url.host}:${url.port} ` };
  if (hello === 'not-tls') return { code: 35, error: 'OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number' };
  if (!o.insecure) return { code: 60, error: VERIFY_FAILED };
  return hello.used;
}

/** The request curl sends: method, path, Host (with the port when written), UA, Accept, -H overrides. */
function buildRequest(o: CurlOptions, url: CurlUrl): string {
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  const headers: [string, string][] = [
    ['Host', url.explicitPort ? `${url.host}:${url.port}` : url.host], ['User-Agent', 'curl/7.88.1'], ['Accept', '*/*'],
  ];
  if (o.data !== undefined) headers.push(['Content-Length', String(o.data.length)], ['Content-Type', 'application/x-www-form-urlencoded']);
  for (const h of o.headers) {
    const i = h.indexOf(':');
    if (i <= 0) continue;
    const name = h.slice(0, i).trim();
    const value = h.slice(i + 1).trim();
    const at = headers.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    // `-H 'Name:'` removes a default header; `-H 'Name: v'` replaces or adds it.
    if (value === '') {
      if (at >= 0) headers.splice(at, 1);
    } else if (at >= 0) headers[at] = [name, value];
    else headers.push([name, value]);
  }
  return `${method} ${url.path} HTTP/1.1\r\n${headers.map(([n, val]) => `${n}: ${val}\r\n`).join('')}\r\n${o.data ?? ''}`;
}
