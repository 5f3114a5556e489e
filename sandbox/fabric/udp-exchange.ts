/**
 * One UDP request and its answer through the datapath (what a DNS stub resolver or `nc -u`
 * does): open a socket, send, wait for the first datagram back, an ICMP error, or the
 * timeout. dig/nslookup build their DnsTransport on it; curl's resolver uses it for names.
 */
import type { World } from './world.ts';
import type { Netns } from '../net/types.ts';
import type { Ipv4, UdpDatagram } from '../wire/index.ts';
import { udpOpen, udpSend } from '../net/socket-udp.ts';
import { freeSocket } from '../net/socket.ts';
import { waitFor, type Waiter } from './traffic.ts';

/** How one exchange ended. */
export type UdpExchange =
  | { kind: 'answer'; payload: UdpDatagram['payload']; from: Ipv4; ms: number }
  | { kind: 'timeout' }
  /** ICMP port unreachable came back (nothing listens there). */
  | { kind: 'refused' }
  /** Another ICMP error (host/net unreachable). */
  | { kind: 'unreachable' }
  /** The kernel refused to send (no route). */
  | { kind: 'noroute' };

/** Sends `payload` to dst:dport from `ns` and waits up to `timeoutMs` for the first answer. */
export async function udpExchange(
  world: World, io: Waiter, ns: Netns, dst: Ipv4, dport: number, payload: UdpDatagram['payload'], timeoutMs: number, trace: number,
): Promise<UdpExchange> {
  const s = udpOpen(world, ns, trace);
  const start = world.clock.ms;
  const sent = udpSend(world, s, dst, dport, payload);
  if (!sent.ok) {
    freeSocket(world, s.id);
    return { kind: 'noroute' };
  }
  await waitFor(world, io, () => s.rx.length > 0 || s.error !== undefined, start + timeoutMs);
  freeSocket(world, s.id);
  const got = s.rx[0];
  if (got) return { kind: 'answer', payload: got.payload ?? { kind: 'raw', data: got.data }, from: got.from, ms: world.clock.ms - start };
  if (s.error === 'ECONNREFUSED') return { kind: 'refused' };
  if (s.error) return { kind: 'unreachable' };
  return { kind: 'timeout' };
}
