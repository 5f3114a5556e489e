/**
 * The servers the modelled images run, listed in ./index.ts under the names ../images.ts
 * gives their listeners:
 * - `nginx`: nginx 1.27's default server: the welcome page at `/`, its 404 page elsewhere;
 * - `whoami`: traefik/whoami: hostname, the pod's IPs, the RemoteAddr it saw and the request;
 * - `agnhost-netexec`: agnhost netexec's /hostname, /clientip, /echo?msg= over HTTP and
 *   `hostname`, `echo X`, `clientip` over UDP and, with --sctp-port, SCTP (test/images/agnhost/netexec);
 * - `agnhost-serve-hostname`: the pod name over HTTP or UDP;
 * - `http-echo`: hashicorp/http-echo's `-text`.
 * Pod facts (hostname, IPs) come from the listener's params, set by the kubelet at start.
 */
import { formatEndpoint, type AppContext, type SctpApp, type TcpApp, type UdpApp } from '../../net/apps/index.ts';
import { byteLength, GO_BAD_REQUEST, goResponse, httpDate, readRequest } from './http.ts';
import { appendLog, nginxAccessLine } from './logs.ts';

const NGINX_VERSION = '1.27.3';

/** nginx's stock /usr/share/nginx/html/index.html (615 bytes). */
export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const nginxError = (code: string): string =>
  `<html>\r\n<head><title>${code}</title></head>\r\n<body>\r\n<center><h1>${code}</h1></center>\r\n<hr><center>nginx/${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;

/** nginx's default server. */
export const nginx: TcpApp = {
  proto: 'tcp',
  respond(ctx, buffered) {
    const req = readRequest(buffered);
    if (req === undefined) return undefined;
    if (req === 'bad') {
      const body = nginxError('400 Bad Request');
      return { writes: [`HTTP/1.1 400 Bad Request\r\nServer: nginx/${NGINX_VERSION}\r\nDate: ${httpDate(ctx.now)}\r\nContent-Type: text/html\r\nContent-Length: ${byteLength(body)}\r\nConnection: close\r\n\r\n`, body], close: true, consumed: buffered.length };
    }
    const path = req.target.split('?')[0];
    const ok = path === '/' || path === '/index.html';
    const body = ok ? NGINX_WELCOME : nginxError('404 Not Found');
    const head = [
      `HTTP/1.1 ${ok ? '200 OK' : '404 Not Found'}`, `Server: nginx/${NGINX_VERSION}`, `Date: ${httpDate(ctx.now)}`, 'Content-Type: text/html',
      `Content-Length: ${byteLength(body)}`,
      ...(ok ? ['Last-Modified: Tue, 26 Nov 2024 15:55:00 GMT', 'Connection: keep-alive', 'ETag: "6745ef54-267"', 'Accept-Ranges: bytes'] : ['Connection: keep-alive']),
    ].join('\r\n') + '\r\n\r\n';
    appendLog(ctx, nginxAccessLine(ctx, req.method, req.target, req.version, ok ? 200 : 404, req.method === 'HEAD' ? 0 : byteLength(body), req.headers.get('user-agent') ?? ''));
    // Connection stays keep-alive in the header as nginx says; the sandbox's clients make
    // one request per connection, so the server closes after answering.
    return { writes: req.method === 'HEAD' ? [head] : [head, body], close: true, consumed: req.consumed };
  },
};

/** whoami's body (traefik/whoami app.go whoamiHandler). */
function whoamiBody(ctx: AppContext, req: { method: string; target: string; version: string; headerLines: string[] }): string {
  const ips = (ctx.params.ips ?? '').split(',').filter((x) => x);
  const sortedHeaders = [...req.headerLines].sort((a, b) => a.localeCompare(b));
  const host = req.headerLines.find((l) => /^host:/i.test(l));
  return [`Hostname: ${ctx.params.hostname ?? ''}`, ...ips.map((ip) => `IP: ${ip}`), `RemoteAddr: ${formatEndpoint(ctx.remote)}`,
    `${req.method} ${req.target} ${req.version}`, ...(host ? [`Host: ${host.slice(host.indexOf(':') + 1).trim()}`] : []),
    ...sortedHeaders.filter((l) => !/^host:/i.test(l)), '', ''].join('\r\n');
}

/** traefik/whoami. */
export const whoami: TcpApp = {
  proto: 'tcp',
  respond(ctx, buffered) {
    const req = readRequest(buffered);
    if (req === undefined) return undefined;
    if (req === 'bad') return { writes: [GO_BAD_REQUEST], close: true, consumed: buffered.length };
    return { writes: goResponse(ctx.now, '200 OK', whoamiBody(ctx, req), [], req.method === 'HEAD'), close: true, consumed: req.consumed };
  },
};

/** agnhost netexec over HTTP. */
export const agnhostNetexec: TcpApp = {
  proto: 'tcp',
  respond(ctx, buffered) {
    const req = readRequest(buffered);
    if (req === undefined) return undefined;
    if (req === 'bad') return { writes: [GO_BAD_REQUEST], close: true, consumed: buffered.length };
    const [path, query = ''] = req.target.split('?') as [string, string?];
    const q = new Map(query.split('&').filter((x) => x).map((kv) => [kv.split('=')[0]!, decodeURIComponent(kv.split('=')[1] ?? '')]));
    let body: string;
    if (path === '/hostname') body = ctx.params.hostname ?? '';
    else if (path === '/clientip') body = formatEndpoint(ctx.remote);
    else if (path === '/echo') body = q.get('msg') ?? '';
    else if (path === '/healthz') body = '';
    else if (path === '/') body = `NOW: ${ctx.now.toISOString().replace('T', ' ').replace('Z', ' +0000 UTC')}`;
    else return { writes: goResponse(ctx.now, '404 Not Found', '404 page not found\n'), close: true, consumed: req.consumed };
    return { writes: goResponse(ctx.now, '200 OK', body, [], req.method === 'HEAD'), close: true, consumed: req.consumed };
  },
};

/** agnhost netexec over UDP. */
export const agnhostNetexecUdp: UdpApp = {
  proto: 'udp',
  respond(ctx, payload) {
    if (payload.kind !== 'raw') return undefined;
    const text = payload.data.trim();
    const [cmd, ...rest] = text.split(' ');
    if (cmd === 'hostname') return { kind: 'raw', data: ctx.params.hostname ?? '' };
    if (cmd === 'echo') return { kind: 'raw', data: rest.join(' ') };
    if (cmd === 'clientip') return { kind: 'raw', data: formatEndpoint(ctx.remote) };
    return undefined;
  },
};

/**
 * agnhost netexec's SCTP server (startSCTPServer): reads one message per association,
 * answers `hostname`, `echo MSG` or `clientip` as the UDP server does (the text trimmed and
 * lower-cased), then closes the association.
 */
export const agnhostNetexecSctp: SctpApp = {
  proto: 'sctp',
  // ishidawataru/sctp's ListenSCTP asks for SCTP_MAX_STREAM outbound streams.
  ostreams: 65535,
  respond(ctx, received) {
    const text = received.trim().toLowerCase();
    if (text === 'hostname') return { writes: [ctx.params.hostname ?? ''], close: true };
    if (text.startsWith('echo ')) return { writes: [text.slice(5)], close: true };
    if (text === 'clientip') return { writes: [formatEndpoint(ctx.remote)], close: true };
    return { writes: [], close: true };
  },
};

/** agnhost serve-hostname over HTTP. */
export const agnhostServeHostname: TcpApp = {
  proto: 'tcp',
  respond(ctx, buffered) {
    const req = readRequest(buffered);
    if (req === undefined) return undefined;
    if (req === 'bad') return { writes: [GO_BAD_REQUEST], close: true, consumed: buffered.length };
    return { writes: goResponse(ctx.now, '200 OK', ctx.params.hostname ?? '', [], req.method === 'HEAD'), close: true, consumed: req.consumed };
  },
};

/** agnhost serve-hostname over UDP. */
export const agnhostServeHostnameUdp: UdpApp = {
  proto: 'udp',
  respond: (ctx) => ({ kind: 'raw', data: ctx.params.hostname ?? '' }),
};

/** hashicorp/http-echo. */
export const httpEcho: TcpApp = {
  proto: 'tcp',
  respond(ctx, buffered) {
    const req = readRequest(buffered);
    if (req === undefined) return undefined;
    if (req === 'bad') return { writes: [GO_BAD_REQUEST], close: true, consumed: buffered.length };
    return { writes: goResponse(ctx.now, '200 OK', `${ctx.params.text ?? 'hello-world'}\n`, ['X-App-Name: http-echo', 'X-App-Version: 1.0.0'], req.method === 'HEAD'), close: true, consumed: req.consumed };
  },
};
