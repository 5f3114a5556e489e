/**
 * VXLAN (RFC 7348, drivers/net/vxlan/vxlan_core.c): the device looks up the inner
 * destination MAC in its FDB (`bridge fdb append MAC dev flannel.1 dst VTEP`), wraps the
 * frame in UDP to that VTEP and sends it as a locally generated packet of the namespace:
 * it walks OUTPUT and POSTROUTING and leaves by the underlay route (udp_tunnel_xmit_skb ->
 * iptunnel_xmit -> ip_local_out). The UDP source port is a hash of the inner flow
 * (udp_flow_src_port), so one flow keeps one port. On receive, the UDP socket the device
 * listens on (its dstport) strips the header and the inner frame arrives on the device.
 */
import type { DpWorld as World } from './types.ts';
import { formatIpv4, type EthernetFrame, type Ipv4Packet, type UdpDatagram, type VxlanPayload } from '../../wire/index.ts';
import type { Link, Netns, VxlanLink } from '../types.ts';
import { vxlanFdbLookup } from './lookups.ts';
import { hop, summarizeFrame } from './state.ts';
import { ipLocalOut, chooseRoute } from './output.ts';
import { schedule } from './queue.ts';
import { WIRE_DELAY_MS } from './xmit.ts';
import { nextIpId } from './ip-id.ts';

/** udp_flow_src_port: a hash of the inner headers folded into the ephemeral range. */
function flowSrcPort(frame: EthernetFrame): number {
  const p = frame.payload;
  let h = 2166136261;
  const mix = (n: number) => { h = Math.imul(h ^ (n >>> 0), 16777619) >>> 0; };
  if (p.kind === 'ipv4') {
    mix(p.src);
    mix(p.dst);
    const m = p.payload;
    if (m.proto === 'tcp' || m.proto === 'udp' || m.proto === 'sctp') mix((m.sport << 16) | m.dport);
  } else {
    mix(p.senderIp);
    mix(p.targetIp);
  }
  // inet_get_local_port_range: 32768..60999
  return 32768 + (h % (60999 - 32768 + 1));
}

/** Encapsulates `frame` and sends it to the VTEP that owns its destination MAC. */
export function vxlanXmit(world: World, ns: Netns, vx: VxlanLink, frame: EthernetFrame, trace: number): void {
  const entry = vxlanFdbLookup(vx, frame.dst);
  if (!entry || entry.dst === undefined) {
    vx.stats.txDropped++;
    hop(world, trace, ns, vx.name, 'kfree_skb', summarizeFrame(frame), `vxlan: no fdb entry for ${frame.dst} (SKB_DROP_REASON_NO_TX_TARGET)`);
    return;
  }
  const rt = chooseRoute(ns, entry.dst, vx.dev);
  const src = vx.local ?? (rt.ok ? rt.value.src : 0);
  const udp: UdpDatagram = { proto: 'udp', sport: flowSrcPort(frame), dport: vx.dstport, payload: { kind: 'vxlan', vni: vx.vni, inner: frame } };
  // vxlan_xmit_one: TTL 0 means the route's hop limit (64), DF follows the `df` option (unset).
  const outer: Ipv4Packet = { kind: 'ipv4', src, dst: entry.dst, ttl: 64, id: nextIpId(world), df: false, payload: udp };
  hop(world, trace, ns, vx.name, 'vxlan_xmit_one', summarizeFrame(frame), `encap vni ${vx.vni} to ${formatIpv4(entry.dst)}:${vx.dstport}`);
  const r = ipLocalOut(world, ns, outer, trace, vx.dev);
  if (!r.ok) vx.stats.txDropped++;
}

/** The VXLAN device of `ns` that listens on UDP port `port`, if any (vxlan_sock lookup). */
export function vxlanForPort(ns: Netns, port: number, vni: number): VxlanLink | undefined {
  for (const l of ns.links.values()) if (l.kind === 'vxlan' && l.dstport === port && l.vni === vni) return l;
  return undefined;
}

/** vxlan_rcv: strips the outer headers; the inner frame arrives on the device. */
export function vxlanRcv(world: World, ns: Netns, vx: Link, outer: Ipv4Packet, v: VxlanPayload, trace: number): void {
  hop(world, trace, ns, vx.name, 'vxlan_rcv', summarizeFrame(v.inner), `decap vni ${v.vni} from ${formatIpv4(outer.src)}`);
  schedule(world, { kind: 'rx', t: world.clock.ms + WIRE_DELAY_MS / 3, netns: ns.id, ifindex: vx.ifindex, frame: v.inner, trace });
}
