/**
 * ICMP errors the kernel sends (net/ipv4/icmp.c icmp_send) and REJECT's replies
 * (net/ipv4/netfilter/nf_reject_ipv4.c): destination unreachable (net 0, host 1, port 3,
 * prohibited 9/10/13, fragmentation needed 4 with the next-hop MTU), time exceeded in
 * transit (11/0), and TCP resets. Errors are never
 * sent about ICMP errors or to broadcast sources (RFC 1122 3.2.2). The error's source is
 * the address the route back to the sender prefers; it leaves as a locally generated
 * packet, so it walks OUTPUT and POSTROUTING like any other.
 */
import type { DpWorld as World } from './types.ts';
import type { IcmpMessage, Ipv4Packet, TcpSegment } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import type { RejectWith } from '../netfilter/types.ts';
import { chooseRoute, ipLocalOut } from './output.ts';
import { hop, summarize } from './state.ts';
import { nextIpId } from './ip-id.ts';
import type { Skb } from '../skb.ts';
import { conntrackRelease } from '../conntrack/index.ts';

const ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

/** The header of `p` as an ICMP error quotes it (IP header + the first 8 transport bytes). */
export function quoteOf(p: Ipv4Packet): Ipv4Packet {
  const m = p.payload;
  const payload: Ipv4Packet['payload'] =
    m.proto === 'tcp' ? { ...m, flags: { ...m.flags }, data: '' }
      : m.proto === 'udp' ? { proto: 'udp', sport: m.sport, dport: m.dport, payload: { kind: 'raw', data: '' } }
        : m.proto === 'ipip' ? m
        : { proto: 'icmp', type: m.type, code: m.code, dataLength: 0, ...(m.echoId === undefined ? {} : { echoId: m.echoId, echoSeq: m.echoSeq }) };
  return { ...p, payload };
}

/**
 * Sends ICMP `type`/`code` about `orig` back to its source. With `skb` (the offending packet
 * as netfilter saw it), the error carries its conntrack entry, RELATED (icmp_glue_bits'
 * nf_ct_attach), even when a rule stopped that packet before the entry was confirmed.
 */
export function icmpSend(world: World, ns: Netns, orig: Ipv4Packet, type: number, code: number, trace: number, skb?: Skb, mtu?: number): void {
  if (orig.payload.proto === 'icmp' && ERROR_TYPES.has(orig.payload.type)) return;
  if (orig.src === 0 || orig.src === 0xffffffff) return;
  const back = chooseRoute(ns, orig.src);
  if (!back.ok) return;
  const msg: IcmpMessage = { proto: 'icmp', type, code, dataLength: 0, quoted: quoteOf(orig), ...(mtu === undefined ? {} : { mtu }) };
  const pkt: Ipv4Packet = { kind: 'ipv4', src: back.value.src, dst: orig.src, ttl: 64, id: nextIpId(world), df: false, payload: msg };
  hop(world, trace, ns, undefined, 'icmp_send', summarize(pkt), `about ${summarize(orig)}`);
  ipLocalOut(world, ns, pkt, trace, undefined, skb);
}

const REJECT_CODE: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0, 'icmp-host-unreachable': 1, 'icmp-proto-unreachable': 2, 'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9, 'icmp-host-prohibited': 10, 'icmp-admin-prohibited': 13,
};

/**
 * `-j REJECT --reject-with W`: the ICMP error, or for tcp-reset a RST (nf_send_reset). Both
 * carry the rejected packet's entry (`skb`); an entry never confirmed is freed once the reply
 * has left (its last reference dropped).
 */
export function sendReject(world: World, ns: Netns, orig: Ipv4Packet, w: RejectWith, trace: number, skb?: Skb): void {
  if (w !== 'tcp-reset') icmpSend(world, ns, orig, 3, REJECT_CODE[w], trace, skb);
  else if (orig.payload.proto === 'tcp' && !orig.payload.flags.rst) ipLocalOut(world, ns, resetFor(orig, orig.payload, world), trace, undefined, skb);
  if (skb) conntrackRelease(ns.conntrack, ns.id, skb);
}

/** The RST answering segment `t` of `orig` (RFC 9293 3.10.7.1, tcp_v4_send_reset). */
export function resetFor(orig: Ipv4Packet, t: TcpSegment, world: World): Ipv4Packet {
  const seg: TcpSegment = t.flags.ack
    ? { proto: 'tcp', sport: t.dport, dport: t.sport, seq: t.ack, ack: 0, flags: { rst: true }, window: 0, data: '', options: {} }
    : {
        proto: 'tcp', sport: t.dport, dport: t.sport, seq: 0,
        ack: (t.seq + t.data.length + (t.flags.syn ? 1 : 0) + (t.flags.fin ? 1 : 0)) >>> 0,
        flags: { rst: true, ack: true }, window: 0, data: '', options: {},
      };
  return { kind: 'ipv4', src: orig.dst, dst: orig.src, ttl: 64, id: 0, df: true, payload: seg };
}

/** The kernel's ICMP echo reply to `req` (icmp_echo), unless echoes are ignored. */
export function echoReply(world: World, ns: Netns, req: Ipv4Packet, m: IcmpMessage, trace: number, ignore: boolean): void {
  if (ignore) return;
  const reply: Ipv4Packet = {
    kind: 'ipv4', src: req.dst, dst: req.src, ttl: 64, id: nextIpId(world), df: false,
    payload: { proto: 'icmp', type: 0, code: 0, echoId: m.echoId ?? 0, echoSeq: m.echoSeq ?? 0, dataLength: m.dataLength },
  };
  ipLocalOut(world, ns, reply, trace);
}
