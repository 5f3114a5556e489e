/**
 * Reception (net/core/dev.c __netif_receive_skb, net/bridge/br_input.c, net/ipv4/ip_input.c,
 * ip_forward.c): a frame arrives on a device; a bridge port hands it to its bridge, which
 * learns the source MAC and forwards it to a port or passes it up; ARP goes to arp_process;
 * IPv4 walks PREROUTING, the routing decision, then INPUT and the sockets, or FORWARD,
 * POSTROUTING and out again. With net.bridge.bridge-nf-call-iptables=1 bridged IPv4 frames
 * walk PREROUTING, FORWARD and POSTROUTING too, with the ports visible to `-m physdev`
 * (br_netfilter), which is how kube-proxy's rules see pod-to-pod traffic on one node.
 */
import type { DpWorld as World } from './types.ts';
import { BROADCAST_MAC, frameLength, ipv4Length, isMulticastMac, formatIpv4, type EthernetFrame, type Ipv4Packet } from '../../wire/index.ts';
import type { BridgeLink, Link, Netns } from '../types.ts';
import type { Skb } from '../skb.ts';
import { fdbLearn, fdbLookup, getSysctl, hasBrNetfilter, nfHook } from './lookups.ts';
import { hop, summarize, summarizeFrame, traceHops } from './state.ts';
import { arpReceive } from './neigh-resolve.ts';
import { bridgePorts, bridgePortXmit, isTapped, tapFrame } from './xmit.ts';
import { chooseRoute, icmpSend, ipFinishOutput, sendReject } from './output.ts';
import { localDeliver } from './deliver.ts';
import { cloneFrame } from './clone.ts';

function dropRx(world: World, ns: Netns, link: Link, frame: EthernetFrame, trace: number, why: string): void {
  link.stats.rxDropped++;
  hop(world, trace, ns, link.name, 'kfree_skb', summarizeFrame(frame), why);
}

/** A frame arrives on `link` of `ns`. */
export function deviceReceive(world: World, ns: Netns, link: Link, frame: EthernetFrame, trace: number): void {
  if (!link.up) {
    dropRx(world, ns, link, frame, trace, `SKB_DROP_REASON_DEV_READY: ${link.name} is down`);
    return;
  }
  link.stats.rxPackets++;
  link.stats.rxBytes += frameLength(frame);
  tapFrame(world, ns, link, frame, 'in');
  hop(world, trace, ns, link.name, 'netif_receive_skb', summarizeFrame(frame));
  if (link.master !== undefined) {
    const br = ns.links.get(link.master);
    if (br && br.kind === 'bridge') {
      bridgeInput(world, ns, br, link, frame, trace);
      return;
    }
  }
  // eth_type_trans: unicast frames for another MAC are PACKET_OTHERHOST and dropped by IP.
  if (link.kind !== 'loopback' && frame.dst !== link.mac && !isMulticastMac(frame.dst)) {
    hop(world, trace, ns, link.name, 'kfree_skb', summarizeFrame(frame), `SKB_DROP_REASON_OTHERHOST: ${frame.dst} is not ${link.mac}`);
    return;
  }
  l3Receive(world, ns, link, frame, trace);
}

function l3Receive(world: World, ns: Netns, link: Link, frame: EthernetFrame, trace: number, physIn?: number): void {
  const p = frame.payload;
  if (p.kind === 'arp') arpReceive(world, ns, link, frame, p, trace);
  else ipRcv(world, ns, link, p, trace, physIn);
}

/**
 * Whether bridged IPv4 goes through iptables here: br_netfilter must be in this namespace's
 * kernel (without it the sysctl does not exist and the bridge never calls netfilter) and
 * bridge-nf-call-iptables on (br_nf_pre_routing returns early when it is 0).
 */
const bridgeNf = (ns: Netns): boolean => hasBrNetfilter(ns) && getSysctl(ns, 'net.bridge.bridge-nf-call-iptables') === '1';

/** br_handle_frame_finish: learn, then forward, flood, or pass up to the bridge device. */
function bridgeInput(world: World, ns: Netns, br: BridgeLink, port: Link, frame: EthernetFrame, trace: number): void {
  if (!br.up) {
    dropRx(world, ns, port, frame, trace, `bridge ${br.name} is down`);
    return;
  }
  if (port.port?.learning !== false && !isMulticastMac(frame.src)) fdbLearn(br, frame.src, port.ifindex, world.clock.ms);
  const toBridge = frame.dst === br.mac;
  const entry = toBridge || isMulticastMac(frame.dst) ? undefined : fdbLookup(br, frame.dst);
  const local = toBridge || entry?.port === br.ifindex || (entry?.state === 'permanent' && entry.port === port.ifindex);
  if (local) {
    passUp(world, ns, br, frame, trace, port.ifindex);
    return;
  }
  // A capture on the bridge sets it promiscuous: br_handle_frame_finish then passes a copy
  // of every frame up to the bridge device, which is why `tcpdump -i cni0` sees pod traffic.
  if (isTapped(world, ns, br) && frame.dst !== BROADCAST_MAC && !isMulticastMac(frame.dst)) tapFrame(world, ns, br, frame, 'in');
  if (entry) {
    const out = ns.links.get(entry.port);
    if (!out) return;
    if (out.ifindex === port.ifindex && !port.port?.hairpin) {
      hop(world, trace, ns, br.name, 'kfree_skb', summarizeFrame(frame), `br_forward: destination is behind the ingress port ${port.name}`);
      return;
    }
    bridgeForward(world, ns, br, port, out, frame, trace);
    return;
  }
  // Broadcast, multicast or unknown unicast: every other port, and the bridge itself.
  hop(world, trace, ns, br.name, 'br_flood', summarizeFrame(frame), `${isMulticastMac(frame.dst) ? 'broadcast' : `unknown ${frame.dst}`}: flooding`);
  for (const p of bridgePorts(ns, br)) {
    if (p.ifindex === port.ifindex && !p.port?.hairpin) continue;
    if (!isMulticastMac(frame.dst) && p.port?.flood === false) continue;
    bridgeForward(world, ns, br, port, p, cloneFrame(frame), trace);
  }
  if (isMulticastMac(frame.dst)) passUp(world, ns, br, cloneFrame(frame), trace, port.ifindex);
}

/** br_pass_frame_up: the frame is for the bridge device's own IP stack. */
function passUp(world: World, ns: Netns, br: BridgeLink, frame: EthernetFrame, trace: number, physIn: number): void {
  br.stats.rxPackets++;
  br.stats.rxBytes += frameLength(frame);
  tapFrame(world, ns, br, frame, 'in');
  hop(world, trace, ns, br.name, 'br_pass_frame_up', summarizeFrame(frame));
  // The ingress port stays attached to the packet only through br_netfilter's nf_bridge info
  // (physdev match, the re-injection that needs hairpin); a plain bridge forgets it.
  l3Receive(world, ns, br, frame, trace, bridgeNf(ns) ? physIn : undefined);
}

/** br_forward with br_netfilter's hooks for bridged IPv4 (FORWARD with -m physdev ports). */
function bridgeForward(world: World, ns: Netns, br: BridgeLink, inPort: Link, outPort: Link, frame: EthernetFrame, trace: number): void {
  const p = frame.payload;
  if (p.kind === 'ipv4' && bridgeNf(ns)) {
    const skb = makeSkb(world, p, trace, br.ifindex);
    skb.physIn = inPort.ifindex;
    for (const hook of ['PREROUTING', 'FORWARD', 'POSTROUTING'] as const) {
      if (hook !== 'PREROUTING') {
        skb.outdev = br.ifindex;
        skb.physOut = outPort.ifindex;
      }
      const v = nfHook(world, ns, hook, skb);
      if (v.verdict !== 'accept') {
        hop(world, trace, ns, br.name, 'kfree_skb', summarize(p), `SKB_DROP_REASON_NETFILTER_DROP: ${hook} ${v.where} (bridged)`);
        if (v.verdict === 'reject') sendReject(world, ns, p, v.with, trace, skb);
        return;
      }
    }
  }
  hop(world, trace, ns, br.name, 'br_forward', summarizeFrame(frame), `${inPort.name} -> ${outPort.name}`);
  bridgePortXmit(world, ns, br, outPort, frame, trace, inPort.mtu);
}

function makeSkb(world: World, pkt: Ipv4Packet, trace: number, indev?: number): Skb {
  const skb: Skb = { pkt, mark: 0 };
  if (indev !== undefined) skb.indev = indev;
  const hops = traceHops(world, trace);
  if (hops) skb.trace = hops;
  return skb;
}

/** ip_rcv -> PREROUTING -> ip_route_input -> local delivery or forwarding. */
export function ipRcv(world: World, ns: Netns, link: Link, pkt: Ipv4Packet, trace: number, physIn?: number): void {
  hop(world, trace, ns, link.name, 'ip_rcv', summarize(pkt));
  const skb = makeSkb(world, pkt, trace, link.ifindex);
  if (physIn !== undefined) skb.physIn = physIn;
  const pre = nfHook(world, ns, 'PREROUTING', skb);
  if (pre.verdict !== 'accept') {
    hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_NETFILTER_DROP: PREROUTING ${pre.where}`);
    if (pre.verdict === 'reject') sendReject(world, ns, pkt, pre.with, trace, skb);
    return;
  }
  const rt = chooseRoute(ns, pkt.dst);
  if (rt.ok && rt.value.local) {
    const v = nfHook(world, ns, 'INPUT', skb);
    if (v.verdict !== 'accept') {
      hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_NETFILTER_DROP: INPUT ${v.where}`);
      if (v.verdict === 'reject') sendReject(world, ns, pkt, v.with, trace, skb);
      return;
    }
    hop(world, trace, ns, link.name, 'ip_local_deliver', summarize(pkt));
    localDeliver(world, ns, pkt, trace);
    return;
  }
  ipForward(world, ns, link, skb, trace, physIn);
}

/** ip_forward: forwarding switch, route, TTL, FORWARD, then the common output tail. */
function ipForward(world: World, ns: Netns, link: Link, skb: Skb, trace: number, physIn?: number): void {
  const pkt = skb.pkt;
  if (getSysctl(ns, 'net.ipv4.ip_forward') !== '1') {
    // ip_route_input_slow: not a local address and forwarding off -> dropped (no ICMP).
    hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_IP_INADDRERRORS: ${formatIpv4(pkt.dst)} is not local and net.ipv4.ip_forward=0`);
    return;
  }
  const rt = chooseRoute(ns, pkt.dst);
  if (!rt.ok) {
    // ip_error() (net/ipv4/route.c): a blackhole route (EINVAL) discards silently; an
    // unreachable route answers host unreachable, a prohibit route "communication
    // administratively prohibited" (code 13), no route at all net unreachable.
    if (rt.errno === 'EINVAL') {
      hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_IP_NOROUTE: blackhole route to ${formatIpv4(pkt.dst)}`);
      return;
    }
    hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_IP_NOROUTE: no route to ${formatIpv4(pkt.dst)}`);
    icmpSend(world, ns, pkt, 3, rt.errno === 'EHOSTUNREACH' ? 1 : rt.errno === 'EACCES' ? 13 : 0, trace, skb);
    return;
  }
  if (pkt.ttl <= 1) {
    hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), 'SKB_DROP_REASON_IP_INHDR: TTL exceeded in transit');
    icmpSend(world, ns, pkt, 11, 0, trace, skb);
    return;
  }
  // ip_forward -> ip_exceeds_mtu: a DF packet larger than the next hop's MTU is dropped with
  // ICMP "fragmentation needed" carrying that MTU (RFC 1191); without DF it would be
  // fragmented (ip_fragment), which the simulator does not split: it passes whole. TCP is
  // left out: a real stack never sends a segment over its MSS, while the simulator's TCP
  // writes one segment per write(2), so an oversize segment here is our artefact, not the
  // learner's to debug.
  if (pkt.df && pkt.payload.proto !== 'tcp' && ipv4Length(pkt) > rt.value.dev.mtu) {
    hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_PKT_TOO_BIG: ${ipv4Length(pkt)} > mtu ${rt.value.dev.mtu} of ${rt.value.dev.name}`);
    icmpSend(world, ns, pkt, 3, 4, trace, skb, rt.value.dev.mtu);
    return;
  }
  skb.outdev = rt.value.dev.ifindex;
  const v = nfHook(world, ns, 'FORWARD', skb);
  if (v.verdict !== 'accept') {
    hop(world, trace, ns, link.name, 'kfree_skb', summarize(pkt), `SKB_DROP_REASON_NETFILTER_DROP: FORWARD ${v.where}`);
    if (v.verdict === 'reject') sendReject(world, ns, pkt, v.with, trace, skb);
    return;
  }
  pkt.ttl--;
  hop(world, trace, ns, rt.value.dev.name, 'ip_forward', summarize(pkt), rt.value.text);
  ipFinishOutput(world, ns, skb, rt.value, trace, link.kind === 'bridge' ? physIn : undefined);
}
