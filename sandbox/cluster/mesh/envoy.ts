/**
 * The sidecar's Envoy as two apps on the pod's shared sockets: `envoy-outbound` behind port
 * 15001 (Istio's virtualOutbound listener) and `envoy-inbound` behind 15006 (virtualInbound).
 * Both learn where the client meant to go from conntrack (SO_ORIGINAL_DST, the listeners'
 * original_dst filter) and open the upstream connection as the proxy's own uid and gid (the
 * istio-proxy container's runAsUser/runAsGroup, 1337), which is what the init container's
 * `-m owner --uid-owner 1337 -j RETURN` rules exempt from being captured again.
 *
 * Outbound, a destination that is a Service's ClusterIP and port is load-balanced by Envoy
 * itself over the Service's ready endpoints (EDS), so the upstream connection goes to a pod
 * address and kube-proxy's DNAT never sees it; any other destination is passed through to the
 * original address (the PassthroughCluster). Inbound, the connection is made from 127.0.0.6
 * (the inbound passthrough bind address) to the pod's own address and the original port.
 * A connection straight to 15001/15006 is closed (Istio's blackhole filter chains, which
 * keep a client from looping the proxy into itself).
 *
 * Requests are relayed as HTTP/1.1 with Envoy's lower-case header names plus
 * x-forwarded-proto and x-request-id; the upstream request says `connection: close` so its
 * answer ends with the upstream's FIN (Envoy really keeps upstream connections alive). The
 * answer goes back with `server: envoy` (inbound: `istio-envoy`) and
 * x-envoy-upstream-service-time. A failed upstream connect becomes Envoy's local 503.
 */
import type { AppContext, TcpAppReply } from '../../net/apps/index.ts';
import { tcpConnect } from '../../net/socket-tcp.ts';
import { socketById } from '../../net/socket.ts';
import { datapathOf } from '../../net/datapath/state.ts';
import { originalDst } from '../../net/conntrack/index.ts';
import { formatIpv4, parseIpv4, type Ipv4 } from '../../wire/index.ts';
import { randomInt } from '../../core/index.ts';
import type { World } from '../../fabric/world.ts';
import { proxyEntriesOf } from '../kube-proxy/from-api.ts';
import { uuid } from '../ids.ts';
import { readRequest } from '../apps/http.ts';

/** The ports of Istio's two capture listeners. */
export const OUTBOUND_PORT = 15001;
export const INBOUND_PORT = 15006;
/** Istio's inbound passthrough bind address (InboundPassthroughBindIpv4). */
export const INBOUND_PASSTHROUGH_SRC = 0x7f000006;

/**
 * How many upstream connections one pod's outbound proxy holds open at once before a new
 * connect fails. A real redirect loop grows until the pod runs out of ephemeral ports
 * (ip_local_port_range: 28,232 per destination) or Envoy out of file descriptors; the
 * simulator stops it far earlier with the same visible end (a 503 passed back down the
 * chain). Said in the lesson's Simulator notes.
 */
export const LOOP_LIMIT = 64;

type Side = 'outbound' | 'inbound';

const headerName = (l: string): string => l.slice(0, l.indexOf(':')).trim().toLowerCase();
const headerValue = (l: string): string => l.slice(l.indexOf(':') + 1).trim();

/** Envoy's local reply (a 503 when the upstream could not be reached). */
function localReply(ctx: AppContext, code: number, reason: string, body: string): string {
  return `HTTP/1.1 ${code} ${reason}\r\ncontent-length: ${body.length}\r\ncontent-type: text/plain\r\ndate: ${ctx.now.toUTCString()}\r\nserver: envoy\r\n\r\n${body}`;
}

/** The upstream for an outbound connection: an endpoint of the Service at `dst:port`, or the original address. */
function outboundUpstream(world: World, dst: Ipv4, port: number): { addr: Ipv4; port: number } | 'no-healthy' {
  const text = formatIpv4(dst);
  const entry = world.cluster ? proxyEntriesOf(world.cluster).find((e) => e.svc.clusterIP === text && e.svc.port === port && e.svc.protocol === 'TCP') : undefined;
  if (!entry) return { addr: dst, port };
  const ready = entry.endpoints.filter((e) => e.ready);
  if (ready.length === 0) return 'no-healthy';
  const ep = ready[randomInt(world.rng, 0, ready.length - 1)]!;
  return { addr: parseIpv4(ep.ip)!, port: ep.port };
}

/** The request as Envoy sends it upstream. */
function upstreamRequest(world: World, buffered: string): { text: string; consumed: number; close: boolean } | undefined {
  const req = readRequest(buffered);
  if (req === undefined || req === 'bad') return undefined;
  const drop = new Set(['connection', 'keep-alive', 'proxy-connection', 'x-forwarded-proto']);
  const lines = req.headerLines.filter((l) => !drop.has(headerName(l))).map((l) => `${headerName(l)}: ${headerValue(l)}`);
  if (!req.headers.has('x-request-id')) lines.push(`x-request-id: ${uuid(world.rng)}`);
  lines.push('x-forwarded-proto: http', 'connection: close');
  return { text: `${req.method} ${req.target} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, consumed: req.consumed, close: req.headers.get('connection')?.toLowerCase() === 'close' };
}

/** Upstream connections this pod's outbound proxy holds open. */
function openUpstreams(world: World, netns: number): number {
  let n = 0;
  for (const s of datapathOf(world).sockets.values()) if (s.kind === 'tcp' && s.netns === netns && s.proxy?.app === 'envoy-outbound') n++;
  return n;
}

function respond(side: Side, ctx: AppContext, buffered: string): TcpAppReply | undefined {
  const world = ctx.world as World | undefined;
  if (!world || ctx.netns === undefined || ctx.socket === undefined) return undefined;
  const ns = world.netns.get(ctx.netns);
  const down = socketById(world, ctx.socket);
  if (!ns || down?.kind !== 'tcp') return undefined;
  const orig = originalDst(ns.conntrack, down, world.clock.ms);
  const own = side === 'outbound' ? OUTBOUND_PORT : INBOUND_PORT;
  // Connected to the capture port itself: the blackhole chain closes it.
  if (!orig.ok || orig.value.port === own) return { writes: [], close: true, consumed: buffered.length };
  const req = upstreamRequest(world, buffered);
  if (!req) return undefined;
  // A client that said `connection: close` (an upstream hop of this proxy does) is answered, then closed.
  const close = req.close;
  const fail503 = (why: string): TcpAppReply => ({ writes: [localReply(ctx, 503, 'Service Unavailable', why)], close, consumed: req.consumed });
  const up = side === 'outbound' ? outboundUpstream(world, orig.value.addr, orig.value.port) : orig.value;
  if (up === 'no-healthy') return fail503('no healthy upstream');
  if (side === 'outbound' && openUpstreams(world, ns.id) >= LOOP_LIMIT) return fail503('upstream connect error or disconnect/reset before headers. reset reason: connection failure');
  const uid = Number(ctx.params.uid ?? 0);
  const owner = { uid, gid: Number(ctx.params.gid ?? uid) };
  const conn = tcpConnect(world, ns, up.addr, up.port, down.trace, { owner, ...(side === 'inbound' ? { src: INBOUND_PASSTHROUGH_SRC } : {}) });
  if (!conn.ok) return fail503('upstream connect error or disconnect/reset before headers. reset reason: connection failure');
  conn.value.proxy = {
    peer: ctx.socket, app: `envoy-${side}`, params: { ...ctx.params, start: String(world.clock.ms), ...(close ? { close: 'true' } : {}) }, pending: req.text,
    client: { laddr: ctx.local.addr, lport: ctx.local.port, raddr: ctx.remote.addr, rport: ctx.remote.port },
  };
  return { writes: [], close: false, consumed: req.consumed };
}

/** The upstream's answer as Envoy passes it back. */
function relay(side: Side, ctx: AppContext, answer: string, error: string | undefined): TcpAppReply {
  const end = answer.indexOf('\r\n\r\n');
  if (error !== undefined || end < 0) {
    // Envoy's words for why no answer came: refused (errno 111), timed out, or closed early.
    const reason = error === undefined ? 'connection termination'
      : error === 'ETIMEDOUT' ? 'connection timeout'
        : `connection failure${error === 'ECONNREFUSED' ? ', transport failure reason: delayed connect error: 111' : ''}`;
    return { writes: [localReply(ctx, 503, 'Service Unavailable', `upstream connect error or disconnect/reset before headers. reset reason: ${reason}`)], close: ctx.params.close === 'true', consumed: 0 };
  }
  const [status, ...lines] = answer.slice(0, end).split('\r\n');
  const server = side === 'outbound' ? 'envoy' : 'istio-envoy';
  const skip = new Set(['connection', 'keep-alive', 'transfer-encoding', 'x-envoy-upstream-service-time']);
  const head = lines.filter((l) => !skip.has(headerName(l)))
    .map((l) => (headerName(l) === 'server' ? `server: ${server}` : `${headerName(l)}: ${headerValue(l)}`));
  if (!head.some((l) => l.startsWith('server:'))) head.push(`server: ${server}`);
  const world = ctx.world as World | undefined;
  const took = world ? Math.max(0, Math.round(world.clock.ms - Number(ctx.params.start ?? world.clock.ms))) : 0;
  head.push(`x-envoy-upstream-service-time: ${took}`);
  const statusLine = (status ?? 'HTTP/1.1 200 OK').replace(/^HTTP\/1\.[01] /, 'HTTP/1.1 ');
  return { writes: [`${statusLine}\r\n${head.join('\r\n')}\r\n\r\n${answer.slice(end + 4)}`], close: ctx.params.close === 'true', consumed: 0 };
}

/** Port 15001: the virtualOutbound listener. */
export const envoyOutbound = {
  proto: 'tcp' as const,
  respond: (ctx: AppContext, buffered: string) => respond('outbound', ctx, buffered),
  relay: (ctx: AppContext, answer: string, error: string | undefined) => relay('outbound', ctx, answer, error),
};

/** Port 15006: the virtualInbound listener. */
export const envoyInbound = {
  proto: 'tcp' as const,
  respond: (ctx: AppContext, buffered: string) => respond('inbound', ctx, buffered),
  relay: (ctx: AppContext, answer: string, error: string | undefined) => relay('inbound', ctx, answer, error),
};
