/**
 * Trace hops that netfilter records on an skb (the learner's view of iptables TRACE /
 * pwru): which table/chain/rule a packet matched, how conntrack classified it, what NAT did.
 * Events are named after the kernel functions pwru would show: `ipt_do_table` (detail
 * `nat/KUBE-SVC-X rule 2 -j KUBE-SEP-Y`, `filter/FORWARD policy DROP`, `.../CHAIN return`),
 * `nf_conntrack_in` (`ctstate NEW`), `nf_nat_manip_pkt` (`DNAT: was <packet before>`). The
 * drop itself is the datapath's `kfree_skb` hop, which quotes NfVerdict.where.
 */
import type { ClockState } from '../../core/index.ts';
import { formatIpv4, type Ipv4Packet } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import type { Skb } from '../skb.ts';

/** `10.244.1.2:41234 > 10.96.0.10:80 tcp SYN` / `10.244.1.2 > 10.244.1.3 icmp echo request`. */
export function summarizePacket(pkt: Ipv4Packet): string {
  const p = pkt.payload;
  if (p.proto === 'icmp') {
    const kind = p.type === 8 ? 'echo request' : p.type === 0 ? 'echo reply' : p.type === 3 ? 'unreachable' : p.type === 11 ? 'time exceeded' : `type ${p.type}`;
    return `${formatIpv4(pkt.src)} > ${formatIpv4(pkt.dst)} icmp ${kind}${p.echoId !== undefined ? ` id ${p.echoId}` : ''}`;
  }
  if (p.proto === 'ipip') return `${formatIpv4(pkt.src)} > ${formatIpv4(pkt.dst)} ipip`;
  let flags = '';
  if (p.proto === 'tcp') {
    const f = p.flags;
    flags = ' ' + ([f.syn && 'SYN', f.fin && 'FIN', f.rst && 'RST', f.psh && 'PSH', f.ack && 'ACK'].filter(Boolean).join(',') || 'none');
  }
  return `${formatIpv4(pkt.src)}:${p.sport} > ${formatIpv4(pkt.dst)}:${p.dport} ${p.proto}${flags}`;
}

/** Appends a hop to the skb's trace, when it is being traced. */
export function traceHop(clock: ClockState, ns: Netns, skb: Skb, event: string, detail: string, dev?: number, rule?: string): void {
  if (!skb.trace) return;
  const name = dev === undefined ? undefined : ns.links.get(dev)?.name;
  skb.trace.push({
    t: clock.ms * 1000,
    netns: ns.name,
    ...(name !== undefined ? { dev: name } : {}),
    event,
    packet: summarizePacket(skb.pkt),
    detail,
    ...(rule !== undefined ? { rule } : {}),
  });
}
