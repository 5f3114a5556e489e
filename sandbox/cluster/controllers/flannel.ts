/**
 * flanneld, one per node (flannel-io/flannel backend/vxlan and backend/hostgw): once a node
 * has its podCIDR it writes /run/flannel/subnet.env (and the install-cni container the CNI
 * config /etc/cni/net.d/10-flannel.conflist), then programs the other nodes' subnets:
 * - vxlan: `flannel.1` (VNI 1, local = node IP, dev = the NIC, dstport 8472, nolearning,
 *   MTU = NIC - 50) with the subnet's network address /32; per remote node the route
 *   `SUBNET via NET dev flannel.1 onlink`, the PERMANENT neighbour NET -> remote VTEP MAC and
 *   the FDB entry VTEP MAC -> remote node IP;
 * - host-gw: per remote node `SUBNET via NODE-IP dev eth0`;
 * - routes (a cloud VPC route table): nothing on the nodes; the route controller
 *   (cloud-routes.ts) puts one route per node on the router.
 * A node that joins or leaves changes every other node, as flanneld's lease watch does. The
 * lease travels through the Node's `flannel.alpha.coreos.com/*` annotations (flannel-lease.ts):
 * each node writes its own, and the others program their entries from what the annotations say.
 */
import type { World } from '../../fabric/world.ts';
import { addAddress } from '../../net/addr.ts';
import { vxlanFdbAdd, vxlanFdbDel } from '../../net/fdb.ts';
import { addLink, linkByName } from '../../net/link.ts';
import { setLinkUp } from '../../net/link-state.ts';
import { neighAdd, neighDel } from '../../net/neigh.ts';
import { addRoute, delRoute } from '../../net/route.ts';
import type { Netns, VxlanLink } from '../../net/types.ts';
import { formatIpv4, networkOf, parseCidr, parseIpv4, randomMac } from '../../wire/index.ts';
import { BRIDGE_CONFLIST, bridgeConflist, installPlugins } from '../cni/node-files.ts';
import { gatewayOf } from '../cni/host-local.ts';
import { getObject, listObjects } from '../store.ts';
import type { ClusterState, FlannelLease, KubeObject, NodeRuntime } from '../types.ts';
import { leaseAnnotations, leaseOf, sameLease, writeLease } from './flannel-lease.ts';
import { nodeNetns } from './kubelet.ts';
import { flannelRules, hasChain, restoreNoflush } from './node-rules.ts';
import { syncCloudRoutes } from './cloud-routes.ts';

/** flannel's VXLAN device name for VNI 1. */
export const VTEP = 'flannel.1';

/** The CNI config kube-flannel's install-cni container copies (kube-flannel.yml cni-conf.json). */
export const FLANNEL_CONFLIST = `{
  "name": "cbr0",
  "cniVersion": "0.3.1",
  "plugins": [
    {
      "type": "flannel",
      "delegate": {
        "hairpinMode": true,
        "isDefaultGateway": true
      }
    },
    {
      "type": "portmap",
      "capabilities": {
        "portMappings": true
      }
    }
  ]
}
`;

/** /run/flannel/subnet.env as flanneld writes it. */
export const subnetEnv = (network: string, subnet: string, mtu: number): string =>
  `FLANNEL_NETWORK=${network}\nFLANNEL_SUBNET=${gatewayOf(subnet)}/${subnet.split('/')[1]}\nFLANNEL_MTU=${mtu}\nFLANNEL_IPMASQ=true\n`;

/** Per node: files, the VTEP, its lease annotations, and the routes to every other node's subnet. */
export function reconcileFlannel(c: ClusterState, world: World): boolean {
  // A Calico cluster runs calico-node instead (calico-node.ts).
  if (c.config.cni === 'calico') return false;
  let changed = false;
  const live = listObjects(c, 'Node')
    .map((n) => ({ obj: n, name: n.metadata.name, cidr: (n.spec as { podCIDR?: string } | undefined)?.podCIDR, rt: c.nodes.get(n.metadata.name) }))
    .filter((n): n is { obj: KubeObject; name: string; cidr: string; rt: NodeRuntime } => !!n.cidr && !!n.rt);
  if (c.config.network === 'routes' && syncCloudRoutes(world, c, live.map((n) => ({ name: n.name, cidr: n.cidr, ip: n.rt.ip })))) changed = true;
  for (const self of live) {
    const ns = nodeNetns(world, c, self.name);
    const machine = world.machines.get(self.rt.machine);
    if (!ns || !machine) continue;
    // routes mode (a cloud route table): no flanneld on the nodes, the image's bridge config.
    if (c.config.network === 'routes') {
      if (!machine.files.has(BRIDGE_CONFLIST)) {
        machine.files.set(BRIDGE_CONFLIST, bridgeConflist(self.cidr, c.config.clusterCidr, c.config.mtu));
        changed = true;
      }
      continue;
    }
    if (machine.files.get('/run/flannel/subnet.env') === undefined) {
      machine.files.set('/run/flannel/subnet.env', subnetEnv(c.config.clusterCidr, self.cidr, c.config.mtu));
      // kube-flannel's init containers: install-cni-plugin, then install-cni.
      installPlugins(machine.files, ['flannel']);
      machine.files.set('/etc/cni/net.d/10-flannel.conflist', FLANNEL_CONFLIST);
      changed = true;
    }
    if (c.config.network === 'vxlan' && ensureVtep(world, ns, self.rt, self.cidr)) changed = true;
    if (!hasChain(ns, 'nat', 'FLANNEL-POSTRTG')) {
      restoreNoflush(world, ns, flannelRules(c.config.clusterCidr, self.cidr));
      changed = true;
    }
    // AcquireLease: the VtepMAC is the device's own address, whoever created flannel.1.
    const vtep = linkByName(ns, VTEP);
    const vtepMac = c.config.network === 'vxlan' ? vtep?.mac : undefined;
    if (c.config.network === 'host-gw' || vtepMac) {
      if (writeLease(world, self.obj, leaseAnnotations(self.obj, c.config.network, self.rt.ip, vtepMac))) changed = true;
    }
  }
  if (c.config.network === 'routes') return changed;
  // The lease watch: every node programs the others from their Node annotations (nodeToLease).
  const leases = new Map<string, FlannelLease>();
  for (const n of live) {
    const obj = getObject(c, 'Node', undefined, n.name);
    const lease = obj ? leaseOf(obj) : undefined;
    if (lease && lease.backendType === c.config.network) leases.set(n.cidr, lease);
  }
  for (const self of live) {
    const ns = nodeNetns(world, c, self.name);
    if (!ns) continue;
    const want = new Map([...leases].filter(([, l]) => l.node !== self.name));
    for (const [cidr, had] of [...self.rt.flannelPeers]) {
      const now = want.get(cidr);
      if (!now || !sameLease(now, had)) { removePeer(ns, c, cidr, had); self.rt.flannelPeers.delete(cidr); changed = true; }
    }
    for (const [cidr, lease] of want) {
      if (self.rt.flannelPeers.has(cidr)) continue;
      if (addPeer(world, ns, c, self.rt, cidr, lease)) { self.rt.flannelPeers.set(cidr, lease); changed = true; }
    }
  }
  return changed;
}

function ensureVtep(world: World, ns: Netns, rt: NodeRuntime, cidr: string): boolean {
  if (linkByName(ns, VTEP)) return false;
  const nic = linkByName(ns, rt.nic);
  if (!nic) return false;
  rt.vtepMac ??= randomMac(world.rng);
  const made = addLink(world, ns, { kind: 'vxlan', name: VTEP, vni: 1, local: parseIpv4(rt.ip)!, dev: nic.ifindex, dstport: 8472, learning: false, mac: rt.vtepMac });
  if (!made.ok) return false;
  const net = networkOf(parseCidr(cidr)!);
  addAddress(ns, { family: 'inet', ifindex: made.value.ifindex, addr: net, len: 32, scope: 'global' });
  setLinkUp(world, ns, made.value, true);
  return true;
}

/** backend/vxlan handleSubnetEvents (added) and backend/hostgw's route, from the peer's lease. */
function addPeer(world: World, ns: Netns, c: ClusterState, self: NodeRuntime, cidr: string, peer: FlannelLease): boolean {
  const dst = parseCidr(cidr)!;
  const net = networkOf(dst);
  const base = { table: 254, type: 'unicast' as const, dst: { addr: net, len: dst.len }, proto: 'boot' as const, scope: 'global' as const };
  const publicIp = parseIpv4(peer.publicIp);
  if (publicIp === undefined) return false;
  if (c.config.network === 'vxlan') {
    const vtep = linkByName(ns, VTEP) as VxlanLink | undefined;
    if (!vtep || !peer.vtepMac) return false;
    addRoute(ns, { ...base, via: net, dev: vtep.ifindex, onlink: true });
    neighAdd(ns, vtep.ifindex, net, peer.vtepMac, 'PERMANENT', 'replace', world.clock.ms);
    vxlanFdbAdd(vtep, peer.vtepMac, publicIp, 'append', world.clock.ms);
    return true;
  }
  if (c.config.network === 'host-gw') {
    const nic = linkByName(ns, self.nic);
    if (!nic) return false;
    return addRoute(ns, { ...base, via: publicIp, dev: nic.ifindex }).ok;
  }
  return true;
}

/** handleSubnetEvents (removed): the route, and for vxlan the neighbour and FDB entry the lease made. */
function removePeer(ns: Netns, c: ClusterState, cidr: string, had: FlannelLease): void {
  const dst = parseCidr(cidr)!;
  const net = networkOf(dst);
  delRoute(ns, { table: 254, dst: { addr: net, len: dst.len } });
  const vtep = linkByName(ns, VTEP) as VxlanLink | undefined;
  if (c.config.network === 'vxlan' && vtep) {
    neighDel(ns, vtep.ifindex, net);
    if (had.vtepMac) vxlanFdbDel(vtep, had.vtepMac);
  }
}
