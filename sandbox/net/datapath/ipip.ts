/**
 * IP-in-IP (RFC 2003; net/ipv4/ipip.c, ip_tunnel.c): a packet routed into an ipip device gets
 * a 20-byte outer IPv4 header, protocol 4, and leaves as a locally generated packet of the
 * namespace (OUTPUT, POSTROUTING, the underlay route). `tunl0` has neither `remote` nor
 * `local`, so the outer destination is the route's next hop (ip_tunnel_xmit: rt_nexthop, the
 * `via NODE dev tunl0 onlink` Calico's BIRD installs) and the outer source the routing's
 * choice. With `ttl inherit` the outer TTL is the inner one; DF is copied from the inner
 * header. On receive, protocol 4 to a local address goes to a matching tunnel device (an
 * exact remote/local match first, else the fallback tunl0, ip_tunnel_lookup) and the inner
 * packet arrives on it as if received there.
 *
 * Simplified: no conntrack entry for the outer packet (real conntrack keeps a generic one),
 * `tcpdump -i tunl0` sees nothing (the simulator's capture taps carry Ethernet frames).
 */
import type { DpWorld as World } from './types.ts';
import { formatIpv4, ipv4Length, ZERO_MAC, type Ipv4, type Ipv4Packet } from '../../wire/index.ts';
import type { IpipLink, Link, Netns } from '../types.ts';
import { hop, summarize } from './state.ts';
import { chooseRoute, ipLocalOut } from './output.ts';
import { schedule } from './queue.ts';
import { WIRE_DELAY_MS } from './xmit.ts';
import { nextIpId } from './ip-id.ts';

/** ipip_tunnel_xmit: wraps `pkt` for `nexthop` (or the device's fixed remote) and sends it. */
export function ipipXmit(world: World, ns: Netns, dev: IpipLink, nexthop: Ipv4, pkt: Ipv4Packet, trace: number): void {
  if (!dev.up) {
    dev.stats.txDropped++;
    hop(world, trace, ns, dev.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_DEV_READY: ${dev.name} is down`);
    return;
  }
  const dst = dev.remote ?? nexthop;
  // Without `local` the outer source is the routing's choice for the outer destination.
  const rt = chooseRoute(ns, dst);
  const src = dev.local ?? (rt.ok ? rt.value.src : 0);
  const outer: Ipv4Packet = { kind: 'ipv4', src, dst, ttl: pkt.ttl, id: nextIpId(world), df: pkt.df, payload: { proto: 'ipip', inner: pkt } };
  dev.stats.txPackets++;
  dev.stats.txBytes += ipv4Length(pkt);
  hop(world, trace, ns, dev.name, 'ipip_tunnel_xmit', summarize(pkt), `encap ipip to ${formatIpv4(dst)}`);
  // iptunnel_xmit -> ip_local_out (this runs from the queue, pump.ts, like vxlan_xmit).
  const r = ipLocalOut(world, ns, outer, trace);
  if (!r.ok) dev.stats.txDropped++;
}

/** The ipip device that takes a packet from `src` to `dst` (ip_tunnel_lookup), if one is up. */
export function ipipFor(ns: Netns, src: Ipv4, dst: Ipv4): IpipLink | undefined {
  let fallback: IpipLink | undefined;
  for (const l of ns.links.values()) {
    if (l.kind !== 'ipip' || !l.up) continue;
    if (l.remote === undefined && l.local === undefined) fallback ??= l;
    else if ((l.remote === undefined || l.remote === src) && (l.local === undefined || l.local === dst)) return l;
  }
  return fallback;
}

/** ipip_rcv: strips the outer header; the inner packet arrives on the tunnel device. */
export function ipipRcv(world: World, ns: Netns, outer: Ipv4Packet, inner: Ipv4Packet, trace: number): void {
  const dev: Link | undefined = ipipFor(ns, outer.src, outer.dst);
  if (!dev) {
    hop(world, trace, ns, undefined, 'kfree_skb', summarize(outer), 'SKB_DROP_REASON_NO_SOCKET: no ipip tunnel is up for protocol 4');
    return;
  }
  hop(world, trace, ns, dev.name, 'ipip_rcv', summarize(inner), `decap from ${formatIpv4(outer.src)}`);
  schedule(world, { kind: 'rx', t: world.clock.ms + WIRE_DELAY_MS / 3, netns: ns.id, ifindex: dev.ifindex, frame: { src: ZERO_MAC, dst: ZERO_MAC, payload: inner }, trace });
}
