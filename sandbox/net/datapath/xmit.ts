/**
 * Transmission on a device (dev_queue_xmit and each driver's xmit): counters, the capture
 * taps tcpdump reads, then what the device does with the frame: a veth hands it to its peer
 * (veth_xmit), a NIC to the far end of its cable, the loopback back to itself, a bridge to
 * the port its FDB names (br_dev_xmit), a VXLAN device encapsulates it (vxlan_xmit), a dummy
 * swallows it. Crossing to another device takes a few microseconds of virtual time, so the
 * arrival is an event on the queue. A tunnel's encapsulated packet goes back through ip
 * output (udp_tunnel_xmit_skb -> ip_local_out); it is an event at the same instant, so the
 * device layer never calls up into routing (pump.ts runs it).
 */
import type { DpWorld as World } from './types.ts';
import { frameLength, isMulticastMac, type EthernetFrame } from '../../wire/index.ts';
import type { BridgeLink, Link, Netns } from '../types.ts';
import { fdbLookup, peerOf } from './lookups.ts';
import { datapathOf, hop, summarizeFrame } from './state.ts';
import { schedule } from './queue.ts';
import { cloneFrame } from './clone.ts';

/** Virtual ms a frame takes to cross a wire or a veth (a few microseconds, as on one host). */
export const WIRE_DELAY_MS = 0.015;

/** Records `frame` on every tap open on (ns, dev). */
export function tapFrame(world: World, ns: Netns, link: Link, frame: EthernetFrame, dir: 'in' | 'out'): void {
  const dp = datapathOf(world);
  if (dp.taps.length === 0) return;
  for (const tap of dp.taps) {
    if (tap.netns === ns.id && tap.ifindex === link.ifindex) tap.records.push({ t: world.clock.ms, frame: cloneFrame(frame), dir, n: dp.seq++ });
  }
}

/** Whether a promiscuous capture is running on (ns, dev): a bridge in promiscuous mode passes every frame up. */
export function isTapped(world: World, ns: Netns, link: Link): boolean {
  return datapathOf(world).taps.some((t) => t.netns === ns.id && t.ifindex === link.ifindex && t.promisc !== false);
}

function dropTx(world: World, ns: Netns, link: Link, frame: EthernetFrame, trace: number, why: string): void {
  link.stats.txDropped++;
  hop(world, trace, ns, link.name, 'kfree_skb', summarizeFrame(frame), why);
}

/**
 * is_skb_forwardable (net/core/dev.c): a device takes a frame handed to it by another device
 * (a veth's peer, a bridge port) only if it fits its MTU plus the Ethernet header and one
 * VLAN tag (mtu + 14 + 4 bytes of frame); bigger frames are dropped, not fragmented. VXLAN
 * decapsulation does not check (vxlan_rcv): a 1500-byte inner frame reaches a 1400-MTU vx0
 * (tests/fidelity/fixtures/edges-node/capture.sh shows all three on real Linux).
 * Two simulator stand-ins are measured as what they stand for: a TCP segment is a GSO packet
 * (which the kernel lets through; the simulator's TCP writes a whole write(2) as one
 * segment), and an IPv4 packet without DF is its fragments, which ip_fragment cut to
 * `fragMtu` (the MTU it was sent with) and the simulator passes whole.
 */
export function isForwardable(link: Link, frame: EthernetFrame, fragMtu: number): boolean {
  const p = frame.payload;
  if (p.kind === 'ipv4' && p.payload.proto === 'tcp') return true;
  const len = p.kind === 'ipv4' && !p.df ? Math.min(frameLength(frame), fragMtu + 14) : frameLength(frame);
  return len <= link.mtu + 14 + 4;
}

/**
 * Sends `frame` out of `link`. `physIn` is the bridge port a routed packet entered by, so a
 * bridge can refuse to send it back out of that port without hairpin mode. Returns false
 * only when a veth refused it for its peer's MTU: veth_xmit answers NET_XMIT_DROP, which a
 * local sender sees as ENOBUFS (net_xmit_errno); other drops here return NETDEV_TX_OK.
 */
export function devXmit(world: World, ns: Netns, link: Link, frame: EthernetFrame, trace: number, physIn?: number): boolean {
  if (!link.up) {
    dropTx(world, ns, link, frame, trace, `SKB_DROP_REASON_DEV_READY: ${link.name} is down`);
    return true;
  }
  link.stats.txPackets++;
  link.stats.txBytes += frameLength(frame);
  tapFrame(world, ns, link, frame, 'out');
  hop(world, trace, ns, link.name, xmitEvent(link), summarizeFrame(frame));
  switch (link.kind) {
    case 'loopback':
      schedule(world, { kind: 'rx', t: world.clock.ms + WIRE_DELAY_MS / 2, netns: ns.id, ifindex: link.ifindex, frame, trace });
      return true;
    case 'veth':
    case 'ether': {
      const peer = peerOf(world, link);
      if (!peer || !peer.link.up) {
        dropTx(world, ns, link, frame, trace, `SKB_DROP_REASON_DEV_READY: no carrier on ${link.name}`);
        return true;
      }
      // veth_xmit -> __dev_forward_skb: too big for the peer is counted as this end's TX
      // drop (and shows as the peer's RX drop, veth_get_stats64).
      if (link.kind === 'veth' && !isForwardable(peer.link, frame, link.mtu)) {
        dropTx(world, ns, link, frame, trace, `SKB_DROP_REASON_PKT_TOO_BIG: ${frameLength(frame)}-byte frame > mtu ${peer.link.mtu} of peer ${peer.link.name}`);
        peer.link.stats.rxDropped++;
        return false;
      }
      schedule(world, { kind: 'rx', t: world.clock.ms + WIRE_DELAY_MS, netns: peer.ns.id, ifindex: peer.link.ifindex, frame, trace });
      return true;
    }
    case 'bridge':
      bridgeXmit(world, ns, link, frame, trace, physIn);
      return true;
    case 'vxlan':
      schedule(world, { kind: 'tunnel-xmit', t: world.clock.ms, netns: ns.id, ifindex: link.ifindex, frame, trace });
      return true;
    case 'dummy':
      return true;
    case 'ipip':
      // Routed packets reach an ipip device through neigh-resolve.ts (ipipXmit, which needs
      // the route's next hop); a frame handed straight to it has no outer destination.
      dropTx(world, ns, link, frame, trace, 'ipip: no route to the tunnel endpoint (SKB_DROP_REASON_NO_TX_TARGET)');
      return true;
  }
}

/**
 * br_dev_queue_push_xmit: a bridge sends a frame out of a port only if the port can take it;
 * a bigger one is freed without touching any counter (seen on real Linux: br0 and the port
 * keep their dropped counts). `fragMtu`: the MTU the frame's sender fragmented to (the
 * bridge's own for what it routes, the ingress port's for what it forwards).
 */
export function bridgePortXmit(world: World, ns: Netns, br: BridgeLink, port: Link, frame: EthernetFrame, trace: number, fragMtu = br.mtu): void {
  if (!isForwardable(port, frame, fragMtu)) {
    hop(world, trace, ns, br.name, 'kfree_skb', summarizeFrame(frame), `SKB_DROP_REASON_PKT_TOO_BIG: ${frameLength(frame)}-byte frame > mtu ${port.mtu} of port ${port.name}`);
    return;
  }
  devXmit(world, ns, port, frame, trace);
}

const xmitEvent = (l: Link): string =>
  l.kind === 'veth' ? 'veth_xmit' : l.kind === 'bridge' ? 'br_dev_xmit' : l.kind === 'vxlan' ? 'vxlan_xmit'
    : l.kind === 'loopback' ? 'loopback_xmit' : l.kind === 'dummy' ? 'dummy_xmit' : l.kind === 'ipip' ? 'ipip_tunnel_xmit' : 'dev_hard_start_xmit';

/** The bridge's ports that are up (as br_flood walks them). */
export function bridgePorts(ns: Netns, br: BridgeLink): Link[] {
  const out: Link[] = [];
  for (const l of ns.links.values()) if (l.master === br.ifindex) out.push(l);
  return out;
}

/**
 * br_dev_xmit: a frame the bridge device itself sends (routed or locally generated) goes to
 * the port its FDB names, or floods every port when unknown, broadcast or multicast.
 */
function bridgeXmit(world: World, ns: Netns, br: BridgeLink, frame: EthernetFrame, trace: number, physIn?: number): void {
  const entry = isMulticastMac(frame.dst) ? undefined : fdbLookup(br, frame.dst);
  if (entry && entry.port !== br.ifindex) {
    const port = ns.links.get(entry.port);
    if (!port) return;
    // br_netfilter re-injects a DNATed frame into the bridge as if it came from its port, so
    // sending it back out of that port needs hairpin mode (the CNI bridge plugin sets it).
    if (physIn === port.ifindex && !port.port?.hairpin) {
      hop(world, trace, ns, port.name, 'kfree_skb', summarizeFrame(frame), `br_forward: would go back out of ${port.name}, hairpin off`);
      return;
    }
    hop(world, trace, ns, br.name, 'br_forward', summarizeFrame(frame), `fdb ${frame.dst} -> port ${port.name}`);
    bridgePortXmit(world, ns, br, port, frame, trace);
    return;
  }
  const ports = bridgePorts(ns, br);
  hop(world, trace, ns, br.name, 'br_flood', summarizeFrame(frame), `${entry ? 'local' : 'unknown'} ${frame.dst}: flooding ${ports.length} port(s)`);
  for (const port of ports) {
    if (port.port?.flood === false && !isMulticastMac(frame.dst)) continue;
    bridgePortXmit(world, ns, br, port, cloneFrame(frame), trace);
  }
}
