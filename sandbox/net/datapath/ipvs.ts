/**
 * IPVS's netfilter hooks (ip_vs_core.c ip_vs_ops4): ip_vs_remote_request4 at LOCAL_IN and
 * ip_vs_local_request4 at LOCAL_OUT schedule packets addressed to a virtual service and
 * rewrite their destination to the real server (ip_vs_nat_xmit); ip_vs_reply4 at LOCAL_IN and
 * FORWARD gives a real server's replies the virtual address back. With net.ipv4.vs.conntrack=1
 * (kube-proxy sets it) the flow's conntrack entry learns the real server as its reply source
 * (ip_vs_update_conntrack), so `conntrack -L` shows where the connection went. The callers
 * (receive.ts, output.ts) send the rewritten packet on.
 */
import type { DpWorld as World } from './types.ts';
import type { Ipv4 } from '../../wire/index.ts';
import { formatIpv4, type Ipv4Packet } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import type { Skb } from '../skb.ts';
import { ipvsIn, ipvsOut, type IpvsVerdict } from '../ipvs/conns.ts';
import { alterReply } from '../conntrack/table.ts';
import { entryOf } from '../conntrack/track.ts';
import { hop, summarize } from './state.ts';

/** Rewrites one side's address and port; the payload is replaced so earlier captures keep theirs. */
function rewrite(pkt: Ipv4Packet, side: 'src' | 'dst', addr: Ipv4, port: number): void {
  const p = pkt.payload;
  if (p.proto === 'tcp' || p.proto === 'udp' || p.proto === 'sctp') pkt.payload = side === 'src' ? { ...p, sport: port } : { ...p, dport: port };
  pkt[side] = addr;
}

/** ip_vs_in: on `nat` the packet now goes to the real server; the caller transmits it. */
export function ipvsRequest(world: World, ns: Netns, skb: Skb, trace: number): IpvsVerdict {
  const v = ipvsIn(ns, skb.pkt, world.clock.ms);
  if (v.kind === 'no-dest') hop(world, trace, ns, undefined, 'ip_vs_leave', summarize(skb.pkt), `IPVS service ${formatIpv4(skb.pkt.dst)} has no destination available`);
  if (v.kind !== 'nat') return v;
  const c = v.conn;
  const before = summarize(skb.pkt);
  rewrite(skb.pkt, 'dst', c.daddr, c.dport);
  const e = entryOf(ns.conntrack, ns.id, skb);
  if (e && !e.seenReply && !e.ipvs) {
    alterReply(ns.conntrack, e, { ...e.reply, src: c.daddr, sport: e.reply.proto === 'icmp' ? e.reply.sport : c.dport });
    e.ipvs = true;
  }
  hop(world, trace, ns, undefined, 'ip_vs_nat_xmit', summarize(skb.pkt), `IPVS ${c.proto.toUpperCase()} ${formatIpv4(c.vaddr)}:${c.vport} -> ${formatIpv4(c.daddr)}:${c.dport} (was ${before})`);
  return v;
}

/** ip_vs_out: a real server's reply gets the virtual address and port back; true when it did. */
export function ipvsReply(world: World, ns: Netns, skb: Skb, trace: number): boolean {
  const c = ipvsOut(ns, skb.pkt, world.clock.ms);
  if (!c) return false;
  const before = summarize(skb.pkt);
  rewrite(skb.pkt, 'src', c.vaddr, c.vport);
  hop(world, trace, ns, undefined, 'ip_vs_out', summarize(skb.pkt), `IPVS reply from ${formatIpv4(c.daddr)}:${c.dport} as ${formatIpv4(c.vaddr)}:${c.vport} (was ${before})`);
  return true;
}
