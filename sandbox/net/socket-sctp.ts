/**
 * A minimal SCTP (RFC 4960) with one-to-one style sockets, one stream and one address per
 * end: the four-way handshake with a State Cookie (5.1), DATA acknowledged by SACK (6.2, a
 * SACK owed is bundled ahead of our next DATA or sent alone after the 200 ms delayed-SACK
 * timer, net.sctp.sack_timeout), the graceful shutdown (9.2: SHUTDOWN once all our data is
 * acknowledged, SHUTDOWN ACK, SHUTDOWN COMPLETE), ABORT, and out-of-the-blue packets
 * answered as Linux's sctp_sf_ootb / sctp_sf_tabort_8_4_8 do (8.4): an INIT for a port
 * nobody listens on gets an ABORT carrying the INIT's tag, which the client reports as
 * ECONNREFUSED. INIT is retransmitted from net.sctp.rto_initial (3 s), doubling up to
 * rto_max (60 s), max_init_retransmits (8) times, then ETIMEDOUT.
 * Listener-side associations hand their messages to the app named by `Listener.serve`.
 */
import { fail, ok, randomInt, wallDate, type Errno, type Result } from '../core/index.ts';
import type { DpWorld as World, SctpSocket } from './datapath/types.ts';
import type { Ipv4, Ipv4Packet, SctpChunk, SctpCookie, SctpPacket } from '../wire/index.ts';
import type { Netns } from './types.ts';
import { ROOT_OWNER, allocSocket, ephemeralPort, findListener, freeSocket, socketById } from './socket.ts';
import { chooseRoute, ipLocalOut } from './datapath/output.ts';
import { schedule } from './datapath/queue.ts';
import { datapathOf, hop, summarize } from './datapath/state.ts';
import { appByName } from './apps/index.ts';

/** rwnd Linux advertises with default buffers, streams it offers (sctp_init defaults). */
const RWND = 106496;
const OS = 10;
const MIS = 65535;
const RTO_INITIAL_MS = 3000;
const RTO_MAX_MS = 60000;
const MAX_INIT_RETRANS = 8;
const SACK_DELAY_MS = 200;
/** Virtual ms an app takes to answer a message. */
const APP_DELAY_MS = 0.55;

/** A random non-zero 32-bit tag or TSN (RFC 4960 5.3.1: a tag is never 0). */
const random32 = (world: World): number => randomInt(world.rng, 1, 0xffffffff) >>> 0;

function send(world: World, ns: Netns, src: Ipv4, dst: Ipv4, p: SctpPacket, trace: number): Result {
  const pkt: Ipv4Packet = { kind: 'ipv4', src, dst, ttl: 64, id: 0, df: true, payload: p };
  return ipLocalOut(world, ns, pkt, trace, undefined, undefined, ROOT_OWNER);
}

/** Sends `chunks` on association `s`, a SACK owed bundled ahead of any DATA (sctp_packet_bundle_sack). */
function emit(world: World, s: SctpSocket, chunks: SctpChunk[]): void {
  const ns = world.netns.get(s.netns);
  if (!ns) return;
  const withSack: SctpChunk[] = s.sackOwed && chunks.some((c) => c.type === 'DATA')
    ? [{ type: 'SACK', cumAck: s.peerCum, arwnd: RWND }, ...chunks] : chunks;
  if (withSack !== chunks || chunks.some((c) => c.type === 'SHUTDOWN' || c.type === 'SACK')) s.sackOwed = false;
  const vtag = chunks[0]?.type === 'INIT' ? 0 : s.peerTag;
  send(world, ns, s.laddr, s.raddr, { proto: 'sctp', sport: s.lport, dport: s.rport, vtag, chunks: withSack }, s.trace);
}

const initChunk = (s: SctpSocket): SctpChunk => ({ type: 'INIT', initTag: s.localTag, rwnd: RWND, os: OS, mis: MIS, initTsn: s.nextTsn });

/**
 * connect(2) on an SCTP socket: binds an ephemeral port and sends INIT. Fails at once with
 * the routing errno; later outcomes (refused, timed out) show on the socket's state and error.
 */
export function sctpConnect(world: World, ns: Netns, dst: Ipv4, dport: number, trace: number): Result<SctpSocket> {
  const rt = chooseRoute(ns, dst);
  if (!rt.ok) return rt;
  const s = allocSocket<SctpSocket>(world, {
    kind: 'sctp', netns: ns.id, state: 'COOKIE_WAIT', laddr: rt.value.src, lport: ephemeralPort(world, ns, 'sctp'), raddr: dst, rport: dport,
    localTag: random32(world), peerTag: 0, nextTsn: random32(world), ssn: 0, peerCum: 0, sackOwed: false, rx: '', closing: false,
    peerDone: false, pending: [], retries: 0, rto: RTO_INITIAL_MS, trace,
  });
  emit(world, s, [initChunk(s)]);
  schedule(world, { kind: 'sctp', t: world.clock.ms + s.rto, socket: s.id, what: 'init-timer' });
  return ok(s);
}

/** sendmsg(2): one message in one DATA chunk; queued until the association is up. */
export function sctpWrite(world: World, s: SctpSocket, data: string): Result {
  if (s.state === 'COOKIE_WAIT' || s.state === 'COOKIE_ECHOED') {
    s.pending.push(data);
    return ok(undefined);
  }
  if (s.state !== 'ESTAB') return fail(s.error ?? 'EPIPE');
  const tsn = s.nextTsn;
  s.nextTsn = (tsn + 1) >>> 0;
  s.unacked = tsn;
  emit(world, s, [{ type: 'DATA', tsn, sid: 0, ssn: s.ssn, ppid: 0, data }]);
  s.ssn = (s.ssn + 1) & 0xffff;
  return ok(undefined);
}

/** shutdown(2)/close(2): the graceful shutdown starts once our data is acknowledged. */
export function sctpClose(world: World, s: SctpSocket): void {
  if (s.state === 'COOKIE_WAIT' || s.state === 'COOKIE_ECHOED' || s.state === 'CLOSED') {
    // sctp_sf_cookie_wait_prm_shutdown: nothing was established, the TCB just goes.
    end(world, s, s.error);
    return;
  }
  s.closing = true;
  progress(world, s);
}

/** Moves a shutdown along once nothing of ours is unacknowledged (RFC 4960 9.2). */
function progress(world: World, s: SctpSocket): void {
  const allAcked = s.unacked === undefined;
  if (s.closing && allAcked && (s.state === 'ESTAB' || s.state === 'SHUTDOWN_PENDING')) {
    s.state = 'SHUTDOWN_SENT';
    emit(world, s, [{ type: 'SHUTDOWN', cumAck: s.peerCum }]);
  } else if (s.closing && s.state === 'ESTAB') {
    s.state = 'SHUTDOWN_PENDING';
  } else if (allAcked && s.state === 'SHUTDOWN_RECEIVED') {
    s.state = 'ACK_SENT';
    emit(world, s, [{ type: 'SHUTDOWN ACK' }]);
  }
}

/** The association is over: a client keeps its socket (state CLOSED) for its owner to read; a served one goes. */
function end(world: World, s: SctpSocket, error?: Errno): void {
  s.state = 'CLOSED';
  s.peerDone = true;
  if (error) s.error = error;
  if (s.serve) freeSocket(world, s.id);
}

/** A timer of socket `id` fired, or its app's answer came due. */
export function sctpEvent(world: World, id: number, what: 'init-timer' | 'sack-timer' | 'app', data = '', close = false): void {
  const s = socketById(world, id);
  if (s?.kind !== 'sctp') return;
  if (what === 'app') {
    if (data) sctpWrite(world, s, data);
    if (close) sctpClose(world, s);
  } else if (what === 'sack-timer') {
    if (s.sackOwed && s.state !== 'CLOSED') emit(world, s, [{ type: 'SACK', cumAck: s.peerCum, arwnd: RWND }]);
  } else if (s.state === 'COOKIE_WAIT') {
    if (s.retries >= MAX_INIT_RETRANS) {
      end(world, s, 'ETIMEDOUT');
      return;
    }
    s.retries++;
    s.rto = Math.min(s.rto * 2, RTO_MAX_MS);
    emit(world, s, [initChunk(s)]);
    schedule(world, { kind: 'sctp', t: world.clock.ms + s.rto, socket: s.id, what: 'init-timer' });
  }
}

/** The association of `ns` for these addresses and ports, if any. */
function findAssoc(world: World, ns: Netns, laddr: Ipv4, lport: number, raddr: Ipv4, rport: number): SctpSocket | undefined {
  for (const s of datapathOf(world).sockets.values()) {
    if (s.kind === 'sctp' && s.netns === ns.id && s.lport === lport && s.rport === rport && s.laddr === laddr && s.raddr === raddr && s.state !== 'CLOSED') return s;
  }
  return undefined;
}

/** sctp_rcv: a packet for this namespace. */
export function sctpReceive(world: World, ns: Netns, pkt: Ipv4Packet, m: SctpPacket, trace: number): void {
  const s = findAssoc(world, ns, pkt.dst, m.dport, pkt.src, m.sport);
  if (s) {
    for (const c of m.chunks) chunkArrives(world, ns, s, c, pkt);
    if (s.state === 'CLOSED') return;
    progress(world, s);
    if (s.sackOwed) schedule(world, { kind: 'sctp', t: world.clock.ms + SACK_DELAY_MS, socket: s.id, what: 'sack-timer' });
    return;
  }
  const first = m.chunks[0];
  const l = findListener(ns, 'sctp', pkt.dst, m.dport);
  const reply = (chunks: SctpChunk[], vtag: number) =>
    send(world, ns, pkt.dst, pkt.src, { proto: 'sctp', sport: m.dport, dport: m.sport, vtag, chunks }, trace);
  if (first?.type === 'INIT' && l) {
    // sctp_sf_do_5_1B_init: answer with a State Cookie and keep nothing.
    hop(world, trace, ns, undefined, 'sctp_sf_do_5_1B_init', summarize(pkt), `listener ${l.serve.app} on port ${l.port}`);
    const cookie: SctpCookie = { localTag: random32(world), localTsn: random32(world), peerTag: first.initTag, peerTsn: first.initTsn };
    // sctp_process_init: the streams offered are the program's, at most what the peer takes in.
    const app = appByName(l.serve.app);
    const os = Math.min(app?.proto === 'sctp' ? app.ostreams ?? OS : OS, first.mis);
    reply([{ type: 'INIT ACK', initTag: cookie.localTag, rwnd: RWND, os, mis: MIS, initTsn: cookie.localTsn, cookie }], first.initTag);
    return;
  }
  if (first?.type === 'COOKIE ECHO' && l) {
    // sctp_sf_do_5_1D_ce: the cookie builds the association, which is ESTABLISHED at once.
    const c = first.cookie;
    const child = allocSocket<SctpSocket>(world, {
      kind: 'sctp', netns: ns.id, state: 'ESTAB', laddr: pkt.dst, lport: m.dport, raddr: pkt.src, rport: m.sport,
      localTag: c.localTag, peerTag: c.peerTag, nextTsn: c.localTsn, ssn: 0, peerCum: (c.peerTsn - 1) >>> 0, sackOwed: false, rx: '',
      closing: false, peerDone: false, pending: [], serve: l.serve, retries: 0, rto: RTO_INITIAL_MS, trace,
    });
    hop(world, trace, ns, undefined, 'sctp_sf_do_5_1D_ce', summarize(pkt), `association accepted by ${l.serve.app}`);
    emit(world, child, [{ type: 'COOKIE ACK' }]);
    return;
  }
  ootb(world, ns, pkt, m, first, reply, trace);
}

/**
 * An out-of-the-blue packet (RFC 4960 8.4): an ABORT, SHUTDOWN COMPLETE or COOKIE ACK is
 * dropped; a SHUTDOWN ACK gets SHUTDOWN COMPLETE; anything else ABORT, carrying the INIT's
 * own tag for an INIT and the packet's tag reflected (T bit) otherwise (sctp_ootb_pkt_new).
 */
function ootb(world: World, ns: Netns, pkt: Ipv4Packet, m: SctpPacket, first: SctpChunk | undefined,
  reply: (chunks: SctpChunk[], vtag: number) => void, trace: number): void {
  if (!first || first.type === 'ABORT' || first.type === 'SHUTDOWN COMPLETE' || first.type === 'COOKIE ACK') {
    hop(world, trace, ns, undefined, 'kfree_skb', summarize(pkt), 'out of the blue SCTP packet discarded');
    return;
  }
  if (first.type === 'SHUTDOWN ACK') {
    reply([{ type: 'SHUTDOWN COMPLETE', t: true }], m.vtag);
    return;
  }
  hop(world, trace, ns, undefined, 'sctp_sf_tabort_8_4_8', summarize(pkt), `nothing listens on sctp port ${m.dport}: ABORT`);
  if (first.type === 'INIT') reply([{ type: 'ABORT', t: false }], first.initTag);
  else reply([{ type: 'ABORT', t: true }], m.vtag);
}

function chunkArrives(world: World, ns: Netns, s: SctpSocket, c: SctpChunk, pkt: Ipv4Packet): void {
  switch (c.type) {
    case 'INIT ACK':
      if (s.state !== 'COOKIE_WAIT' || !c.cookie) return;
      s.peerTag = c.initTag;
      s.peerCum = (c.initTsn - 1) >>> 0;
      s.state = 'COOKIE_ECHOED';
      emit(world, s, [{ type: 'COOKIE ECHO', cookie: c.cookie }]);
      return;
    case 'COOKIE ACK':
      if (s.state !== 'COOKIE_ECHOED') return;
      s.state = 'ESTAB';
      for (const d of s.pending.splice(0)) sctpWrite(world, s, d);
      return;
    case 'DATA':
      if (c.tsn === ((s.peerCum + 1) >>> 0)) {
        s.peerCum = c.tsn;
        s.rx += c.data;
        if (s.serve) serve(world, ns, s);
      }
      s.sackOwed = true;
      return;
    case 'SACK':
    case 'SHUTDOWN':
      if (s.unacked !== undefined && ((c.cumAck - s.unacked) | 0) >= 0) s.unacked = undefined;
      if (c.type === 'SHUTDOWN' && s.state !== 'SHUTDOWN_SENT') {
        s.state = 'SHUTDOWN_RECEIVED';
        s.peerDone = true;
        s.closing = true;
      }
      return;
    case 'SHUTDOWN ACK':
      if (s.state !== 'SHUTDOWN_SENT') return;
      emit(world, s, [{ type: 'SHUTDOWN COMPLETE', t: false }]);
      end(world, s);
      return;
    case 'SHUTDOWN COMPLETE':
      if (s.state === 'ACK_SENT') end(world, s);
      return;
    case 'ABORT':
      // sctp_sf_cookie_wait_abort: a refused connect; later, a reset association.
      hop(world, s.trace, ns, undefined, 'sctp_sf_abort', summarize(pkt), s.state === 'COOKIE_WAIT' ? 'connection refused' : 'association aborted');
      end(world, s, s.state === 'COOKIE_WAIT' ? 'ECONNREFUSED' : 'ECONNRESET');
      return;
    default:
      return;
  }
}

/** Hands an accepted association's messages to its app and schedules the answer. */
function serve(world: World, ns: Netns, s: SctpSocket): void {
  const app = s.serve ? appByName(s.serve.app) : undefined;
  if (app?.proto !== 'sctp') return;
  const ctx = { params: s.serve!.params, local: { addr: s.laddr, port: s.lport }, remote: { addr: s.raddr, port: s.rport }, now: wallDate(world.clock), world, netns: ns.id, socket: s.id };
  const reply = app.respond(ctx, s.rx);
  if (!reply) return;
  s.rx = '';
  hop(world, s.trace, ns, undefined, 'app', `${s.serve!.app} answers`, `${reply.writes.length} message(s)${reply.close ? ', then close' : ''}`);
  const t = world.clock.ms + APP_DELAY_MS;
  reply.writes.forEach((data, i) => schedule(world, { kind: 'sctp', t, socket: s.id, what: 'app', data, close: reply.close && i === reply.writes.length - 1 }));
  if (reply.close && reply.writes.length === 0) schedule(world, { kind: 'sctp', t, socket: s.id, what: 'app', close: true });
}
