/**
 * A minimal TCP (RFC 9293) with the numbers Linux puts on the wire, so tcpdump prints what a
 * real node prints: random ISNs, SYN options `mss,sackOK,TS,nop,wscale 7`-style (MSS = route
 * MTU - 40, wscale 10 as the default rmem gives), timestamps (RFC 7323) on every segment,
 * an immediate ACK for every data segment (quickack mode of a young connection), FIN
 * handshakes, resets for segments nobody owns (tcp_v4_send_reset), SYN retransmission with
 * a 1 s initial RTO doubling up to tcp_syn_retries = 6, and ICMP errors that abort a
 * connection attempt (tcp_v4_err: any destination unreachable while SYN-SENT is fatal).
 * Listener-side connections feed their bytes to the app registered under `Listener.serve`.
 */
import { fail, ok, randomInt, type Errno, type Result } from '../core/index.ts';
import type { DpWorld as World } from './datapath/types.ts';
import { wallDate } from '../core/index.ts';
import type { Ipv4, Ipv4Packet, TcpFlags, TcpOptions, TcpSegment } from '../wire/index.ts';
import type { Netns } from './types.ts';
import type { TcpSocket } from './datapath/types.ts';
import { ROOT_OWNER, allocSocket, ephemeralPort, findListener, findTcp, freeSocket, socketById } from './socket.ts';
import { chooseRoute, ipLocalOut } from './datapath/output.ts';
import { schedule } from './datapath/queue.ts';
import { hop, summarize } from './datapath/state.ts';
import { resetFor } from './datapath/icmp.ts';
import { appByName } from './apps/index.ts';

/** Virtual ms a server app takes to answer a complete request (a Python handler: ~0.5 ms). */
export const APP_DELAY_MS = 0.55;
/** Gap between two writes of one answer. */
const WRITE_GAP_MS = 0.03;
/** tcp_syn_retries (6) and TCP_TIMEOUT_INIT (1 s). */
const SYN_RETRIES = 6;
const RTO_INIT_MS = 1000;
/** Window scale Linux advertises with default buffers. */
const WSCALE = 10;

/** The largest multiple of `mss` not above 65535: the window Linux puts on a SYN (tcp_select_initial_window). */
const synWindow = (mss: number): number => Math.floor(65535 / mss) * mss;

const tsVal = (world: World, s: TcpSocket): number => (s.tsOffset + Math.floor(world.clock.ms)) >>> 0;

function emit(world: World, s: TcpSocket, flags: TcpFlags, data = ''): Result {
  const ns = world.netns.get(s.netns);
  if (!ns) return fail('ENODEV');
  const syn = !!flags.syn;
  const options: TcpOptions = syn
    ? { mss: s.mss, sackOk: true, ts: { val: tsVal(world, s), ecr: flags.ack ? s.tsRecent : 0 }, wscale: WSCALE }
    : { ts: { val: tsVal(world, s), ecr: s.tsRecent } };
  // The SYN's window is unscaled; later ones are in units of 2^wscale. A passive opener
  // advertises the MSS minus the timestamp option (tcp_openreq_init_rwin), and after the
  // handshake Linux's initial rcv_wnd comes out as 64 (active) or 63 (passive) units.
  const window = syn ? synWindow(flags.ack ? s.mss - 12 : s.mss) : s.serve ? 63 : 64;
  const seg: TcpSegment = {
    proto: 'tcp', sport: s.lport, dport: s.rport, seq: s.sndNxt, ack: flags.ack ? s.rcvNxt : 0, flags, window, data, options,
  };
  // A SYN-ACK from a request socket goes out with IP id 0; connected sockets count up.
  const id = syn && flags.ack ? 0 : s.ipId++ & 0xffff;
  const pkt: Ipv4Packet = { kind: 'ipv4', src: s.laddr, dst: s.raddr, ttl: 64, id, df: true, payload: seg };
  s.sndNxt = (s.sndNxt + data.length + (syn ? 1 : 0) + (flags.fin ? 1 : 0)) >>> 0;
  return ipLocalOut(world, ns, pkt, s.trace, undefined, undefined, s.owner ?? ROOT_OWNER);
}

/** Options of a connect: source address or port to bind, whether to close when the peer does. */
export interface ConnectOptions {
  src?: Ipv4;
  sport?: number;
  /** The connecting process's uid and gid (root when absent), which `-m owner` reads. */
  owner?: { uid: number; gid: number };
}

/**
 * connect(2): picks the route and source, binds an ephemeral port and sends the SYN.
 * Fails at once with the routing errno (ENETUNREACH ...) as tcp_v4_connect does; everything
 * later (refused, unreachable, timeout) shows on the socket's `state` and `error`.
 */
export function tcpConnect(world: World, ns: Netns, dst: Ipv4, dport: number, trace: number, opts: ConnectOptions = {}): Result<TcpSocket> {
  const rt = chooseRoute(ns, dst);
  if (!rt.ok) return rt;
  const iss = randomInt(world.rng, 0, 0xffffffff) >>> 0;
  const s = allocSocket<TcpSocket>(world, {
    kind: 'tcp', netns: ns.id, state: 'SYN-SENT', laddr: opts.src ?? rt.value.src, lport: opts.sport ?? ephemeralPort(world, ns, 'tcp'),
    raddr: dst, rport: dport, iss, sndNxt: iss, sndUna: iss, irs: 0, rcvNxt: 0, rx: '', peerFin: false, appBuf: '',
    tsOffset: randomInt(world.rng, 0, 0xffffffff), tsRecent: 0, mss: Math.min(rt.value.dev.mtu, 65535) - 40,
    ipId: randomInt(world.rng, 0, 65535), retries: 0, rto: RTO_INIT_MS, trace, ...(opts.owner ? { owner: { ...opts.owner } } : {}),
  });
  emit(world, s, { syn: true });
  schedule(world, { kind: 'tcp-timer', t: world.clock.ms + s.rto, socket: s.id });
  return ok(s);
}

/** A retransmission timer fired: resend the SYN, or give up with ETIMEDOUT. */
export function tcpTimer(world: World, id: number): void {
  const s = socketById(world, id);
  if (!s || s.kind !== 'tcp') return;
  if (s.delack) {
    s.delack = false;
    if (s.state !== 'CLOSED') emit(world, s, { ack: true });
    return;
  }
  if (s.state !== 'SYN-SENT') return;
  if (s.retries >= SYN_RETRIES) {
    abort(s, 'ETIMEDOUT');
    finishProxy(world, s);
    return;
  }
  s.retries++;
  s.rto *= 2;
  s.sndNxt = s.iss;
  emit(world, s, { syn: true });
  schedule(world, { kind: 'tcp-timer', t: world.clock.ms + s.rto, socket: s.id });
}

function abort(s: TcpSocket, errno: Errno): void {
  s.error = errno;
  s.state = 'CLOSED';
}

/** write(2) on a connected socket: one segment with PSH (the MSS is never exceeded by HTTP requests here). */
export function tcpWrite(world: World, s: TcpSocket, data: string): Result {
  if (s.state !== 'ESTAB' && s.state !== 'CLOSE-WAIT') return fail(s.error ?? 'ENOENT');
  return emit(world, s, { psh: true, ack: true }, data);
}

/** close(2): sends FIN (ESTAB -> FIN-WAIT-1, CLOSE-WAIT -> LAST-ACK) or just forgets the socket. */
export function tcpClose(world: World, s: TcpSocket): void {
  if (s.state === 'ESTAB' || s.state === 'CLOSE-WAIT' || s.state === 'SYN-RECV') {
    s.delack = false;
    s.state = s.state === 'CLOSE-WAIT' ? 'LAST-ACK' : 'FIN-WAIT-1';
    emit(world, s, { fin: true, ack: true });
    return;
  }
  if (s.state === 'SYN-SENT' || s.state === 'CLOSED' || s.state === 'TIME-WAIT') {
    s.state = 'CLOSED';
    freeSocket(world, s.id);
  }
}

/** An app's queued write (or FIN) becomes due. */
export function tcpAppSend(world: World, id: number, data: string, fin: boolean): void {
  const s = socketById(world, id);
  if (!s || s.kind !== 'tcp') return;
  if (data) tcpWrite(world, s, data);
  if (fin) tcpClose(world, s);
}

function sendReset(world: World, ns: Netns, pkt: Ipv4Packet, seg: TcpSegment, trace: number): void {
  if (seg.flags.rst) return;
  hop(world, trace, ns, undefined, 'tcp_v4_send_reset', summarize(pkt), `no socket for port ${seg.dport}`);
  ipLocalOut(world, ns, resetFor(pkt, seg), trace);
}

/**
 * An accepted connection's segments carry the listening process's credentials (xt_owner reads
 * skb_to_full_sk: the listener for a SYN-ACK): its app's `uid`/`gid` parameters, if set.
 */
function listenerOwner(params: Readonly<Record<string, string>>): { owner?: { uid: number; gid: number } } {
  if (params.uid === undefined) return {};
  return { owner: { uid: Number(params.uid), gid: Number(params.gid ?? params.uid) } };
}

/** tcp_v4_rcv: a segment for this namespace. */
export function tcpReceive(world: World, ns: Netns, pkt: Ipv4Packet, seg: TcpSegment, trace: number): void {
  const s = findTcp(world, ns, pkt.dst, seg.dport, pkt.src, seg.sport);
  if (s) {
    segmentArrives(world, ns, s, pkt, seg, trace);
    return;
  }
  const l = seg.flags.syn && !seg.flags.ack ? findListener(ns, 'tcp', pkt.dst, seg.dport) : undefined;
  if (!l) {
    sendReset(world, ns, pkt, seg, trace);
    return;
  }
  const rt = chooseRoute(ns, pkt.src);
  const iss = randomInt(world.rng, 0, 0xffffffff) >>> 0;
  const child = allocSocket<TcpSocket>(world, {
    kind: 'tcp', netns: ns.id, state: 'SYN-RECV', laddr: pkt.dst, lport: seg.dport, raddr: pkt.src, rport: seg.sport,
    iss, sndNxt: iss, sndUna: iss, irs: seg.seq, rcvNxt: (seg.seq + 1) >>> 0, rx: '', peerFin: false, appBuf: '',
    serve: l.serve, tsOffset: randomInt(world.rng, 0, 0xffffffff), tsRecent: seg.options?.ts?.val ?? 0,
    mss: Math.min(rt.ok ? rt.value.dev.mtu : 1500, 65535) - 40, ipId: randomInt(world.rng, 0, 65535), retries: 0, rto: RTO_INIT_MS, trace,
    ...listenerOwner(l.serve.params),
  });
  hop(world, trace, ns, undefined, 'tcp_conn_request', summarize(pkt), `listener ${l.serve.app} on port ${l.port}`);
  emit(world, child, { syn: true, ack: true });
}

function segmentArrives(world: World, ns: Netns, s: TcpSocket, pkt: Ipv4Packet, seg: TcpSegment, trace: number): void {
  const f = seg.flags;
  if (seg.options?.ts) s.tsRecent = seg.options.ts.val;
  if (s.state === 'SYN-SENT') {
    if (f.ack && seg.ack !== ((s.iss + 1) >>> 0)) {
      if (!f.rst) sendReset(world, ns, pkt, seg, trace);
      return;
    }
    if (f.rst) {
      hop(world, trace, ns, undefined, 'tcp_reset', summarize(pkt), 'connection refused');
      abort(s, 'ECONNREFUSED');
      finishProxy(world, s);
      return;
    }
    if (f.syn && f.ack) {
      s.irs = seg.seq;
      s.rcvNxt = (seg.seq + 1) >>> 0;
      s.sndUna = seg.ack;
      s.state = 'ESTAB';
      emit(world, s, { ack: true });
      if (s.proxy?.pending) { tcpWrite(world, s, s.proxy.pending); s.proxy.pending = ''; }
    }
    return;
  }
  if (s.state === 'SYN-RECV' && f.syn && !f.ack) {
    // The client retransmitted its SYN (our SYN-ACK was lost): answer it again (tcp_check_req).
    s.sndNxt = s.iss;
    emit(world, s, { syn: true, ack: true });
    return;
  }
  if (f.rst) {
    abort(s, s.state === 'SYN-RECV' ? 'ECONNREFUSED' : 'ECONNRESET');
    if (s.serve) freeSocket(world, s.id);
    finishProxy(world, s);
    return;
  }
  if (f.ack) {
    if (s.state === 'SYN-RECV' && seg.ack === s.sndNxt) s.state = 'ESTAB';
    s.sndUna = seg.ack;
    if (seg.ack === s.sndNxt) {
      if (s.state === 'FIN-WAIT-1') s.state = 'FIN-WAIT-2';
      else if (s.state === 'CLOSING') s.state = 'TIME-WAIT';
      else if (s.state === 'LAST-ACK') {
        s.state = 'CLOSED';
        if (s.serve) freeSocket(world, s.id);
        return;
      }
    }
  }
  let needAck = false;
  if (seg.data.length > 0 && seg.seq === s.rcvNxt) {
    s.rcvNxt = (s.rcvNxt + seg.data.length) >>> 0;
    if (s.serve) s.appBuf += seg.data;
    else s.rx += seg.data;
    needAck = true;
  }
  if (f.fin && ((seg.seq + seg.data.length) >>> 0) === s.rcvNxt) {
    s.rcvNxt = (s.rcvNxt + 1) >>> 0;
    s.peerFin = true;
    if (s.state === 'ESTAB' && !s.serve && seg.data.length === 0) {
      // A bare FIN is acknowledged by the delayed-ACK timer (TCP_DELACK_MIN, 40 ms): a client
      // that closes before it fires sends its FIN carrying the ACK, as curl's close() does.
      s.delack = true;
      schedule(world, { kind: 'tcp-timer', t: world.clock.ms + 40, socket: s.id });
    } else needAck = true;
    if (s.state === 'ESTAB') s.state = 'CLOSE-WAIT';
    else if (s.state === 'FIN-WAIT-2') s.state = 'TIME-WAIT';
    // Simultaneous close: our FIN is not acknowledged yet (RFC 9293 3.6).
    else if (s.state === 'FIN-WAIT-1') s.state = 'CLOSING';
  }
  if (needAck) emit(world, s, { ack: true });
  if (s.state === 'TIME-WAIT' && s.serve) freeSocket(world, s.id);
  // A server whose client went away without a (complete) request reads EOF and closes too.
  if (s.serve && s.state === 'CLOSE-WAIT' && f.fin) schedule(world, { kind: 'app', t: world.clock.ms + APP_DELAY_MS + 0.1, socket: s.id, data: '', fin: true });
  if (s.serve && seg.data.length > 0) serve(world, ns, s);
  if (s.proxy && s.peerFin) finishProxy(world, s);
}

/**
 * A proxy's upstream connection is over (the upstream closed, refused, reset or timed out):
 * its app turns the answer into the reply on the downstream connection, and the upstream
 * socket is closed (proxy_pass reading to EOF, then 502/504 pages on failure).
 */
function finishProxy(world: World, s: TcpSocket): void {
  const p = s.proxy;
  if (!p) return;
  delete s.proxy;
  const app = appByName(p.app);
  if (app?.proto === 'tcp' && app.relay) {
    const ctx = { params: p.params, local: { addr: p.client.laddr, port: p.client.lport }, remote: { addr: p.client.raddr, port: p.client.rport }, now: wallDate(world.clock), world, netns: s.netns, socket: p.peer };
    const reply = app.relay(ctx, s.rx, s.error);
    let t = world.clock.ms + APP_DELAY_MS;
    for (const data of reply.writes) {
      schedule(world, { kind: 'app', t, socket: p.peer, data, fin: false });
      t += WRITE_GAP_MS;
    }
    if (reply.close) schedule(world, { kind: 'app', t, socket: p.peer, data: '', fin: true });
  }
  s.rx = '';
  tcpClose(world, s);
}

/** Feeds a server connection's bytes to its app and schedules the answer's writes. */
function serve(world: World, ns: Netns, s: TcpSocket): void {
  const app = s.serve ? appByName(s.serve.app) : undefined;
  if (!app || app.proto !== 'tcp') return;
  const reply = app.respond(
    { params: s.serve!.params, local: { addr: s.laddr, port: s.lport }, remote: { addr: s.raddr, port: s.rport }, now: wallDate(world.clock), world, netns: ns.id, socket: s.id },
    s.appBuf,
  );
  if (!reply) return;
  s.appBuf = s.appBuf.slice(reply.consumed);
  hop(world, s.trace, ns, undefined, 'app', `${s.serve!.app} answers`, `${reply.writes.length} write(s)${reply.close ? ', then close' : ''}`);
  let t = world.clock.ms + APP_DELAY_MS;
  for (const data of reply.writes) {
    schedule(world, { kind: 'app', t, socket: s.id, data, fin: false });
    t += WRITE_GAP_MS;
  }
  // close() comes after the last write returns (BaseHTTPRequestHandler.finish, then shutdown).
  if (reply.close) schedule(world, { kind: 'app', t, socket: s.id, data: '', fin: true });
}

/** tcp_v4_err: an ICMP error about one of our segments. */
export function tcpIcmpError(world: World, ns: Netns, from: Ipv4, quoted: Ipv4Packet, q: TcpSegment, type: number, code: number): void {
  const s = findTcp(world, ns, quoted.src, q.sport, quoted.dst, q.dport);
  if (!s) return;
  if (type === 3 && (s.state === 'SYN-SENT' || s.state === 'SYN-RECV')) {
    s.errorFrom = from;
    // icmp_err_convert: net/host unreachable -> ENETUNREACH/EHOSTUNREACH, port -> ECONNREFUSED, prohibited -> EHOSTUNREACH/EACCES
    abort(s, code === 0 || code === 9 ? 'ENETUNREACH' : code === 3 || code === 2 ? 'ECONNREFUSED' : 'EHOSTUNREACH');
    finishProxy(world, s);
  }
}
