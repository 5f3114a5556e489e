/**
 * The packets the kernel answers with: ICMP errors (net/ipv4/icmp.c icmp_send), REJECT's
 * replies (net/ipv4/netfilter/nf_reject_ipv4.c) and echo replies (icmp_echo). Destination
 * unreachable (net 0, host 1, port 3, prohibited 9/10/13, fragmentation needed 4 with the
 * next-hop MTU), time exceeded in transit (11/0), and TCP resets. This module only builds
 * them; output.ts sends them as locally generated packets, so they walk OUTPUT and
 * POSTROUTING like any other.
 */
import type { IcmpMessage, Ipv4, Ipv4Packet, TcpSegment } from '../../wire/index.ts';
import type { RejectWith } from '../netfilter/types.ts';

const ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

/** Errors are never sent about ICMP errors or to broadcast sources (RFC 1122 3.2.2). */
export function mayAnswerWithError(orig: Ipv4Packet): boolean {
  if (orig.payload.proto === 'icmp' && ERROR_TYPES.has(orig.payload.type)) return false;
  return orig.src !== 0 && orig.src !== 0xffffffff;
}

/**
 * `p` as an ICMP error quotes it: the whole packet value, of which the error carries as much
 * as fits in 576 bytes (wire/packet.ts quotedLength; icmp.c's `room`), at least the IP
 * header and 8 transport bytes. Headers are copied so later NAT of the quote cannot touch `p`.
 */
export function quoteOf(p: Ipv4Packet): Ipv4Packet {
  const m = p.payload;
  return { ...p, payload: m.proto === 'tcp' ? { ...m, flags: { ...m.flags } } : { ...m } };
}

/**
 * ICMP `type`/`code` about `orig`, from `src` (output.ts icmpSend chooses it as __icmp_send
 * does), with TOS 0xc0 (IPTOS_PREC_INTERNETCONTROL over the quoted packet's TOS bits), as the
 * reference lab's tcpdump -v shows (tests/fixtures/edge-details/golden).
 */
export function icmpError(orig: Ipv4Packet, type: number, code: number, src: Ipv4, id: number, mtu?: number): Ipv4Packet {
  const msg: IcmpMessage = { proto: 'icmp', type, code, dataLength: 0, quoted: quoteOf(orig), ...(mtu === undefined ? {} : { mtu }) };
  return { kind: 'ipv4', src, dst: orig.src, ttl: 64, tos: ((orig.tos ?? 0) & 0x1e) | 0xc0, id, df: false, payload: msg };
}

/** The destination-unreachable code of each `--reject-with` ICMP type. */
export const REJECT_CODE: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0, 'icmp-host-unreachable': 1, 'icmp-proto-unreachable': 2, 'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9, 'icmp-host-prohibited': 10, 'icmp-admin-prohibited': 13,
};

/** The RST answering segment `t` of `orig` (RFC 9293 3.10.7.1, tcp_v4_send_reset). */
export function resetFor(orig: Ipv4Packet, t: TcpSegment): Ipv4Packet {
  const seg: TcpSegment = t.flags.ack
    ? { proto: 'tcp', sport: t.dport, dport: t.sport, seq: t.ack, ack: 0, flags: { rst: true }, window: 0, data: '', options: {} }
    : {
        proto: 'tcp', sport: t.dport, dport: t.sport, seq: 0,
        ack: (t.seq + t.data.length + (t.flags.syn ? 1 : 0) + (t.flags.fin ? 1 : 0)) >>> 0,
        flags: { rst: true, ack: true }, window: 0, data: '', options: {},
      };
  return { kind: 'ipv4', src: orig.dst, dst: orig.src, ttl: 64, id: 0, df: true, payload: seg };
}

/** The echo reply to `req` (icmp_echo). */
export function echoReplyTo(req: Ipv4Packet, m: IcmpMessage, id: number): Ipv4Packet {
  return {
    kind: 'ipv4', src: req.dst, dst: req.src, ttl: 64, id, df: false,
    payload: { proto: 'icmp', type: 0, code: 0, echoId: m.echoId ?? 0, echoSeq: m.echoSeq ?? 0, dataLength: m.dataLength },
  };
}
