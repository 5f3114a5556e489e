/**
 * Links: creating, finding, changing and deleting the devices of a namespace, as rtnetlink
 * does for `ip link add|set|del` (ip-link(8)). Kernel facts reproduced here:
 * - ifindex is allocated per namespace: the lowest free index at or after the namespace's
 *   cursor (dev_index_reserve / xa_alloc_cyclic in net/core/dev.c); a veth pair created in one
 *   namespace takes two consecutive indexes, the peer first (veth_newlink registers the peer
 *   before the device itself); moving a link keeps its index when free in the target.
 * - New veth, bridge and vxlan devices get random locally administered MACs (eth_hw_addr_random).
 * - A bridge without a user-set MAC takes its lowest port's MAC (br_stp_recalculate_bridge_id).
 * Up/down and carrier live in link-state.ts; bridge FDB entries in fdb.ts.
 */
import { fail, ok, type Result } from '../core/index.ts';
import { randomMac, type Ipv4, type Mac } from '../wire/index.ts';
import type { BridgeLink, Link, LinkRef, LinkStats, NetWorld, Netns, VethLink } from './types.ts';
import { fdbAddLocal, fdbDeletePort, fdbRemoveLocal } from './fdb.ts';
import { learnFarEnds, linkDownCleanup, refreshCarriers } from './link-state.ts';
import { linkLocalOf } from './ipv6.ts';
import { masterOf, peerOf } from './link-peers.ts';

/** What every `addLink` accepts: the device name and optional attributes. */
interface LinkSpecBase {
  /** Device name (IFNAMSIZ: at most 15 characters). */
  name: string;
  /** MAC; random when absent (zero for loopback). */
  mac?: Mac;
  /** MTU; the kind's default when absent (65536 lo, 1500 others, lower dev - 50 for vxlan). */
  mtu?: number;
}

/** Declarative input of `addLink`: one variant per `ip link add ... type KIND`. */
export type LinkSpec =
  | (LinkSpecBase & { kind: 'loopback' | 'bridge' | 'dummy' })
  | (LinkSpecBase & { kind: 'ipip'; local?: Ipv4; remote?: Ipv4 })
  | (LinkSpecBase & { kind: 'ether'; wire?: LinkRef })
  | (LinkSpecBase & {
      kind: 'veth';
      /** Name of the other end (`peer name eth0`). */
      peerName: string;
      /** Namespace of the other end (`peer ... netns NS`); this namespace when absent. */
      peerNetns?: Netns;
      peerMac?: Mac;
      peerMtu?: number;
    })
  | (LinkSpecBase & {
      kind: 'vxlan';
      /** VXLAN network identifier (`id N`). */
      vni: number;
      local?: Ipv4;
      /** The one VTEP of a point-to-point device (`remote`): the all-zeros FDB entry's dst. */
      remote?: Ipv4;
      /** ifindex of the underlay device (`dev eth0`) in this namespace. */
      dev?: number;
      /** UDP port (`dstport`); 8472 (the Linux default, IANA's is 4789) when absent. */
      dstport?: number;
      /** false for `nolearning`. */
      learning?: boolean;
    });

/** Interface names the kernel accepts (dev_valid_name): 1..15 chars, no '/', ':' or space. */
export const validLinkName = (name: string): boolean =>
  name.length > 0 && name.length < 16 && name !== '.' && name !== '..' && !/[/:\s]/.test(name);

const zeroStats = (): LinkStats => ({ rxPackets: 0, rxBytes: 0, rxDropped: 0, txPackets: 0, txBytes: 0, txDropped: 0 });

/** Takes the next free ifindex of `ns` (or keeps `want` when it is free). */
export function allocIfindex(ns: Netns, want?: number): number {
  if (want !== undefined && !ns.links.has(want)) return want;
  let i = ns.nextIfindex;
  while (ns.links.has(i)) i++;
  ns.nextIfindex = i + 1;
  return i;
}

/** The link named `name` in `ns`. */
export function linkByName(ns: Netns, name: string): Link | undefined {
  for (const l of ns.links.values()) if (l.name === name) return l;
  return undefined;
}

/** The link with ifindex `i` in `ns`. */
export const linkByIndex = (ns: Netns, i: number): Link | undefined => ns.links.get(i);

/**
 * Creates a link (`ip link add`). Fails EEXIST when the name (or a veth peer's name in its
 * namespace) is taken, EINVAL for an invalid name. Returns the device (for a veth, the end
 * named `spec.name`; its peer is reachable through `peer`).
 */
export function addLink(world: NetWorld, ns: Netns, spec: LinkSpec): Result<Link> {
  if (!validLinkName(spec.name)) return fail('EINVAL', spec.name);
  if (linkByName(ns, spec.name)) return fail('EEXIST', spec.name);
  const base = (name: string, mac: Mac | undefined, mtu: number | undefined, def: number) => ({
    ifindex: 0, name, mac: mac ?? randomMac(world.rng), mtu: mtu ?? def, up: false, txqlen: 1000, stats: zeroStats(),
  });
  switch (spec.kind) {
    case 'veth': {
      const pns = spec.peerNetns ?? ns;
      if (!validLinkName(spec.peerName)) return fail('EINVAL', spec.peerName);
      if (linkByName(pns, spec.peerName) || (pns === ns && spec.peerName === spec.name)) return fail('EEXIST', spec.peerName);
      const peer: VethLink = { ...base(spec.peerName, spec.peerMac, spec.peerMtu, 1500), kind: 'veth', peer: { netns: ns.id, ifindex: 0 } };
      peer.ifindex = allocIfindex(pns);
      pns.links.set(peer.ifindex, peer);
      const dev: VethLink = { ...base(spec.name, spec.mac, spec.mtu, 1500), kind: 'veth', peer: { netns: pns.id, ifindex: peer.ifindex } };
      dev.ifindex = allocIfindex(ns);
      ns.links.set(dev.ifindex, dev);
      peer.peer.ifindex = dev.ifindex;
      return ok(dev);
    }
    case 'vxlan': {
      // vxlan_dev_configure: with a lower device the MTU is its MTU minus the 50-byte header.
      const lower = spec.dev === undefined ? undefined : ns.links.get(spec.dev);
      const link: Link = {
        ...base(spec.name, spec.mac, spec.mtu, lower ? lower.mtu - 50 : 1500), kind: 'vxlan', vni: spec.vni,
        dstport: spec.dstport ?? 8472, learning: spec.learning ?? true, fdb: [],
        ...(spec.remote === undefined ? {} : { remote: spec.remote }),
        ...(spec.local === undefined ? {} : { local: spec.local }), ...(spec.dev === undefined ? {} : { dev: spec.dev }),
      };
      register(ns, link);
      // vxlan_dev_configure: `remote` is the default destination, an all-zeros FDB entry.
      if (spec.remote !== undefined) link.fdb.push({ mac: '00:00:00:00:00:00', port: link.ifindex, state: 'permanent', updated: 0, dst: spec.remote });
      return ok(link);
    }
    case 'bridge': {
      const link: BridgeLink = { ...base(spec.name, spec.mac, spec.mtu, 1500), kind: 'bridge', fdb: [], ageingTime: 300, stp: false };
      register(ns, link);
      if (spec.mac !== undefined) { link.macSet = true; fdbAddLocal(link, link.mac, link.ifindex); }
      return ok(link);
    }
    case 'loopback':
      return ok(register(ns, { ...base(spec.name, '00:00:00:00:00:00', spec.mtu, 65536), kind: 'loopback' }));
    case 'dummy':
      return ok(register(ns, { ...base(spec.name, spec.mac, spec.mtu, 1500), kind: 'dummy' }));
    case 'ether':
      return ok(register(ns, { ...base(spec.name, spec.mac, spec.mtu, 1500), kind: 'ether', ...(spec.wire ? { wire: spec.wire } : {}) }));
    case 'ipip':
      // ip_tunnel_init / ipip_tunnel_setup: no link-layer address, MTU 1500 - 20 (outer header).
      return ok(register(ns, {
        ...base(spec.name, '00:00:00:00:00:00', spec.mtu, 1480), kind: 'ipip',
        ...(spec.local === undefined ? {} : { local: spec.local }), ...(spec.remote === undefined ? {} : { remote: spec.remote }),
      }));
  }
}

function register<L extends Link>(ns: Netns, link: L): L {
  link.ifindex = allocIfindex(ns);
  ns.links.set(link.ifindex, link);
  return link;
}

/** Recomputes a bridge's MAC from its ports unless the user set it (br_stp_recalculate_bridge_id). */
export function recalcBridgeMac(ns: Netns, br: BridgeLink): void {
  if (br.macSet) return;
  const macs = [...ns.links.values()].filter((l) => l.master === br.ifindex).map((l) => l.mac).sort();
  if (macs[0] !== undefined) br.mac = macs[0];
}

/**
 * Enslaves `link` to `bridge` (`ip link set X master BR`) or releases it (undefined,
 * `nomaster`). The port's MAC becomes a permanent local FDB entry (br_fdb_add_local).
 * EINVAL for lo, ELOOP for a bridge (details carry the kernel's extack text).
 */
export function setMaster(world: NetWorld, ns: Netns, link: Link, bridge: BridgeLink | undefined): Result {
  const old = masterOf(ns, link);
  // br_add_if's refusals, with the extack texts the kernel sends.
  if (bridge && link.kind === 'loopback') return fail('EINVAL', 'Can not enslave loopback to a bridge');
  if (bridge && link.kind === 'bridge') return fail('ELOOP', 'Can not enslave a bridge to a bridge');
  if (old === bridge) return ok(undefined);
  if (old) {
    fdbDeletePort(old, link.ifindex);
    delete link.master;
    delete link.port;
    recalcBridgeMac(ns, old);
  }
  if (bridge) {
    link.master = bridge.ifindex;
    link.port = { hairpin: false, learning: true, flood: true };
    fdbAddLocal(bridge, link.mac, link.ifindex);
    recalcBridgeMac(ns, bridge);
  }
  refreshCarriers(world, ns);
  if (bridge) learnFarEnds(world, ns, bridge);
  return ok(undefined);
}

/**
 * Sets the MTU (`ip link set X mtu N`); EINVAL outside the device's min..max (68..65535; lo
 * has no limits), with dev_validate_mtu's extack text.
 */
export function setMtu(ns: Netns, link: Link, mtu: number): Result {
  const [min, max] = link.kind === 'loopback' ? [0, 0x7fffffff] : [68, 65535];
  if (!Number.isInteger(mtu) || mtu < min) return fail('EINVAL', 'mtu less than device minimum.');
  if (mtu > max) return fail('EINVAL', 'mtu greater than device maximum.');
  link.mtu = mtu;
  return ok(undefined);
}

/**
 * Sets the MAC (`ip link set X address M`). A bridge remembers that it was set; a port's
 * local FDB entry follows its MAC (br_fdb_changeaddr); an EUI-64 link-local address is
 * regenerated from the new MAC (addrconf on NETDEV_CHANGEADDR).
 */
export function setMac(ns: Netns, link: Link, mac: Mac): Result {
  if (link.kind === 'loopback') return fail('EOPNOTSUPP', link.name);
  if (parseInt(mac.slice(0, 2), 16) & 1) return fail('EADDRNOTAVAIL', mac);
  const old = link.mac;
  link.mac = mac;
  const br = masterOf(ns, link);
  if (br) {
    fdbRemoveLocal(br, old, link.ifindex);
    fdbAddLocal(br, mac, link.ifindex);
    recalcBridgeMac(ns, br);
  }
  if (link.kind === 'bridge') {
    link.macSet = true;
    fdbRemoveLocal(link, old, link.ifindex);
    fdbAddLocal(link, mac, link.ifindex);
  }
  for (const a of ns.addrs) {
    if (a.family === 'inet6' && a.ifindex === link.ifindex && a.addr.startsWith('fe80:')) a.addr = linkLocalOf(mac);
  }
  return ok(undefined);
}

/**
 * Renames a link (`ip link set X name Y`); EEXIST when taken. Kernels since 6.x rename an
 * up device too (captured on 6.18: `ip link set veth-b name veth-x` while up succeeds).
 */
export function renameLink(ns: Netns, link: Link, name: string): Result {
  if (!validLinkName(name)) return fail('EINVAL', name);
  if (name === link.name) return ok(undefined);
  if (linkByName(ns, name)) return fail('EEXIST', name);
  link.name = name;
  return ok(undefined);
}

/**
 * Moves a link to another namespace (`ip link set X netns NS`). As dev_change_net_namespace
 * does: the device goes down, loses its addresses, routes, neighbours and master, and keeps
 * its ifindex when free in the target. EEXIST when the name is taken there; EINVAL for the
 * devices the kernel marks netns-local (lo and bridges: `netns_local` in their setup).
 */
export function setLinkNetns(world: NetWorld, fromNs: Netns, link: Link, toNs: Netns): Result {
  if (fromNs === toNs) return ok(undefined);
  if (link.kind === 'loopback' || link.kind === 'bridge') return fail('EINVAL', 'The interface netns is immutable.');
  if (linkByName(toNs, link.name)) return fail('EEXIST', link.name);
  if (link.up) {
    link.up = false;
    linkDownCleanup(world, fromNs, link);
  }
  const br = masterOf(fromNs, link);
  if (br) setMaster(world, fromNs, link, undefined);
  fromNs.addrs = fromNs.addrs.filter((a) => a.ifindex !== link.ifindex);
  fromNs.routes = fromNs.routes.filter((r) => r.dev !== link.ifindex);
  fromNs.links.delete(link.ifindex);
  link.ifindex = allocIfindex(toNs, link.ifindex);
  toNs.links.set(link.ifindex, link);
  const peer = peerOf(world, link);
  if (link.kind === 'veth' && peer?.link.kind === 'veth') peer.link.peer = { netns: toNs.id, ifindex: link.ifindex };
  if (link.kind === 'ether' && peer?.link.kind === 'ether') peer.link.wire = { netns: toNs.id, ifindex: link.ifindex };
  refreshCarriers(world, fromNs);
  refreshCarriers(world, toNs);
  return ok(undefined);
}

/**
 * Deletes a link (`ip link del`): a veth takes its peer along (veth_dellink), a bridge
 * releases its ports, vxlan devices over it go too (vxlan_handle_lowerdev_unregister), and
 * its addresses, routes and neighbours disappear. EOPNOTSUPP for lo (it cannot be deleted).
 */
export function deleteLink(world: NetWorld, ns: Netns, link: Link): Result {
  // lo has no rtnl_link_ops dellink: rtnl_dellink answers EOPNOTSUPP.
  if (link.kind === 'loopback') return fail('EOPNOTSUPP', link.name);
  if (!ns.links.has(link.ifindex)) return fail('ENODEV', link.name);
  const peer = peerOf(world, link);
  removeOne(world, ns, link);
  if (link.kind === 'veth' && peer) removeOne(world, peer.ns, peer.link);
  if (link.kind === 'ether' && peer?.link.kind === 'ether') delete peer.link.wire;
  refreshCarriers(world, ns);
  if (peer && peer.ns !== ns) refreshCarriers(world, peer.ns);
  return ok(undefined);
}

function removeOne(world: NetWorld, ns: Netns, link: Link): void {
  if (link.up) {
    link.up = false;
    linkDownCleanup(world, ns, link);
  }
  const br = masterOf(ns, link);
  if (br) setMaster(world, ns, link, undefined);
  for (const l of [...ns.links.values()]) {
    if (l.master === link.ifindex) setMaster(world, ns, l, undefined);
    if (l.kind === 'vxlan' && l.dev === link.ifindex) removeOne(world, ns, l);
  }
  ns.addrs = ns.addrs.filter((a) => a.ifindex !== link.ifindex);
  ns.routes = ns.routes.filter((r) => r.dev !== link.ifindex);
  ns.neigh = ns.neigh.filter((n) => n.ifindex !== link.ifindex);
  ns.links.delete(link.ifindex);
}

export { formatIpv6Groups, linkLocalOf } from './ipv6.ts';
