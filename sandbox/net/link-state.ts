/**
 * Link state: the UP flag, carrier and operational state, and what the kernel does when they
 * change. Reproduced from the kernel:
 * - carrier: a veth has it when both ends are up (veth_open/netif_carrier_on of the peer);
 *   a bridge when one of its ports is up with carrier (br_port_carrier_check), or while it
 *   has no port at all (then UNKNOWN, like a fresh bridge: no carrier event yet); lo, dummy and
 *   vxlan always (they report operstate UNKNOWN: no driver sets it, RFC 2863 "unknown").
 * - going up: lo gets 127.0.0.1/8 (inetdev_event NETDEV_UP), every IPv4 address re-installs
 *   its kernel routes (fib_netdev_event -> fib_add_ifaddr).
 * - going down: routes through the device, its neighbours and its IPv6 addresses go
 *   (fib_disable_ip, neigh_ifdown, addrconf_ifdown); a bridge port forgets learned MACs.
 * - once up with carrier, a device gets its EUI-64 link-local address (addrconf_dev_config,
 *   addrgenmode eui64) and sends DAD/MLD frames from its MAC: a bridge on the other end of
 *   the wire learns that MAC, which is why `bridge fdb show` lists pod MACs before any traffic.
 */
import { ok, type Result } from '../core/index.ts';
import type { Link, NetWorld, Netns } from './types.ts';
import { fibAddIfaddr } from './addr.ts';
import { fdbFlushPort, fdbLearn } from './fdb.ts';
import { linkLocalOf } from './ipv6.ts';
import { masterOf, peerOf } from './link-peers.ts';

/** Operational state as `ip link` prints it after `state`. */
export type OperState = 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';

/** Whether the link has carrier (LOWER_UP; NO-CARRIER when up without it). */
export function hasCarrier(world: NetWorld, ns: Netns, link: Link): boolean {
  if (!link.up) return false;
  switch (link.kind) {
    case 'loopback':
    case 'dummy':
    case 'vxlan':
    case 'ipip':
      return true;
    case 'veth':
    case 'ether':
      return peerOf(world, link)?.link.up === true;
    case 'bridge': {
      // br_port_state_selection turns carrier off when no port forwards; a bridge that has no
      // port never ran it, keeps the initial carrier and reports UNKNOWN (see operState).
      const ports = [...ns.links.values()].filter((l) => l.master === link.ifindex);
      // Setting the MAC runs br_stp_change_bridge_id -> port state selection, which turns
      // carrier off when no port forwards: only a bridge never configured so keeps it.
      if (ports.length === 0) return !link.macSet;
      return ports.some((l) => hasCarrier(world, ns, l));
    }
  }
}

/** The RFC 2863 operational state (`state UP|DOWN|UNKNOWN|LOWERLAYERDOWN`). */
export function operState(world: NetWorld, ns: Netns, link: Link): OperState {
  if (!link.up) return 'DOWN';
  if (link.kind === 'loopback' || link.kind === 'dummy' || link.kind === 'vxlan' || link.kind === 'ipip') return 'UNKNOWN';
  const carrier = hasCarrier(world, ns, link);
  if (link.kind === 'bridge') {
    // No carrier event ever happened for a fresh port-less bridge: linkwatch never set operstate.
    if (carrier && ![...ns.links.values()].some((l) => l.master === link.ifindex)) return 'UNKNOWN';
    return carrier ? 'UP' : 'DOWN';
  }
  return carrier ? 'UP' : 'LOWERLAYERDOWN';
}

/** Whether a bridge port forwards (`state forwarding`; STP is off so no listening/learning). */
export function portForwarding(world: NetWorld, ns: Netns, link: Link): boolean {
  const br = masterOf(ns, link);
  return br !== undefined && br.up && hasCarrier(world, ns, link);
}

/**
 * Sets the UP flag (`ip link set X up|down`) and applies the kernel's consequences in this
 * namespace and in the namespace of a veth peer.
 */
export function setLinkUp(world: NetWorld, ns: Netns, link: Link, up: boolean): Result {
  if (link.up === up) return ok(undefined);
  link.up = up;
  if (up) {
    link.everUp = true;
    if (link.kind === 'loopback' && !ns.addrs.some((a) => a.family === 'inet' && a.ifindex === link.ifindex && a.addr === 0x7f000001)) {
      ns.addrs.push({ family: 'inet', ifindex: link.ifindex, addr: 0x7f000001, len: 8, scope: 'host' });
    }
    for (const a of ns.addrs) if (a.family === 'inet' && a.ifindex === link.ifindex) fibAddIfaddr(ns, a);
  } else {
    linkDownCleanup(world, ns, link);
  }
  refreshCarriers(world, ns, link);
  const peer = peerOf(world, link);
  if (peer && peer.ns !== ns) refreshCarriers(world, peer.ns);
  if (up) learnFarEnds(world, ns, link);
  return ok(undefined);
}

/** What going down removes: routes via the device, its neighbours, IPv6 addresses, learned MACs. */
export function linkDownCleanup(world: NetWorld, ns: Netns, link: Link): void {
  ns.routes = ns.routes.filter((r) => r.dev !== link.ifindex);
  ns.neigh = ns.neigh.filter((n) => n.ifindex !== link.ifindex);
  ns.addrs = ns.addrs.filter((a) => !(a.family === 'inet6' && a.ifindex === link.ifindex));
  const br = masterOf(ns, link);
  if (br) fdbFlushPort(br, link.ifindex);
  void world;
}

/**
 * Brings derived state in line with carrier: each device that is up with carrier and has
 * no IPv6 address gets its link-local (lo: ::1) and announces its MAC to the far end.
 * Called after every change that can move carrier (up/down, master, move, delete); `first`
 * is the device that changed.
 */
export function refreshCarriers(world: NetWorld, ns: Netns, first?: Link): void {
  // The device whose change caused this gets its address first (addrconf runs for it in
  // its own notifier, the peer's carrier change follows), which is the order of
  // `ip -6 route` and `ip -6 addr` on real Linux.
  const order = first ? [first, ...[...ns.links.values()].filter((l) => l !== first)] : [...ns.links.values()];
  for (const link of order) {
    if (!hasCarrier(world, ns, link)) continue;
    if (ns.addrs.some((a) => a.family === 'inet6' && a.ifindex === link.ifindex)) continue;
    // An ipip device (ARPHRD_TUNNEL) has no MAC to derive an EUI-64 address from.
    if (link.kind === 'ipip') continue;
    if (link.kind === 'loopback') {
      ns.addrs.push({ family: 'inet6', ifindex: link.ifindex, addr: '::1', len: 128, scope: 'host' });
      continue;
    }
    ns.addrs.push({ family: 'inet6', ifindex: link.ifindex, addr: linkLocalOf(link.mac), len: 64, scope: 'link' });
    announce(world, ns, link);
  }
}

/**
 * A host keeps sending router solicitations and MLD reports from its link-local address
 * (rtr_solicits = -1 retries with backoff), so a device already up on the far side of a port
 * is learnt soon after the port starts forwarding: called when a port joins or a bridge
 * comes up.
 */
export function learnFarEnds(world: NetWorld, ns: Netns, bridge: Link): void {
  if (bridge.kind !== 'bridge') return;
  for (const port of ns.links.values()) {
    if (port.master !== bridge.ifindex || port.port?.learning === false || !portForwarding(world, ns, port)) continue;
    const far = peerOf(world, port);
    if (!far || !far.ns.addrs.some((a) => a.family === 'inet6' && a.ifindex === far.link.ifindex)) continue;
    fdbLearn(bridge, far.link.mac, port.ifindex, world.clock.ms);
  }
}

/** The DAD/MLD frames a device sends when it gets its link-local: the far bridge port learns its MAC. */
function announce(world: NetWorld, ns: Netns, link: Link): void {
  const far = peerOf(world, link);
  if (!far) return;
  const br = masterOf(far.ns, far.link);
  if (br && far.link.port?.learning !== false && portForwarding(world, far.ns, far.link)) {
    fdbLearn(br, link.mac, far.link.ifindex, world.clock.ms);
  }
}
