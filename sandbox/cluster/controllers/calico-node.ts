/**
 * calico-node, one per node (the DaemonSet's install-cni, confd + BIRD and Felix), when the
 * cluster's CNI is Calico: writes /etc/cni/net.d/10-calico.conflist; publishes the node's
 * address (`projectcalico.org/IPv4Address`) and tunnel address on its Node; claims the node's
 * first IPAM block; keeps tunl0 (MTU 1480, the tunnel address as a /32) while the pool's
 * ipipMode is not Never; runs the node's BIRD (calico/bird.ts): the mesh sessions and the
 * `proto bird` routes, reprogrammed when their inputs change. Pods are wired by the CNI
 * plugin (cni/calico.ts) through the kubelet; NetworkPolicy by the policy agent.
 */
import type { World } from '../../fabric/world.ts';
import { addAddress, inet4Of } from '../../net/addr.ts';
import { addLink, linkByName } from '../../net/link.ts';
import { setLinkUp } from '../../net/link-state.ts';
import { addRoute, delRoute } from '../../net/route.ts';
import type { Netns } from '../../net/types.ts';
import { formatIpv4, networkOf, parseCidr, parseIpv4 } from '../../wire/index.ts';
import { autoAssign, blocksOf, calicoState, claimBlock } from '../cni/calico-ipam.ts';
import { birdRoutes, peerReachable } from '../calico/bird.ts';
import { poolOf } from '../calico/ippool.ts';
import type { BirdState, CalicoState } from '../calico/types.ts';
import { listObjects } from '../store.ts';
import type { ClusterState, NodeRuntime } from '../types.ts';
import { writeLease } from './flannel-lease.ts';
import { nodeNetns } from './kubelet.ts';
import { calicoConflist } from '../calico/conflist.ts';
import { installPlugins } from '../cni/node-files.ts';
import { felixNatRules } from '../calico/felix-nat.ts';
import { hasChain, restoreNoflush } from './node-rules.ts';

/** Wall-clock ms now (BIRD's `since` is a time of day). */
const wallMs = (world: World): number => world.clock.epochMs + world.clock.ms;

/** The ipip device Calico routes through. */
export const TUNL0 = 'tunl0';

/** Per node: files, annotations, block, tunl0; then every node's BIRD. */
export function reconcileCalicoNode(c: ClusterState, world: World): boolean {
  if (c.config.cni !== 'calico') return false;
  const s = (c.calico ??= calicoState());
  const pool = poolOf(c);
  let changed = false;
  const nodes = listObjects(c, 'Node').map((o) => ({ obj: o, name: o.metadata.name, rt: c.nodes.get(o.metadata.name) }))
    .filter((n): n is typeof n & { rt: NodeRuntime } => !!n.rt);
  for (const n of nodes) {
    const ns = nodeNetns(world, c, n.name);
    const m = world.machines.get(n.rt.machine);
    if (!ns || !m) continue;
    if (m.files.get('/etc/cni/net.d/10-calico.conflist') === undefined) {
      // calico-node's install-cni container copies its plugins in and writes the config.
      installPlugins(m.files, ['calico', 'calico-ipam']);
      m.files.set('/etc/cni/net.d/10-calico.conflist', calicoConflist(n.name));
      changed = true;
    }
    if (!hasChain(ns, 'nat', 'cali-nat-outgoing')) { restoreNoflush(world, ns, felixNatRules(pool.cidr)); changed = true; }
    if (blocksOf(s, n.name).length === 0 && claimBlock(s, pool.cidr, pool.blockSize, n.name)) changed = true;
    const tunnel = pool.ipipMode === 'Never' ? undefined : ensureTunl0(world, ns, s, pool, n.name);
    if (tunnel?.changed) changed = true;
    const tunnelIp = tunnel?.addr;
    const annotations: Record<string, string> = { 'projectcalico.org/IPv4Address': `${n.rt.ip}/${subnetLen(ns, n.rt)}` };
    if (tunnelIp) annotations['projectcalico.org/IPv4IPIPTunnelAddr'] = tunnelIp;
    if (writeLease(world, n.obj, annotations)) changed = true;
    if (!s.bird.has(n.name)) { s.bird.set(n.name, { startedAt: wallMs(world), peers: [], exported: new Map() }); changed = true; }
  }
  for (const n of nodes) {
    const ns = nodeNetns(world, c, n.name);
    const bird = s.bird.get(n.name);
    if (ns && bird && runBird(world, ns, s, bird, n.name, n.rt, nodes.filter((x) => x.name !== n.name), pool.ipipMode)) changed = true;
  }
  return changed;
}

/** The prefix length of the node's address on its NIC (what calico-node autodetects). */
function subnetLen(ns: Netns, rt: NodeRuntime): number {
  const nic = linkByName(ns, rt.nic);
  return (nic && inet4Of(ns, nic.ifindex).find((a) => formatIpv4(a.addr) === rt.ip)?.len) || 32;
}

/**
 * calico-node's tunnel address allocation and Felix's ipip manager: tunl0 up with the node's
 * tunnel address as a /32. Returns that address and whether anything had to change.
 */
function ensureTunl0(world: World, ns: Netns, s: CalicoState, pool: ReturnType<typeof poolOf>, node: string): { addr?: string; changed: boolean } {
  const handle = `ipip-tunnel-addr-${node}`;
  let changed = false;
  let addr = tunnelAddressOf(s, handle);
  if (addr === undefined) { addr = autoAssign(s, pool.cidr, pool.blockSize, node, handle); changed = true; }
  let dev = linkByName(ns, TUNL0);
  if (!dev) {
    const made = addLink(world, ns, { kind: 'ipip', name: TUNL0 });
    if (!made.ok) return { changed };
    dev = made.value;
    changed = true;
  }
  const ifindex = dev.ifindex;
  if (addr && !ns.addrs.some((a) => a.family === 'inet' && a.ifindex === ifindex)) {
    addAddress(ns, { family: 'inet', ifindex, addr: parseIpv4(addr)!, len: 32, scope: 'global' });
    changed = true;
  }
  if (!dev.up) { setLinkUp(world, ns, dev, true); changed = true; }
  return { ...(addr === undefined ? {} : { addr }), changed };
}

function tunnelAddressOf(s: CalicoState, handle: string): string | undefined {
  for (const b of s.blocks) for (const [o, h] of b.allocations) if (h === handle) return formatIpv4((parseCidr(b.cidr)!.addr + o) >>> 0);
  return undefined;
}

/** One BIRD: session states, then the kernel routes that differ from what it last exported. */
function runBird(world: World, ns: Netns, s: CalicoState, bird: BirdState, name: string, rt: NodeRuntime,
  others: { name: string; rt: NodeRuntime }[], mode: ReturnType<typeof poolOf>['ipipMode']): boolean {
  let changed = false;
  const peers = others.map((o) => {
    const was = bird.peers.find((p) => p.node === o.name);
    const established = peerReachable(ns, o.rt.ip);
    if (!was || was.established !== established) changed = true;
    return { node: o.name, ip: o.rt.ip, established, since: was && was.established === established ? was.since : wallMs(world) };
  });
  if (changed || peers.length !== bird.peers.length) { bird.peers = peers; changed = true; }
  const nic = linkByName(ns, rt.nic);
  const a = nic ? inet4Of(ns, nic.ifindex).find((x) => formatIpv4(x.addr) === rt.ip) : undefined;
  const subnet = a ? `${formatIpv4(networkOf({ addr: a.addr, len: a.len }))}/${a.len}` : `${rt.ip}/32`;
  const want = birdRoutes(ns, { ip: rt.ip, subnet }, blocksOf(s, name), peers.map((p) => ({ peer: p, blocks: blocksOf(s, p.node) })), mode);
  const wanted = new Set(want.map((w) => w.cidr));
  for (const [cidr] of [...bird.exported]) {
    if (wanted.has(cidr)) continue;
    delRoute(ns, { table: 254, dst: parseCidr(cidr)! });
    bird.exported.delete(cidr);
    changed = true;
  }
  for (const w of want) {
    if (bird.exported.get(w.cidr) === w.text) continue;
    if (bird.exported.has(w.cidr)) delRoute(ns, { table: 254, dst: w.route.dst });
    if (addRoute(ns, w.route, true).ok) bird.exported.set(w.cidr, w.text);
    changed = true;
  }
  return changed;
}
