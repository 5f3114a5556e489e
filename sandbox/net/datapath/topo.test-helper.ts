/**
 * Small topologies for the datapath's unit tests, built with the same net functions the `ip`
 * commands use: two namespaces on a veth (a /24), and pods on a bridge behind a router.
 */
import { parseCidr, parseIpv4 } from '../../wire/index.ts';
import { createNetns } from '../netns.ts';
import { addLink } from '../link.ts';
import { setLinkUp } from '../link-state.ts';
import { addAddress } from '../addr.ts';
import { addRoute } from '../route.ts';
import { setMaster } from '../link.ts';
import { testWorld } from '../test-world.ts';
import type { BridgeLink, KernelModule, Link, Netns } from '../types.ts';
import type { DpWorld } from './types.ts';
import { setSysctl } from '../sysctl.ts';

/** Unwraps a Result in a test fixture (a failure here is a broken fixture). */
function must<T>(r: { ok: true; value: T } | { ok: false; errno: string; detail?: string }): T {
  if (!r.ok) throw new Error(`fixture: ${r.errno} ${r.detail ?? ''}`);
  return r.value;
}

export const ip = (s: string): number => parseIpv4(s)!;

/** Adds `cidr` on `link` and sets it up. */
export function addr(world: DpWorld, ns: Netns, link: Link, cidr: string): void {
  const c = parseCidr(cidr)!;
  must(addAddress(ns, { family: 'inet', ifindex: link.ifindex, addr: c.addr, len: c.len, scope: 'global', brd: (c.addr | (0xffffffff >>> c.len)) >>> 0 }));
  must(setLinkUp(world, ns, link, true));
}

/** A namespace with lo up, on a kernel with `modules` loaded. */
export function netns(world: DpWorld, name: string, modules: readonly KernelModule[] = []): Netns {
  const ns = createNetns(world, name, modules);
  must(setLinkUp(world, ns, ns.links.get(1)!, true));
  return ns;
}

/** a (10.0.0.1/24 eth0) <-veth-> b (10.0.0.2/24 eth0). */
export function twoHosts(seed = 3): { world: DpWorld; a: Netns; b: Netns } {
  const world: DpWorld = testWorld(seed);
  const a = netns(world, 'a');
  const b = netns(world, 'b');
  const ea = must(addLink(world, a, { kind: 'veth', name: 'eth0', peerName: 'eth0', peerNetns: b }));
  const eb = [...b.links.values()].find((l) => l.name === 'eth0')!;
  addr(world, a, ea, '10.0.0.1/24');
  addr(world, b, eb, '10.0.0.2/24');
  return { world, a, b };
}

/**
 * A node with a bridge cni0 10.244.1.1/24 and two pods (10.244.1.2, .3) on veths with
 * hairpin on, default routes via the bridge; forwarding on. Like a Kubernetes node, its
 * kernel (shared by the pods) has br_netfilter.
 */
export function bridgeNode(seed = 5): { world: DpWorld; node: Netns; pa: Netns; pb: Netns; br: BridgeLink } {
  const world: DpWorld = testWorld(seed);
  const node = netns(world, 'node', ['br_netfilter']);
  must(setSysctl(node, 'net.ipv4.ip_forward', '1'));
  const br = must(addLink(world, node, { kind: 'bridge', name: 'cni0' })) as BridgeLink;
  addr(world, node, br, '10.244.1.1/24');
  const pods: Netns[] = [];
  for (const [i, name] of ['pa', 'pb'].entries()) {
    const pod = netns(world, name, node.kernelModules);
    const host = must(addLink(world, node, { kind: 'veth', name: `veth${i}`, peerName: 'eth0', peerNetns: pod }));
    must(setMaster(world, node, host, br));
    host.port = { hairpin: true, learning: true, flood: true };
    must(setLinkUp(world, node, host, true));
    const eth0 = [...pod.links.values()].find((l) => l.name === 'eth0')!;
    addr(world, pod, eth0, `10.244.1.${i + 2}/24`);
    must(addRoute(pod, { table: 254, type: 'unicast', dst: { addr: 0, len: 0 }, via: ip('10.244.1.1'), dev: eth0.ifindex, proto: 'boot', scope: 'global' }));
    pods.push(pod);
  }
  return { world, node, pa: pods[0]!, pb: pods[1]!, br };
}
