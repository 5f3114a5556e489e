/**
 * The reference lab (../../../shared/reference-lab/README.md) built directly with the net
 * layer's operations, in the order `lab.sh up` (setup.cmds) runs them, so ifindexes, MACs,
 * FDB entries and routes come out as on the real machine. Only the network state that
 * `ip`, `bridge` and `sysctl` show is built here (no iptables, no servers): the lead's
 * `reference-lab` scenario can start from this and add the rest.
 *
 * Machines: one per lab namespace, each seeing every lab namespace by name (the lab ran
 * with all of them under /run/netns), except when `podview` hides the names from pods (as
 * the goldens' "podview" captures did).
 */
import { createWorld, type Machine, type World } from '../../sandbox/fabric/world.ts';
import type { BridgeLink, Link, Netns } from '../../sandbox/net/types.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import { addLink, linkByName, setMac, setMaster, setMtu } from '../../sandbox/net/link.ts';
import { setLinkUp } from '../../sandbox/net/link-state.ts';
import { addAddress } from '../../sandbox/net/addr.ts';
import { addRoute } from '../../sandbox/net/route.ts';
import { neighAdd } from '../../sandbox/net/neigh.ts';
import { vxlanFdbAdd } from '../../sandbox/net/fdb.ts';
import { setSysctl } from '../../sandbox/net/sysctl.ts';
import { broadcastOf, parseIpv4, type Ipv4 } from '../../sandbox/wire/index.ts';
import type { Result } from '../../sandbox/core/index.ts';

/** The lab's namespaces in creation order. */
export const LAB_NAMESPACES = ['lab-lan', 'lab-node1', 'lab-node2', 'lab-n1-pa', 'lab-n1-pb', 'lab-n2-pc', 'lab-n2-pd'] as const;
export type LabNs = (typeof LAB_NAMESPACES)[number];

/** The built lab. */
export interface Lab {
  world: World;
  ns: Record<LabNs, Netns>;
  machines: Record<LabNs, Machine>;
}

const ip = (t: string): Ipv4 => {
  const v = parseIpv4(t);
  if (v === undefined) throw new Error(`fixture: bad address ${t}`);
  return v;
};

/** Unwraps a fixture step: a failure here is a bug in the fixture or the net layer. */
function must<T>(r: Result<T>, what: string): T {
  if (!r.ok) throw new Error(`fixture step failed: ${what}: ${r.errno} ${r.detail ?? ''}`);
  return r.value;
}

const dev = (ns: Netns, name: string): Link => {
  const l = linkByName(ns, name);
  if (!l) throw new Error(`fixture: no ${name} in ${ns.name}`);
  return l;
};

function addr(ns: Netns, name: string, cidr: string, brd: boolean): void {
  const [a, l] = cidr.split('/');
  const c = { addr: ip(a!), len: Number(l) };
  must(addAddress(ns, { family: 'inet', ifindex: dev(ns, name).ifindex, addr: c.addr, len: c.len, scope: 'global', ...(brd ? { brd: broadcastOf(c) } : {}) }), `addr ${cidr}`);
}

function gwRoute(ns: Netns, dst: string, len: number, via: string, devName: string, onlink = false): void {
  must(addRoute(ns, { table: 254, type: 'unicast', dst: { addr: ip(dst), len }, via: ip(via), dev: dev(ns, devName).ifindex, proto: 'boot', scope: 'global', ...(onlink ? { onlink } : {}) }), `route ${dst}/${len}`);
}

/** Builds the lab. `podview`: pods' machines see no namespace names (link-netnsid 0). */
export function buildLab(opts: { podview?: boolean; seed?: number } = {}): Lab {
  const world = createWorld(opts.seed ?? 1);
  const ns = {} as Record<LabNs, Netns>;
  for (const name of LAB_NAMESPACES) {
    // One kernel with br_netfilter built in (lab.sh checks /proc/sys/net/bridge exists).
    ns[name] = createNetns(world, name, ['br_netfilter']);
    setLinkUp(world, ns[name], dev(ns[name], 'lo'), true);
  }
  const machines = {} as Record<LabNs, Machine>;
  for (const name of LAB_NAMESPACES) {
    const pod = /^lab-n\d-p/.test(name);
    const named = new Map<string, number>(opts.podview && pod ? [] : LAB_NAMESPACES.map((n) => [n, ns[n].id] as [string, number]));
    machines[name] = { name, hostname: name, kind: pod ? 'pod' : 'host', netns: ns[name].id, namedNetns: named, files: new Map(), env: new Map() };
    world.machines.set(name, machines[name]);
  }
  const lan = ns['lab-lan'];
  const br0 = must(addLink(world, lan, { kind: 'bridge', name: 'br0' }), 'br0') as BridgeLink;
  setMac(lan, br0, '52:54:00:00:10:01');
  addr(lan, 'br0', '10.0.16.1/20', true);
  setLinkUp(world, lan, br0, true);

  const nodes = [
    { n: 'lab-node1', i: 1, ip: '10.0.16.11', sw: 'sw-node1', vtep: '9e:f1:a0:00:01:00', pods: [['lab-n1-pa', 'veth3f6a1b2c', 2], ['lab-n1-pb', 'veth8e41d7a0', 3]] },
    { n: 'lab-node2', i: 2, ip: '10.0.16.12', sw: 'sw-node2', vtep: '9e:f1:a0:00:02:00', pods: [['lab-n2-pc', 'veth5c2b9e14', 2], ['lab-n2-pd', 'vethb71f04e6', 3]] },
  ] as const;
  for (const nd of nodes) {
    const node = ns[nd.n];
    const sw = must(addLink(world, lan, { kind: 'veth', name: nd.sw, peerName: 'eth0', peerNetns: node }), nd.sw);
    setMac(lan, sw, `52:54:00:00:1f:1${nd.i}`);
    setMaster(world, lan, sw, br0);
    setLinkUp(world, lan, sw, true);
    setMac(node, dev(node, 'eth0'), `52:54:00:00:10:1${nd.i}`);
    addr(node, 'eth0', `${nd.ip}/20`, true);
    setLinkUp(world, node, dev(node, 'eth0'), true);
    gwRoute(node, '0.0.0.0', 0, '10.0.16.1', 'eth0');
    for (const k of ['net.ipv4.ip_forward', 'net.ipv4.conf.all.route_localnet', 'net.bridge.bridge-nf-call-iptables']) must(setSysctl(node, k, '1'), k);
  }
  for (const nd of nodes) {
    const node = ns[nd.n];
    const vx = must(addLink(world, node, { kind: 'vxlan', name: 'flannel.1', vni: 1, local: ip(nd.ip), dev: dev(node, 'eth0').ifindex, dstport: 8472, learning: false }), 'flannel.1');
    setMac(node, vx, nd.vtep);
    setMtu(node, vx, 1450);
    addr(node, 'flannel.1', `10.244.${nd.i}.0/32`, false);
    setLinkUp(world, node, vx, true);
  }
  for (const [from, to] of [[nodes[0], nodes[1]], [nodes[1], nodes[0]]] as const) {
    const node = ns[from.n];
    gwRoute(node, `10.244.${to.i}.0`, 24, `10.244.${to.i}.0`, 'flannel.1', true);
    must(neighAdd(node, dev(node, 'flannel.1').ifindex, ip(`10.244.${to.i}.0`), to.vtep, 'PERMANENT', 'add', 0), 'neigh');
    const vx = dev(node, 'flannel.1');
    if (vx.kind === 'vxlan') must(vxlanFdbAdd(vx, to.vtep, ip(to.ip), 'append', 0), 'fdb append');
  }
  for (const nd of nodes) {
    const node = ns[nd.n];
    const cni = must(addLink(world, node, { kind: 'bridge', name: 'cni0' }), 'cni0') as BridgeLink;
    setMac(node, cni, `0a:58:0a:f4:0${nd.i}:01`);
    setMtu(node, cni, 1450);
    addr(node, 'cni0', `10.244.${nd.i}.1/24`, true);
    setLinkUp(world, node, cni, true);
  }
  for (const nd of nodes) {
    const node = ns[nd.n];
    const cni = dev(node, 'cni0') as BridgeLink;
    for (const [podName, vethName, host] of nd.pods) {
      const pod = ns[podName];
      const hex = (n: number) => n.toString(16).padStart(2, '0');
      const v = must(addLink(world, node, { kind: 'veth', name: vethName, mtu: 1450, peerName: 'eth0', peerMtu: 1450, peerNetns: pod }), vethName);
      setMac(node, v, `6a:58:0a:f4:${hex(nd.i)}:${hex(host)}`);
      setMaster(world, node, v, cni);
      setLinkUp(world, node, v, true);
      if (v.port) v.port.hairpin = true;
      setMac(pod, dev(pod, 'eth0'), `0a:58:0a:f4:${hex(nd.i)}:${hex(host)}`);
      addr(pod, 'eth0', `10.244.${nd.i}.${host}/24`, true);
      setLinkUp(world, pod, dev(pod, 'eth0'), true);
      gwRoute(pod, '0.0.0.0', 0, `10.244.${nd.i}.1`, 'eth0');
      gwRoute(pod, '10.244.0.0', 16, `10.244.${nd.i}.1`, 'eth0');
    }
  }
  return { world, ns, machines };
}
