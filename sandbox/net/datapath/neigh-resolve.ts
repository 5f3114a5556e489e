/**
 * The neighbour layer: turning a next hop into a MAC before a frame can leave (net/core/
 * neighbour.c, net/ipv4/arp.c). An unresolved next hop gets an INCOMPLETE entry, an ARP
 * request, and its packets wait in a small queue (arp_queue, unres_qlen); a reply fills in
 * the MAC and releases them; three unanswered requests (mcast_solicit = 3, one per second,
 * retrans_time 1 s) make the entry FAILED and the queued packets are dropped with an ICMP
 * host unreachable to their sender (neigh_invalidate -> arp_error_report; neigh-timer.ts).
 */
import type { DpWorld as World } from './types.ts';
import { BROADCAST_MAC, ZERO_MAC, formatIpv4, type ArpPacket, type EthernetFrame, type Ipv4, type Ipv4Packet } from '../../wire/index.ts';
import type { Link, Netns } from '../types.ts';
import { neighLookup, neighUpdate } from './lookups.ts';
import { datapathOf, hop, summarize } from './state.ts';
import { schedule } from './queue.ts';
import { devXmit } from './xmit.ts';
import { isLocalAddress } from '../addr.ts';
import { proxiesFor, proxyArpReply } from './proxy-arp.ts';

/** Packets the kernel keeps per unresolved neighbour (unres_qlen_bytes allows a few). */
const UNRES_QLEN = 3;
/** The interval between ARP requests for one neighbour (retrans_time_ms). */
export const ARP_RETRANS_MS = 1000;

/** Whether `link` resolves neighbours with ARP (loopback and NOARP devices do not). */
const usesArp = (link: Link): boolean => link.kind !== 'loopback' && link.kind !== 'dummy';

/**
 * Sends `pkt` out of `dev` towards `nexthop`: at once when the neighbour is known, after
 * ARP otherwise. `physIn` travels with the frame for the bridge's hairpin rule.
 */
export function neighOutput(world: World, ns: Netns, dev: Link, nexthop: Ipv4, pkt: Ipv4Packet, trace: number, physIn?: number): boolean {
  // An ipip device has no neighbours: the next hop is the tunnel's outer destination, and the
  // tunnel sends from the queue (ipip.ts via pump.ts), as VXLAN does.
  if (dev.kind === 'ipip') {
    schedule(world, { kind: 'tunnel-xmit', t: world.clock.ms, netns: ns.id, ifindex: dev.ifindex, frame: { src: ZERO_MAC, dst: ZERO_MAC, payload: pkt }, trace, nexthop });
    return true;
  }
  if (!usesArp(dev)) return devXmit(world, ns, dev, { src: ZERO_MAC, dst: ZERO_MAC, payload: pkt }, trace, physIn);
  if (nexthop === 0xffffffff) return devXmit(world, ns, dev, { src: dev.mac, dst: BROADCAST_MAC, payload: pkt }, trace, physIn);
  const n = neighLookup(ns, dev.ifindex, nexthop);
  if (n && n.lladdr && n.state !== 'INCOMPLETE' && n.state !== 'FAILED') return devXmit(world, ns, dev, { src: dev.mac, dst: n.lladdr, payload: pkt }, trace, physIn);
  const dp = datapathOf(world);
  let wait = dp.arpWaits.find((w) => w.netns === ns.id && w.ifindex === dev.ifindex && w.ip === nexthop);
  hop(world, trace, ns, dev.name, 'neigh_resolve_output', summarize(pkt), `${formatIpv4(nexthop)} unresolved: queued for ARP`);
  if (!wait) {
    wait = { netns: ns.id, ifindex: dev.ifindex, ip: nexthop, probes: 0, queue: [] };
    dp.arpWaits.push(wait);
    neighUpdate(ns, { ifindex: dev.ifindex, ip: nexthop, state: 'INCOMPLETE' }, world.clock.ms);
    wait.queue.push({ pkt, trace });
    sendArpRequest(world, ns, dev, nexthop, pkt.src, trace);
    wait.probes = 1;
    schedule(world, { kind: 'arp-timer', t: world.clock.ms + ARP_RETRANS_MS, netns: ns.id, ifindex: dev.ifindex, ip: nexthop });
    return true;
  }
  wait.queue.push({ pkt, trace });
  if (wait.queue.length > UNRES_QLEN) wait.queue.shift();
  return true;
}

/** Broadcasts `who-has ip tell src` on `dev` (arp_solicit picks the packet's source when it is ours). */
export function sendArpRequest(world: World, ns: Netns, dev: Link, ip: Ipv4, hint: Ipv4, trace: number): void {
  const src = isLocalAddress(ns, hint) ? hint : firstAddrOn(ns, dev.ifindex) ?? hint;
  const arp: ArpPacket = { kind: 'arp', op: 'request', senderMac: dev.mac, senderIp: src, targetMac: ZERO_MAC, targetIp: ip };
  devXmit(world, ns, dev, { src: dev.mac, dst: BROADCAST_MAC, payload: arp }, trace);
}

function firstAddrOn(ns: Netns, ifindex: number): Ipv4 | undefined {
  for (const a of ns.addrs) if (a.family === 'inet' && a.ifindex === ifindex) return a.addr;
  return undefined;
}

/**
 * An ARP packet arrived on `dev` (arp_process): learn the sender when it asks us (a STALE
 * entry, neigh_event_ns) or answers a question we asked (an entry already exists: with
 * arp_accept 0 an unsolicited reply creates none, so `arping` leaves its sender's table as it
 * was), reply to requests for our addresses, and release packets waiting for the sender. A
 * request from 0.0.0.0 (duplicate address detection, `arping -D`) is answered to the asker's
 * MAC and teaches nothing; one from an address of our own is ignored.
 */
export function arpReceive(world: World, ns: Netns, dev: Link, frame: EthernetFrame, arp: ArpPacket, trace: number): void {
  const forUs = isLocalAddress(ns, arp.targetIp);
  if (arp.senderIp === 0) {
    if (arp.op === 'request' && forUs) {
      hop(world, trace, ns, dev.name, 'arp_process', `arp who-has ${formatIpv4(arp.targetIp)} tell 0.0.0.0`, 'answering a duplicate address probe');
      const reply: ArpPacket = { kind: 'arp', op: 'reply', senderMac: dev.mac, senderIp: arp.targetIp, targetMac: arp.senderMac, targetIp: 0 };
      devXmit(world, ns, dev, { src: dev.mac, dst: arp.senderMac, payload: reply }, trace);
    }
    return;
  }
  // A sender address of our own (our gratuitous ARP coming back through a hairpin port) fails
  // ip_route_input's source check (accept_local 0): no answer, nothing learnt.
  if (isLocalAddress(ns, arp.senderIp)) return;
  const proxied = !forUs && proxiesFor(ns, dev, arp);
  const dp = datapathOf(world);
  const waiting = dp.arpWaits.findIndex((w) => w.netns === ns.id && w.ifindex === dev.ifindex && w.ip === arp.senderIp);
  const known = neighLookup(ns, dev.ifindex, arp.senderIp) !== undefined;
  if (((forUs || proxied) && (arp.op === 'request' || known)) || waiting >= 0) {
    neighUpdate(ns, { ifindex: dev.ifindex, ip: arp.senderIp, lladdr: arp.senderMac, state: arp.op === 'reply' || waiting >= 0 ? 'REACHABLE' : 'STALE' }, world.clock.ms);
  }
  if (arp.op === 'request' && forUs) {
    hop(world, trace, ns, dev.name, 'arp_process', `arp who-has ${formatIpv4(arp.targetIp)}`, 'answering for a local address');
    const reply: ArpPacket = { kind: 'arp', op: 'reply', senderMac: dev.mac, senderIp: arp.targetIp, targetMac: arp.senderMac, targetIp: arp.senderIp };
    devXmit(world, ns, dev, { src: dev.mac, dst: frame.src, payload: reply }, trace);
  } else if (proxied) {
    devXmit(world, ns, dev, proxyArpReply(world, ns, dev, frame, arp, trace).frame, trace);
  }
  if (waiting >= 0) {
    const wait = dp.arpWaits[waiting]!;
    dp.arpWaits.splice(waiting, 1);
    for (const q of wait.queue) {
      devXmit(world, ns, dev, { src: dev.mac, dst: arp.senderMac, payload: q.pkt }, q.trace);
    }
  }
}
