/**
 * The Calico CNI plugin (projectcalico/calico cni-plugin, dataplane/linux DoNetworking) with
 * calico-ipam: pure layer 3, no bridge. ADD creates a veth whose host end is `cali` + 11 hex
 * digits of sha1("<namespace>.<pod>") (sha1.ts) with the fixed MAC ee:ee:ee:ee:ee:ee, gives
 * the pod's `eth0` its address as a /32 and two routes, `169.254.1.1 dev eth0 scope link` and
 * `default via 169.254.1.1 dev eth0`, and on the host turns on proxy_arp (with proxy_delay 0)
 * and forwarding for the veth, so the host end answers ARP for the made-up gateway
 * (net/datapath/proxy-arp.ts), and routes the pod with `<ip> dev cali... scope link`. DEL
 * releases the address and deletes the veth, which takes its route with it.
 */
import { fail, ok, type Result } from '../../core/index.ts';
import type { World } from '../../fabric/world.ts';
import { addAddress } from '../../net/addr.ts';
import { addLink, deleteLink, linkByName } from '../../net/link.ts';
import { setLinkUp } from '../../net/link-state.ts';
import { addRoute } from '../../net/route.ts';
import { setSysctl } from '../../net/sysctl.ts';
import type { Netns } from '../../net/types.ts';
import { parseIpv4, randomMac } from '../../wire/index.ts';
import type { CalicoState } from '../calico/types.ts';
import { autoAssign, releaseByHandle } from './calico-ipam.ts';
import { caliVethName } from './sha1.ts';

/** The pod's gateway: a link-local address no device has; proxy ARP answers for it. */
export const CALICO_GATEWAY = '169.254.1.1';
/** The MAC Calico gives every host-side veth (the pod's neighbour entry for its gateway). */
export const CALI_MAC = 'ee:ee:ee:ee:ee:ee';
/** The network name of Calico's conflist, the prefix of its IPAM handles. */
export const CALICO_NETWORK = 'k8s-pod-network';

/** What ADD needs besides the namespaces. */
export interface CalicoAddArgs {
  node: string;
  namespace: string;
  pod: string;
  containerId: string;
  /** The IP pool (`default-ipv4-ippool` spec.cidr) and its blockSize. */
  pool: string;
  blockSize: number;
  /** The veth MTU (`veth_mtu` in calico-config). */
  mtu: number;
}

/** What ADD made: the pod's address, the host end of its veth and the pod end's MAC. */
export interface CalicoAdded {
  ip: string;
  hostVeth: string;
  podMac: string;
}

/** CNI ADD. Fails when the pool has no address left (the pod stays ContainerCreating). */
export function calicoCniAdd(world: World, s: CalicoState, nodeNs: Netns, podNs: Netns, a: CalicoAddArgs): Result<CalicoAdded> {
  const handle = `${CALICO_NETWORK}.${a.containerId}`;
  const ip = autoAssign(s, a.pool, a.blockSize, a.node, handle);
  if (ip === undefined) return fail('ENOBUFS', `no more free affine blocks and strict affinity not set (pool ${a.pool})`);
  const hostVeth = caliVethName(a.namespace, a.pod);
  const stale = linkByName(nodeNs, hostVeth);
  if (stale) deleteLink(world, nodeNs, stale);
  const made = addLink(world, nodeNs, {
    kind: 'veth', name: hostVeth, mac: CALI_MAC, mtu: a.mtu, peerName: 'eth0', peerNetns: podNs, peerMac: randomMac(world.rng), peerMtu: a.mtu,
  });
  if (!made.ok) { releaseByHandle(s, handle); return made; }
  const host = made.value;
  for (const [k, v] of [[`net.ipv4.conf.${hostVeth}.proxy_arp`, '1'], [`net.ipv4.neigh.${hostVeth}.proxy_delay`, '0'], [`net.ipv4.conf.${hostVeth}.forwarding`, '1']] as const) {
    setSysctl(nodeNs, k, v);
  }
  setLinkUp(world, nodeNs, host, true);
  const eth0 = linkByName(podNs, 'eth0')!;
  const addr = parseIpv4(ip)!;
  addAddress(podNs, { family: 'inet', ifindex: eth0.ifindex, addr, len: 32, scope: 'global' });
  setLinkUp(world, podNs, eth0, true);
  const gw = parseIpv4(CALICO_GATEWAY)!;
  const base = { table: 254, type: 'unicast' as const, proto: 'boot' as const, dev: eth0.ifindex };
  addRoute(podNs, { ...base, dst: { addr: gw, len: 32 }, scope: 'link' });
  addRoute(podNs, { ...base, dst: { addr: 0, len: 0 }, via: gw, scope: 'global' });
  addRoute(nodeNs, { table: 254, type: 'unicast', proto: 'boot', dev: host.ifindex, dst: { addr, len: 32 }, scope: 'link' });
  return ok({ ip, hostVeth, podMac: eth0.mac });
}

/** CNI DEL: releases the pod's address and deletes its veth (and with it the /32 route). */
export function calicoCniDel(world: World, s: CalicoState, nodeNs: Netns | undefined, containerId: string, hostVeth: string): void {
  releaseByHandle(s, `${CALICO_NETWORK}.${containerId}`);
  const veth = nodeNs && hostVeth ? linkByName(nodeNs, hostVeth) : undefined;
  if (nodeNs && veth) deleteLink(world, nodeNs, veth);
}
