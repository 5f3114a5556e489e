/**
 * The ingress-nginx controller's data plane as an app (`ingress-nginx`, registered in the net
 * layer's app registry) and its image (`registry.k8s.io/ingress-nginx/controller`). Each HTTP
 * request is routed by Host and path (routing.ts) to one ready endpoint of the backend Service
 * (ingress-nginx balances over the EndpointSlice addresses itself, not through the ClusterIP)
 * and proxied over a real TCP connection from the controller pod: the backend sees the
 * controller pod's IP as its client, and the original client in X-Forwarded-For / X-Real-IP
 * (the proxy headers ingress-nginx's nginx.conf sets). The upstream request carries
 * `Connection: close`, so the answer ends with the upstream's FIN (a simplification of
 * nginx's upstream keepalive); the reply to the client is rewritten as nginx does (its own
 * Date, Content-Length, `Connection: keep-alive`). No rule matches: the default backend's 404;
 * no ready endpoint: 503; the upstream refuses: 502; it never answers: 504 (nginx's pages).
 * Endpoints are picked at random per request (ingress-nginx's default is round-robin).
 */
import { httpDate, type AppContext, type TcpAppReply } from '../../net/apps/index.ts';
import { tcpConnect } from '../../net/socket-tcp.ts';
import { socketById } from '../../net/socket.ts';
import { formatIpv4, parseIpv4 } from '../../wire/index.ts';
import { randomInt } from '../../core/index.ts';
import type { World } from '../../fabric/world.ts';
import { proxyEntriesOf } from '../kube-proxy/from-api.ts';
import { routeRequest, type IngressBackend } from './routing.ts';

const REASONS: Record<number, string> = { 404: 'Not Found', 502: 'Bad Gateway', 503: 'Service Temporarily Unavailable', 504: 'Gateway Time-out' };

/** nginx's built-in error page (ngx_http_special_response.c: CRLF lines, `nginx` footer). */
export function errorPage(code: number): string {
  const title = `${code} ${REASONS[code]}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** A whole HTTP response as nginx sends it to the client. */
function respond(now: Date, status: string, contentType: string, body: string, extra: string[] = []): string {
  return [`HTTP/1.1 ${status}`, `Date: ${httpDate(now)}`, `Content-Type: ${contentType}`, `Content-Length: ${body.length}`, 'Connection: keep-alive', ...extra]
    .join('\r\n') + `\r\n\r\n${body}`;
}

const errorReply = (ctx: AppContext, code: number): string => respond(ctx.now, `${code} ${REASONS[code]}`, 'text/html', errorPage(code));

/** A parsed request head: method, target, headers in order (names as sent). */
export function parseRequest(buf: string): { method: string; target: string; headers: [string, string][]; length: number } | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [first, ...lines] = buf.slice(0, end).split('\r\n');
  const [method, target] = (first ?? '').split(' ');
  const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
  const cl = Number(headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? 0);
  if (buf.length < end + 4 + cl) return undefined;
  return { method: method ?? 'GET', target: target ?? '/', headers, length: end + 4 + cl };
}

/** One ready endpoint `ip:port` of the backend, or undefined. */
function pickEndpoint(world: World, b: IngressBackend): { ip: string; port: number } | undefined {
  const entry = proxyEntriesOf(world.cluster!).find((e) => e.svc.namespace === b.namespace && e.svc.name === b.service
    && (typeof b.port === 'number' ? e.svc.port === b.port : e.svc.portName === b.port));
  const ready = entry?.endpoints.filter((e) => e.ready) ?? [];
  if (!ready.length) return undefined;
  return ready[randomInt(world.rng, 0, ready.length - 1)];
}

/** The request sent upstream: the client's, with ingress-nginx's proxy headers. */
function upstreamRequest(world: World, req: NonNullable<ReturnType<typeof parseRequest>>, body: string, host: string, client: string): string {
  const hex = Array.from({ length: 32 }, () => randomInt(world.rng, 0, 15).toString(16)).join('');
  const drop = new Set(['host', 'connection', 'x-forwarded-for', 'x-real-ip', 'x-request-id']);
  const head = [
    `${req.method} ${req.target} HTTP/1.1`, `Host: ${host}`, `X-Request-ID: ${hex}`, `X-Real-IP: ${client}`, `X-Forwarded-For: ${client}`,
    `X-Forwarded-Host: ${host}`, 'X-Forwarded-Port: 80', 'X-Forwarded-Proto: http', 'X-Forwarded-Scheme: http', 'X-Scheme: http', 'Connection: close',
    ...req.headers.filter(([k]) => !drop.has(k.toLowerCase())).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** The app: route, connect upstream from this pod, answer later through `relay`. */
export const ingressNginx = {
  proto: 'tcp' as const,
  respond(ctx: AppContext, buffered: string): TcpAppReply | undefined {
    const req = parseRequest(buffered);
    if (!req) return undefined;
    const world = ctx.world as World | undefined;
    const reply = (code: number): TcpAppReply => ({ writes: [errorReply(ctx, code)], close: false, consumed: req.length });
    if (!world?.cluster || ctx.netns === undefined || ctx.socket === undefined) return reply(503);
    const host = req.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? '';
    const backend = routeRequest(world.cluster, ctx.params.class ?? 'nginx', host, req.target);
    if (!backend) return reply(404);
    const ep = pickEndpoint(world, backend);
    const ns = world.netns.get(ctx.netns);
    if (!ep || !ns) return reply(503);
    const trace = socketById(world, ctx.socket)?.trace ?? 0;
    const up = tcpConnect(world, ns, parseIpv4(ep.ip)!, ep.port, trace);
    if (!up.ok) return reply(502);
    const body = buffered.slice(buffered.indexOf('\r\n\r\n') + 4, req.length);
    up.value.proxy = {
      peer: ctx.socket, app: 'ingress-nginx', params: { ...ctx.params }, pending: upstreamRequest(world, req, body, host, formatIpv4(ctx.remote.addr)),
      client: { laddr: ctx.local.addr, lport: ctx.local.port, raddr: ctx.remote.addr, rport: ctx.remote.port },
    };
    return { writes: [], close: false, consumed: req.length };
  },
  relay(ctx: AppContext, answer: string, error: string | undefined): TcpAppReply {
    const end = answer.indexOf('\r\n\r\n');
    if (error !== undefined || end < 0) return { writes: [errorReply(ctx, error === 'ETIMEDOUT' ? 504 : 502)], close: false, consumed: 0 };
    const [status, ...lines] = answer.slice(0, end).split('\r\n');
    const headers = lines.map((l): [string, string] => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
    const get = (n: string) => headers.find(([k]) => k.toLowerCase() === n)?.[1];
    const skip = new Set(['date', 'content-type', 'content-length', 'connection', 'keep-alive', 'server', 'transfer-encoding']);
    const body = answer.slice(end + 4);
    const extra = headers.filter(([k]) => !skip.has(k.toLowerCase())).map(([k, v]) => `${k}: ${v}`);
    return { writes: [respond(ctx.now, (status ?? 'HTTP/1.1 200 OK').replace(/^HTTP\/1\.[01] /, ''), get('content-type') ?? 'text/plain', body, extra)], close: false, consumed: 0 };
  },
};


