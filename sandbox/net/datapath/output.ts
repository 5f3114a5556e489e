/**
 * Local output and the IP transmit tail shared with forwarding: routing, the OUTPUT and
 * POSTROUTING hooks, then the neighbour layer (ip_local_out -> __ip_local_out -> nf OUTPUT
 * -> dst_output -> ip_output -> nf POSTROUTING -> ip_finish_output2 -> neigh_output in
 * net/ipv4/ip_output.c). A failure the sender must see (no route, a rule that drops
 * locally generated packets) comes back as an errno, as sendmsg/connect return it.
 * The kernel's own answers (ICMP errors, REJECT's replies, echo replies; built in icmp.ts)
 * leave here too, as locally generated packets.
 */
import { fail, ok, type Errno, type Result } from '../../core/index.ts';
import type { DpWorld as World } from './types.ts';
import type { IcmpMessage, Ipv4, Ipv4Packet } from '../../wire/index.ts';
import { formatIpv4 } from '../../wire/index.ts';
import type { Link, Netns } from '../types.ts';
import type { Skb } from '../skb.ts';
import type { RejectWith } from '../netfilter/types.ts';
import { nfHook, routeLookup } from './lookups.ts';
import { hop, summarize, traceHops } from './state.ts';
import { neighOutput } from './neigh-resolve.ts';
import { echoReplyTo, icmpError, mayAnswerWithError, REJECT_CODE, resetFor } from './icmp.ts';
import { nextIpId } from './ip-id.ts';
import { isLocalAddress } from '../addr.ts';
import { conntrackAttach, conntrackRelease } from '../conntrack/index.ts';

/** Why a routing answer means "no": the errno a local sender gets for each route type. */
const ROUTE_TYPE_ERRNO: Partial<Record<string, Errno>> = {
  unreachable: 'EHOSTUNREACH', blackhole: 'EINVAL', prohibit: 'EPERM',
};

/** The outcome of a route lookup the datapath needs: device, next hop, preferred source. */
export interface RouteChoice {
  dev: Link;
  /** Next hop: the gateway, or the destination itself on a connected route. */
  nexthop: Ipv4;
  src: Ipv4;
  local: boolean;
  /** Text for traces (`10.244.0.0/16 via 10.244.1.1 dev eth0`). */
  text: string;
}

/** `local 10.244.1.2 dev lo src 10.244.1.2`: a routing answer as `ip route get` words it. */
const routeText = (type: string, dst: Ipv4, gw: Ipv4 | undefined, dev: string, src: Ipv4): string =>
  `${type === 'local' ? 'local ' : ''}${formatIpv4(dst)}${gw !== undefined ? ` via ${formatIpv4(gw)}` : ''} dev ${dev} src ${formatIpv4(src)}`;

/** Routes `dst` in `ns` (optionally bound to device `oif`), as a sender would see it. */
export function chooseRoute(ns: Netns, dst: Ipv4, oif?: number): Result<RouteChoice> {
  const r = routeLookup(ns, dst, oif === undefined ? {} : { oif });
  if (!r.ok) return r;
  const v = r.value;
  const bad = ROUTE_TYPE_ERRNO[v.type];
  if (bad) return fail(bad, v.type);
  const local = v.type === 'local';
  // Local destinations leave through the loopback device (routeLookup answers lo for them).
  const dev = ns.links.get(v.dev);
  if (!dev) return fail('ENETUNREACH');
  return ok({ dev, nexthop: v.gateway ?? dst, src: v.src, local, text: routeText(v.type, dst, v.gateway, dev.name, v.src) });
}

/**
 * Sends a locally generated packet (a socket's, an ICMP error, a VXLAN-encapsulated frame).
 * Returns ENETUNREACH/EHOSTUNREACH when there is no usable route and EPERM when a rule
 * drops it on OUTPUT or POSTROUTING (what sendmsg returns for NF_DROP on local output).
 * `about` is the packet an ICMP error or REJECT's reply answers; `sk` the credentials of the
 * sending socket's process (absent for what the kernel sends on its own: RST, ICMP).
 */
export function ipLocalOut(world: World, ns: Netns, pkt: Ipv4Packet, trace: number, oif?: number, about?: Skb, sk?: Skb['sk']): Result {
  hop(world, trace, ns, undefined, 'ip_local_out', summarize(pkt));
  let rt = chooseRoute(ns, pkt.dst, oif);
  if (!rt.ok) {
    hop(world, trace, ns, undefined, 'kfree_skb', summarize(pkt), `no route to ${formatIpv4(pkt.dst)} (${rt.errno})`);
    return rt;
  }
  const skb: Skb = { pkt, mark: 0, outdev: rt.value.dev.ifindex };
  if (sk) skb.sk = sk;
  // An ICMP error or RST about `about` travels with its conntrack entry (nf_ct_attach).
  if (about) conntrackAttach(skb, about);
  const hops = traceHops(world, trace);
  if (hops) skb.trace = hops;
  const dst = pkt.dst;
  const v = nfHook(world, ns, 'OUTPUT', skb);
  if (v.verdict !== 'accept') {
    hop(world, trace, ns, rt.value.dev.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_NETFILTER_DROP: OUTPUT ${v.where}`);
    if (v.verdict === 'reject') sendReject(world, ns, pkt, v.with, trace, skb);
    return fail('EPERM', 'OUTPUT');
  }
  // ip_route_me_harder: a DNAT on OUTPUT re-routes the packet to its new destination.
  if (pkt.dst !== dst) {
    rt = chooseRoute(ns, pkt.dst);
    if (!rt.ok) return rt;
    skb.outdev = rt.value.dev.ifindex;
    hop(world, trace, ns, rt.value.dev.name, 'ip_route_me_harder', summarize(pkt), rt.value.text);
  }
  return ipFinishOutput(world, ns, skb, rt.value, trace);
}

/**
 * POSTROUTING and the hand-off to the neighbour layer, for local and forwarded packets.
 * `physIn` is the bridge port a routed packet came in on (for the hairpin check).
 */
export function ipFinishOutput(world: World, ns: Netns, skb: Skb, rt: RouteChoice, trace: number, physIn?: number): Result {
  const v = nfHook(world, ns, 'POSTROUTING', skb);
  if (v.verdict !== 'accept') {
    hop(world, trace, ns, rt.dev.name, 'kfree_skb', summarize(skb.pkt), `SKB_DROP_REASON_NETFILTER_DROP: POSTROUTING ${v.where}`);
    return fail('EPERM', 'POSTROUTING');
  }
  hop(world, trace, ns, rt.dev.name, 'ip_output', summarize(skb.pkt), rt.text);
  const sent = neighOutput(world, ns, rt.dev, rt.local ? skb.pkt.dst : rt.nexthop, skb.pkt, trace, physIn);
  return sent ? ok(undefined) : fail('ENOBUFS', rt.dev.name);
}

/**
 * Sends ICMP `type`/`code` about `orig` back to its source (icmp_send). With `skb` (the
 * offending packet as netfilter saw it), the error carries its conntrack entry, RELATED
 * (icmp_glue_bits' nf_ct_attach), even when a rule stopped that packet before the entry was
 * confirmed.
 */
export function icmpSend(world: World, ns: Netns, orig: Ipv4Packet, type: number, code: number, trace: number, skb?: Skb, mtu?: number): void {
  if (!mayAnswerWithError(orig)) return;
  const back = chooseRoute(ns, orig.src);
  if (!back.ok) return;
  // __icmp_send: about a packet for one of our own addresses (an RTCF_LOCAL route) the error
  // comes from that address, so traceroute's last hop is the destination it probed
  // (tests/fixtures/edge-details/golden); otherwise from the address the route back prefers.
  const src = isLocalAddress(ns, orig.dst) ? orig.dst : back.value.src;
  const pkt = icmpError(orig, type, code, src, nextIpId(world), mtu);
  hop(world, trace, ns, undefined, 'icmp_send', summarize(pkt), `about ${summarize(orig)}`);
  ipLocalOut(world, ns, pkt, trace, undefined, skb);
}

/**
 * `-j REJECT --reject-with W`: the ICMP error, or for tcp-reset a RST (nf_send_reset). Both
 * carry the rejected packet's entry (`skb`); an entry never confirmed is freed once the reply
 * has left (its last reference dropped).
 */
export function sendReject(world: World, ns: Netns, orig: Ipv4Packet, w: RejectWith, trace: number, skb?: Skb): void {
  if (w !== 'tcp-reset') icmpSend(world, ns, orig, 3, REJECT_CODE[w], trace, skb);
  else if (orig.payload.proto === 'tcp' && !orig.payload.flags.rst) ipLocalOut(world, ns, resetFor(orig, orig.payload), trace, undefined, skb);
  if (skb) conntrackRelease(ns.conntrack, ns.id, skb);
}

/** The kernel's ICMP echo reply to `req` (icmp_echo), unless echoes are ignored. */
export function echoReply(world: World, ns: Netns, req: Ipv4Packet, m: IcmpMessage, trace: number, ignore: boolean): void {
  if (ignore) return;
  ipLocalOut(world, ns, echoReplyTo(req, m, nextIpId(world)), trace);
}
