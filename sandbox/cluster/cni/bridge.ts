/**
 * The CNI bridge plugin (containernetworking/plugins/plugins/main/bridge) as flannel's CNI
 * plugin delegates to it: `isGateway`/`isDefaultGateway` true, `hairpinMode` true, the MTU
 * from /run/flannel/subnet.env, host-local IPAM over the node's subnet with a route to the
 * cluster CIDR. ADD creates `cni0` on first use (gateway .1/24), a veth pair whose host end
 * is `veth` + 8 random hex digits (ip.RandomVethName) enslaved to cni0 with hairpin on, and
 * configures `eth0` in the pod's namespace. MACs follow the reference lab: the pod's
 * `0a:58:` + its IP in hex (what the plugin used to assign), the host end `6a:58:` + IP.
 * DEL releases the address and deletes the veth (and with it the pod's eth0). Both keep
 * host-local's files under /var/lib/cni/networks/cbr0 on the node in step (host-local.ts).
 */
import { fail, ok, type Result } from '../../core/index.ts';
import type { World } from '../../fabric/world.ts';
import { addAddress } from '../../net/addr.ts';
import { addLink, deleteLink, linkByName, setMaster } from '../../net/link.ts';
import { setLinkUp } from '../../net/link-state.ts';
import { addRoute } from '../../net/route.ts';
import type { BridgeLink, Netns } from '../../net/types.ts';
import { broadcastOf, parseCidr, parseIpv4 } from '../../wire/index.ts';
import { randomHex } from '../ids.ts';
import { allocate, gatewayOf, hostLocalState, release, syncHostLocalFiles } from './host-local.ts';
import type { NodeRuntime } from '../types.ts';

/** The bridge's name in flannel's delegate config (the plugin's default is also `cni0`). */
export const BRIDGE = 'cni0';

/** `prefix` + the four octets of `ip` in hex (`0a:58:0a:f4:01:02`). */
export const macFromIp = (prefix: string, ip: string): string =>
  `${prefix}:${ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join(':')}`;

/** What ADD hands back (the CNI result the runtime records). */
export interface CniResult {
  ip: string;
  hostVeth: string;
}

function ensureBridge(world: World, nodeNs: Netns, subnet: string, mtu: number): Result<BridgeLink> {
  const existing = linkByName(nodeNs, BRIDGE);
  if (existing) return existing.kind === 'bridge' ? ok(existing) : fail('EEXIST', BRIDGE);
  const gw = gatewayOf(subnet);
  const made = addLink(world, nodeNs, { kind: 'bridge', name: BRIDGE, mac: macFromIp('0a:58', gw), mtu });
  if (!made.ok) return made;
  const br = made.value as BridgeLink;
  const c = parseCidr(subnet)!;
  const added = addAddress(nodeNs, { family: 'inet', ifindex: br.ifindex, addr: parseIpv4(gw)!, len: c.len, brd: broadcastOf(c), scope: 'global' });
  if (!added.ok) return added;
  setLinkUp(world, nodeNs, br, true);
  return ok(br);
}

/**
 * CNI ADD for a pod whose namespace `podNs` the pause container already holds. Fails when
 * the node has no subnet yet or the range is exhausted (the pod then stays
 * ContainerCreating, as with a real runtime).
 */
export function cniAdd(world: World, node: NodeRuntime, nodeNs: Netns, podNs: Netns, containerId: string,
  opts: { clusterCidr: string; mtu: number }): Result<CniResult> {
  if (!node.ipam) return fail('ENOENT', 'subnet.env not found');
  const br = ensureBridge(world, nodeNs, node.ipam.subnet, opts.mtu);
  if (!br.ok) return br;
  const ip = allocate(node.ipam, containerId);
  if (ip === undefined) return fail('ENOBUFS', `no IP addresses available in range set: ${node.ipam.subnet}`);
  let hostVeth = `veth${randomHex(world.rng, 8)}`;
  while (linkByName(nodeNs, hostVeth)) hostVeth = `veth${randomHex(world.rng, 8)}`;
  const made = addLink(world, nodeNs, {
    kind: 'veth', name: hostVeth, mac: macFromIp('6a:58', ip), mtu: opts.mtu,
    peerName: 'eth0', peerNetns: podNs, peerMac: macFromIp('0a:58', ip), peerMtu: opts.mtu,
  });
  if (!made.ok) { release(node.ipam, containerId); return made; }
  syncIpamFiles(world, node);
  const host = made.value;
  setMaster(world, nodeNs, host, br.value);
  if (host.port) host.port.hairpin = true;
  setLinkUp(world, nodeNs, host, true);
  const eth0 = linkByName(podNs, 'eth0')!;
  const subnet = parseCidr(node.ipam.subnet)!;
  addAddress(podNs, { family: 'inet', ifindex: eth0.ifindex, addr: parseIpv4(ip)!, len: subnet.len, brd: broadcastOf(subnet), scope: 'global' });
  setLinkUp(world, podNs, eth0, true);
  const gw = parseIpv4(gatewayOf(node.ipam.subnet))!;
  const base = { table: 254, type: 'unicast' as const, via: gw, dev: eth0.ifindex, proto: 'boot' as const, scope: 'global' as const };
  addRoute(podNs, { ...base, dst: { addr: 0, len: 0 } });
  addRoute(podNs, { ...base, dst: parseCidr(opts.clusterCidr)! });
  return ok({ ip, hostVeth });
}

/** CNI DEL: releases the pod's address and deletes its veth pair (if still there). */
export function cniDel(world: World, node: NodeRuntime, nodeNs: Netns | undefined, containerId: string, hostVeth: string): void {
  if (node.ipam) { release(node.ipam, containerId); syncIpamFiles(world, node); }
  const veth = nodeNs && hostVeth ? linkByName(nodeNs, hostVeth) : undefined;
  if (nodeNs && veth) deleteLink(world, nodeNs, veth);
}

/** host-local's disk store on the node's machine follows the allocator's state. */
function syncIpamFiles(world: World, node: NodeRuntime): void {
  const m = world.machines.get(node.machine);
  if (m && node.ipam) syncHostLocalFiles(m.files, node.ipam);
}

/** Ensures `node.ipam` covers `subnet` (a node that got a new podCIDR starts a fresh range). */
export function ensureIpam(node: NodeRuntime, subnet: string): void {
  if (!node.ipam || node.ipam.subnet !== subnet) node.ipam = hostLocalState(subnet);
}
