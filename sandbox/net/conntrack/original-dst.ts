/**
 * getsockopt(SOL_IP, SO_ORIGINAL_DST): what a transparent proxy asks about a connection it
 * accepted after a REDIRECT or DNAT (getorigdst in net/netfilter/nf_conntrack_proto.c). The
 * kernel builds the tuple of the socket seen from its own side (local address and port to
 * the peer's), finds the conntrack entry holding it (the reply tuple of a redirected flow)
 * and answers the original tuple's destination: where the client meant to go.
 */
import { fail, ok, type Result } from '../../core/index.ts';
import type { Ipv4 } from '../../wire/index.ts';
import type { ConntrackState } from './types.ts';
import { lookupTuple } from './table.ts';

/** The ends of a connected TCP socket. */
export interface SocketEnds {
  laddr: Ipv4;
  lport: number;
  raddr: Ipv4;
  rport: number;
}

/** The pre-NAT destination of the accepted connection `s`, or ENOENT when conntrack has no entry. */
export function originalDst(ct: ConntrackState, s: SocketEnds, now: number): Result<{ addr: Ipv4; port: number }> {
  const hit = lookupTuple(ct, { proto: 'tcp', src: s.laddr, sport: s.lport, dst: s.raddr, dport: s.rport }, now);
  if (!hit) return fail('ENOENT');
  return ok({ addr: hit.entry.original.dst, port: hit.entry.original.dport });
}
