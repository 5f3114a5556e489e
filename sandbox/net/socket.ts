/**
 * The socket table of the simulated kernel: allocation, lookup, ephemeral ports, and the
 * listeners apps serve on. Sockets live in `world.datapath.sockets` (plain data); TCP
 * connections are indexed by their 4-tuple per namespace for demultiplexing (the kernel's
 * established hash). Protocol behaviour is in socket-tcp.ts and socket-udp.ts.
 */
import type { DpWorld as World } from './datapath/types.ts';
import { randomInt } from '../core/index.ts';
import type { Ipv4 } from '../wire/index.ts';
import type { Listener, Netns } from './types.ts';
import type { Socket, TcpSocket } from './datapath/types.ts';
import { datapathOf } from './datapath/state.ts';

/** Key of a TCP connection in the established hash. */
export const tcpKey = (netns: number, laddr: Ipv4, lport: number, raddr: Ipv4, rport: number): string =>
  `${netns}|${laddr}|${lport}|${raddr}|${rport}`;

/** Adds a socket to the table and returns it with its id. */
export function allocSocket<T extends Socket>(world: World, s: Omit<T, 'id'>): T {
  const dp = datapathOf(world);
  const sock = { ...s, id: dp.nextSocket++ } as T;
  dp.sockets.set(sock.id, sock);
  if (sock.kind === 'tcp') dp.tcpIndex.set(tcpKey(sock.netns, sock.laddr, sock.lport, sock.raddr, sock.rport), sock.id);
  return sock;
}

/** The socket with id `id`. */
export const socketById = (world: World, id: number): Socket | undefined => datapathOf(world).sockets.get(id);

/** The TCP connection (ns, laddr:lport <- raddr:rport), if any. */
export function findTcp(world: World, ns: Netns, laddr: Ipv4, lport: number, raddr: Ipv4, rport: number): TcpSocket | undefined {
  const dp = datapathOf(world);
  const id = dp.tcpIndex.get(tcpKey(ns.id, laddr, lport, raddr, rport));
  const s = id === undefined ? undefined : dp.sockets.get(id);
  return s?.kind === 'tcp' ? s : undefined;
}

/** Removes a socket (close(2) of a socket with nothing left to do). */
export function freeSocket(world: World, id: number): void {
  const dp = datapathOf(world);
  const s = dp.sockets.get(id);
  if (!s) return;
  if (s.kind === 'tcp') dp.tcpIndex.delete(tcpKey(s.netns, s.laddr, s.lport, s.raddr, s.rport));
  dp.sockets.delete(id);
}

/** The listener of `ns` for `proto` on `addr:port` (a specific address before the wildcard). */
export function findListener(ns: Netns, proto: 'tcp' | 'udp' | 'sctp', addr: Ipv4, port: number): Listener | undefined {
  let wild: Listener | undefined;
  for (const l of ns.listeners) {
    if (l.proto !== proto || l.port !== port) continue;
    if (l.addr === addr) return l;
    if (l.addr === 0) wild = l;
  }
  return wild;
}

/** Whether a local port is taken in `ns` for `proto` (by a listener or a socket). */
function portInUse(world: World, ns: Netns, proto: 'tcp' | 'udp' | 'sctp', port: number): boolean {
  if (ns.listeners.some((l) => l.proto === proto && l.port === port)) return true;
  for (const s of datapathOf(world).sockets.values()) {
    if (s.netns === ns.id && s.kind === proto && s.lport === port) return true;
  }
  return false;
}

/**
 * A free ephemeral port (net.ipv4.ip_local_port_range, 32768..60999 by default), drawn from
 * the seeded randomness as Linux draws an offset (inet_hash_connect's random start).
 */
export function ephemeralPort(world: World, ns: Netns, proto: 'tcp' | 'udp' | 'sctp'): number {
  const range = (ns.sysctl.get('net.ipv4.ip_local_port_range') ?? '32768\t60999').split(/\s+/).map(Number);
  const lo = range[0] ?? 32768;
  const hi = range[1] ?? 60999;
  let p = randomInt(world.rng, lo, hi);
  for (let i = 0; i <= hi - lo && portInUse(world, ns, proto, p); i++) p = p === hi ? lo : p + 1;
  return p;
}

/**
 * The credentials a socket's packets carry when its owner set none: the simulated processes
 * run as root, as a container's do unless its securityContext names a user.
 */
export const ROOT_OWNER: Readonly<{ uid: number; gid: number }> = { uid: 0, gid: 0 };
