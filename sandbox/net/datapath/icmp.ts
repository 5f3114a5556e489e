/**
 * ICMP errors the kernel sends (net/ipv4/icmp.c icmp_send) and REJECT's replies
 * (net/ipv4/netfilter/nf_reject_ipv4.c): destination unreachable (net 0, host 1, port 3,
 * prohibited 9/10/13), time exceeded in transit (11/0), and TCP resets. Errors are never
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

const ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

/** The header of `p` as an ICMP error quotes it (IP header + the first 8 transport bytes). */
export function quoteOf(p: Ipv4Packet): Ipv4Packet {
  const m = p.payload;
  const payload: Ipv4Packet['payload'] =
    m.proto === 'tcp' ? { ...m, flags: { ...m.flags }, data: '' }
      : m.proto === 'udp' ? { proto: 'udp', sport: m.sport, dport: m.dport, payload: { kind: 'raw', data: '' } }
        : { proto: 'icmp', type: m.type, code: m.code, dataLength: 0, ...(m.echoId === undefined ? {} : { echoId: m.echoId, echoSeq: m.echoSeq }) };
  return { ...p, payload };
}

/** Sends ICMP `type`/`code` about `orig` back to its source. */
export function icmpSend(world: World, ns: Netns, orig: Ipv4Packet, type: number, code: number, trace: number): void {
  if (orig.payload.proto === 'icmp' && ERROR_TYPES.has(orig.payload.type)) return;
  if (orig.src === 0 || orig.src === 0xffffffff) return;
  const back = chooseRoute(ns, orig.src);
  if (!back.ok) return;
  const msg: IcmpMessage = { proto: 'icmp', type, code, dataLength: 0, quoted: quoteOf(orig) };
  const pkt: Ipv4Packet = { kind: 'ipv4', src: back.value.src, dst: orig.src, ttl: 64, id: nextIpId(world), df: false, payload: msg };
  hop(world, trace, ns, undefined, 'icmp_send', summarize(pkt), `about ${summarize(orig)}`);
  ipLocalOut(world, ns, pkt, trace);
}

const REJECT_CODE: Record<Exclude<RejectWith, 'tcp-reset'>, number> = {
  'icmp-net-unreachable': 0, 'icmp-host-unreachable': 1, 'icmp-proto-unreachable': 2, 'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9, 'icmp-host-prohibited': 10, 'icmp-admin-prohibited': 13,
};

/** `-j REJECT --reject-with W`: the ICMP error, or for tcp-reset a RST (nf_send_reset). */
export function sendReject(world: World, ns: Netns, orig: Ipv4Packet, w: RejectWith, trace: number): void {
  if (w !== 'tcp-reset') {
    icmpSend(world, ns, orig, 3, REJECT_CODE[w], trace);
    return;
  }
  const t = orig.payload;
  if (t.proto !== 'tcp' || t.flags.rst) return;
  ipLocalOut(world, ns, resetFor(orig, t, world), trace);
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
