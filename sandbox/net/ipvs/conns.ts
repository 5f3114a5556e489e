/**
 * The connection side of IPVS (ip_vs_core.c ip_vs_in / ip_vs_out, ip_vs_conn.c, ip_vs_rr.c,
 * ip_vs_proto_tcp.c): finding a packet's connection, scheduling a new one to a real server
 * (round robin, or the persistence template's server for a persistent service), the
 * connection's protocol state and timeout, and the counters ipvsadm --stats shows.
 */
import { ipv4Length, type Ipv4Packet } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import type { IpvsConn, IpvsConnState, IpvsDest, IpvsService } from './types.ts';
import { findService, ipvsOf } from './services.ts';

/** Seconds each state lasts (tcp_timeouts in ip_vs_proto_tcp.c; udp_timeouts: 5 minutes). */
export const STATE_TIMEOUT_S: Record<IpvsConnState, number> = {
  NONE: 2, ESTABLISHED: 900, SYN_RECV: 60, FIN_WAIT: 120, TIME_WAIT: 120, CLOSE: 10, UDP: 300,
};

/** The live connection table: expired entries are dropped first (the kernel's timers). */
export function liveConns(ns: Netns, now: number): IpvsConn[] {
  const st = ipvsOf(ns);
  if (st.conns.some((c) => c.expires <= now)) st.conns = st.conns.filter((c) => c.expires > now);
  return st.conns;
}

/** The service and real server a connection belongs to (for its counters). */
function owners(ns: Netns, c: IpvsConn): { svc?: IpvsService; dest?: IpvsDest } {
  const svc = findService(ns, c.proto, c.vaddr, c.vport);
  return { svc, dest: svc?.dests.find((d) => d.addr === c.daddr && d.port === c.dport) };
}

function count(ns: Netns, c: IpvsConn, pkt: Ipv4Packet, dir: 'in' | 'out'): void {
  const len = ipv4Length(pkt);
  for (const o of Object.values(owners(ns, c))) {
    if (!o) continue;
    if (dir === 'in') { o.stats.inpkts++; o.stats.inbytes += len; } else { o.stats.outpkts++; o.stats.outbytes += len; }
  }
}

/**
 * The TCP state machine, reduced to the transitions a client and a server make (tcp_states
 * in ip_vs_proto_tcp.c): SYN_RECV until the client's first ACK, ESTABLISHED, FIN_WAIT after a
 * FIN, TIME_WAIT once both sides sent theirs, CLOSE on a reset.
 */
function step(c: IpvsConn, pkt: Ipv4Packet, fromClient: boolean, now: number): void {
  const p = pkt.payload;
  if (p.proto === 'tcp') {
    const f = p.flags;
    if (f.rst) c.state = 'CLOSE';
    else if (f.fin) {
      c.fin = { client: (c.fin?.client ?? false) || fromClient, server: (c.fin?.server ?? false) || !fromClient };
      c.state = c.fin.client && c.fin.server ? 'TIME_WAIT' : 'FIN_WAIT';
    } else if (c.state === 'SYN_RECV' && fromClient && f.ack && !f.syn) c.state = 'ESTABLISHED';
    else if (c.fin?.client && c.fin.server && f.ack) c.state = 'TIME_WAIT';
  }
  c.expires = now + STATE_TIMEOUT_S[c.state] * 1000;
}

/** What ip_vs_in decided for a packet. */
export type IpvsVerdict =
  /** Not IPVS traffic (or a TCP segment other than a SYN with no connection): the stack has it. */
  | { kind: 'pass' }
  /** Belongs to (or opened) `conn`: the datapath rewrites the destination and forwards it. */
  | { kind: 'nat'; conn: IpvsConn; opened: boolean }
  /** A virtual service without a usable real server (ip_vs_leave: ICMP port unreachable, drop). */
  | { kind: 'no-dest' };

/** ip_vs_rr_schedule: the next destination with a weight after the last one used. */
function roundRobin(svc: IpvsService): IpvsDest | undefined {
  const usable = svc.dests.filter((d) => d.weight > 0);
  if (usable.length === 0) return undefined;
  const last = svc.dests.findIndex((d) => `${d.addr}:${d.port}` === svc.rrLast);
  for (let i = 1; i <= svc.dests.length; i++) {
    const d = svc.dests[(last + i) % svc.dests.length]!;
    if (d.weight > 0) {
      svc.rrLast = `${d.addr}:${d.port}`;
      return d;
    }
  }
  return undefined;
}

/**
 * ip_vs_sched_persist: a client seen within the timeout goes to its template's server (the
 * template's timer restarts); otherwise the scheduler picks and a template records it.
 */
function persistentDest(ns: Netns, svc: IpvsService, client: number, now: number): IpvsDest | undefined {
  const conns = liveConns(ns, now);
  const t = conns.find((c) => c.template && c.proto === svc.proto && c.caddr === client && c.vaddr === svc.addr && c.vport === svc.port);
  const kept = t && svc.dests.find((d) => d.addr === t.daddr && d.port === t.dport && d.weight > 0);
  if (t && kept) {
    t.expires = now + (svc.persistent ?? 0) * 1000;
    return kept;
  }
  const d = roundRobin(svc);
  if (!d) return undefined;
  if (t) ipvsOf(ns).conns = conns.filter((c) => c !== t);
  ipvsOf(ns).conns.push({
    proto: svc.proto, caddr: client, cport: 0, vaddr: svc.addr, vport: svc.port, daddr: d.addr, dport: d.port,
    state: 'NONE', template: true, expires: now + (svc.persistent ?? 0) * 1000,
  });
  d.stats.conns++;
  return d;
}

/** ip_vs_in for a packet addressed to a virtual service (before its destination is rewritten). */
export function ipvsIn(ns: Netns, pkt: Ipv4Packet, now: number): IpvsVerdict {
  const p = pkt.payload;
  if ((p.proto !== 'tcp' && p.proto !== 'udp') || !ns.ipvs) return { kind: 'pass' };
  const conns = liveConns(ns, now);
  const found = conns.find((c) => !c.template && c.proto === p.proto && c.caddr === pkt.src && c.cport === p.sport && c.vaddr === pkt.dst && c.vport === p.dport);
  const pureSyn = p.proto === 'tcp' && p.flags.syn && !p.flags.ack && !p.flags.rst;
  // A new SYN on a closing connection opens a new one (conn_reuse_mode).
  if (found && !(pureSyn && (found.state === 'TIME_WAIT' || found.state === 'CLOSE'))) {
    step(found, pkt, true, now);
    count(ns, found, pkt, 'in');
    return { kind: 'nat', conn: found, opened: false };
  }
  const svc = findService(ns, p.proto, pkt.dst, p.dport);
  if (!svc) return { kind: 'pass' };
  // tcp_conn_schedule: only a SYN opens a connection (sloppy_tcp is 0).
  if (p.proto === 'tcp' && !pureSyn) return { kind: 'pass' };
  if (found) ipvsOf(ns).conns = conns.filter((c) => c !== found);
  const d = svc.persistent !== undefined ? persistentDest(ns, svc, pkt.src, now) : roundRobin(svc);
  if (!d) return { kind: 'no-dest' };
  const conn: IpvsConn = {
    proto: p.proto, caddr: pkt.src, cport: p.sport, vaddr: svc.addr, vport: svc.port, daddr: d.addr, dport: d.port,
    state: p.proto === 'tcp' ? 'SYN_RECV' : 'UDP', template: false, expires: now,
  };
  step(conn, pkt, true, now);
  ipvsOf(ns).conns.push(conn);
  svc.stats.conns++;
  if (svc.persistent === undefined) d.stats.conns++;
  count(ns, conn, pkt, 'in');
  return { kind: 'nat', conn, opened: true };
}

/** ip_vs_out: the connection a real server's reply belongs to, its state and counters updated. */
export function ipvsOut(ns: Netns, pkt: Ipv4Packet, now: number): IpvsConn | undefined {
  const p = pkt.payload;
  if (p.proto === 'icmp' || !ns.ipvs) return undefined;
  const c = liveConns(ns, now).find((x) => !x.template && x.proto === p.proto && x.daddr === pkt.src && x.dport === p.sport && x.caddr === pkt.dst && x.cport === p.dport);
  if (!c) return undefined;
  step(c, pkt, false, now);
  count(ns, c, pkt, 'out');
  return c;
}

/** ActiveConn and InActConn of a real server (ESTABLISHED vs any other state), templates aside. */
export function destConns(ns: Netns, svc: IpvsService, d: IpvsDest, now: number): { active: number; inactive: number } {
  let active = 0;
  let inactive = 0;
  for (const c of liveConns(ns, now)) {
    if (c.template || c.proto !== svc.proto || c.vaddr !== svc.addr || c.vport !== svc.port || c.daddr !== d.addr || c.dport !== d.port) continue;
    if (c.state === 'ESTABLISHED') active++;
    else inactive++;
  }
  return { active, inactive };
}
