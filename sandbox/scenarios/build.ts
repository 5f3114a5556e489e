/**
 * Building a world from a scenario: machines and their namespaces, devices in file order
 * (so ifindexes match the real system), addresses, routes, neighbours, FDB entries,
 * sysctls, iptables rules and servers, all through the net layer's operations, exactly as
 * the `ip`/`bridge`/`sysctl`/`iptables-restore` lines a real setup would run. Then, when the
 * scenario has a cluster, the API objects (namespaces, nodes, the manifests) and the
 * controllers until quiescent. Deterministic for a seed: every random MAC, name and uid
 * comes from the world's seeded generator, consumed in file order.
 */
import type { World, Machine } from '../fabric/world.ts';
import { createWorld } from '../fabric/world.ts';
import { addAddress } from '../net/addr.ts';
import { vxlanFdbAdd } from '../net/fdb.ts';
import { addLink, linkByName, setMaster, setMtu } from '../net/link.ts';
import { setLinkUp } from '../net/link-state.ts';
import { neighAdd } from '../net/neigh.ts';
import { createNetns } from '../net/netns.ts';
import { addRoute } from '../net/route.ts';
import { setSysctl } from '../net/sysctl.ts';
import type { BridgeLink, KernelModule, Netns, VxlanLink } from '../net/types.ts';
import { broadcastOf, parseCidr, parseIpv4 } from '../wire/index.ts';
import { buildCluster } from './build-cluster.ts';
import { loadIptables } from './iptables.ts';
import type { MachineSpec, ScenarioSpec } from './schema.ts';

/** A build error: which machine and item, and why (a scenario bug, reported to its author). */
export class ScenarioError extends Error {}

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new ScenarioError(what);
  return v;
};

function check(r: { ok: boolean; errno?: string; detail?: string }, what: string): void {
  if (!r.ok) throw new ScenarioError(`${what}: ${r.errno}${r.detail ? ` (${r.detail})` : ''}`);
}

/** Builds the world a scenario describes. Throws ScenarioError for an inconsistent file. */
export function buildWorld(spec: ScenarioSpec, seed = 1): World {
  const world = createWorld(seed);
  const nsOf = new Map<string, Netns>();
  for (const m of spec.machines) {
    if (nsOf.has(m.name)) throw new ScenarioError(`machines: "${m.name}" is declared twice`);
    const ns = createNetns(world, m.name, kernelModulesOf(spec, m));
    nsOf.set(m.name, ns);
    setLinkUp(world, ns, linkByName(ns, 'lo')!, true);
    const machine: Machine = {
      name: m.name, hostname: m.hostname ?? m.name, kind: m.kind, netns: ns.id, namedNetns: new Map(),
      files: new Map(Object.entries(m.files)), env: new Map(), ...(m.binaries ? { binaries: [...m.binaries] } : {}),
    };
    world.machines.set(m.name, machine);
  }
  for (const m of spec.machines) buildLinks(world, m, nsOf);
  for (const m of spec.machines) {
    const ns = nsOf.get(m.name)!;
    for (const a of m.addresses) {
      const dev = need(linkByName(ns, a.dev), `machine ${m.name}: address ${a.cidr}: no device "${a.dev}"`);
      const c = parseCidr(a.cidr)!;
      check(addAddress(ns, { family: 'inet', ifindex: dev.ifindex, addr: c.addr, len: c.len, scope: c.addr >>> 24 === 127 ? 'host' : 'global', ...(a.brd ? { brd: broadcastOf(c) } : {}) }),
        `machine ${m.name}: address ${a.cidr}`);
    }
  }
  for (const m of spec.machines) buildRoutesAndMore(world, m, nsOf.get(m.name)!);
  for (const m of spec.machines) {
    const machine = world.machines.get(m.name)!;
    for (const other of m.netnsVisible) machine.namedNetns.set(other, need(nsOf.get(other), `machine ${m.name}: netnsVisible: no machine "${other}"`).id);
  }
  if (spec.cluster) buildCluster(world, spec, nsOf);
  return world;
}

/**
 * The modules of a machine's kernel: as declared, else br_netfilter on a node (kubeadm's
 * prerequisites `modprobe br_netfilter`), none on host and external machines, and for a pod
 * those of the machine at the other end of its veth, whose kernel it shares.
 */
export function kernelModulesOf(spec: ScenarioSpec, m: MachineSpec): KernelModule[] {
  if (m.kernelModules) return [...m.kernelModules];
  if (m.kind === 'node') return ['br_netfilter'];
  if (m.kind !== 'pod') return [];
  const peerMachine = m.links.find((l) => l.kind === 'veth' && l.peer?.machine)?.peer?.machine
    ?? spec.machines.find((o) => o.links.some((l) => l.kind === 'veth' && l.peer?.machine === m.name))?.name;
  const host = spec.machines.find((o) => o.name === peerMachine && o.kind !== 'pod');
  return host ? kernelModulesOf(spec, host) : [];
}

function buildLinks(world: World, m: MachineSpec, nsOf: Map<string, Netns>): void {
  const ns = nsOf.get(m.name)!;
  for (const l of m.links) {
    const where = `machine ${m.name}: link ${l.name}`;
    let made;
    if (l.kind === 'veth') {
      const p = need(l.peer, `${where}: a veth needs peer`);
      const pns = need(nsOf.get(p.machine ?? m.name), `${where}: peer machine "${p.machine}" does not exist`);
      made = addLink(world, ns, { kind: 'veth', name: l.name, peerName: p.name, peerNetns: pns, ...(l.mac ? { mac: l.mac.toLowerCase() } : {}),
        ...(l.mtu ? { mtu: l.mtu } : {}), ...(p.mac ? { peerMac: p.mac.toLowerCase() } : {}), ...(p.mtu ? { peerMtu: p.mtu } : {}) });
    } else if (l.kind === 'vxlan') {
      const lower = l.dev === undefined ? undefined : need(linkByName(ns, l.dev), `${where}: no underlay device "${l.dev}"`);
      made = addLink(world, ns, { kind: 'vxlan', name: l.name, vni: need(l.vni, `${where}: a vxlan needs vni`),
        ...(l.local ? { local: parseIpv4(l.local)! } : {}), ...(lower ? { dev: lower.ifindex } : {}), ...(l.dstport ? { dstport: l.dstport } : {}),
        ...(l.learning === undefined ? {} : { learning: l.learning }), ...(l.mac ? { mac: l.mac.toLowerCase() } : {}), ...(l.mtu ? { mtu: l.mtu } : {}) });
    } else {
      made = addLink(world, ns, { kind: l.kind, name: l.name, ...(l.mac ? { mac: l.mac.toLowerCase() } : {}), ...(l.mtu ? { mtu: l.mtu } : {}) });
    }
    check(made, where);
    const link = made.ok ? made.value : undefined!;
    if (l.master) {
      const br = need(linkByName(ns, l.master), `${where}: no bridge "${l.master}"`);
      if (br.kind !== 'bridge') throw new ScenarioError(`${where}: master "${l.master}" is not a bridge`);
      check(setMaster(world, ns, link, br as BridgeLink), where);
      if (l.hairpin && link.port) link.port.hairpin = true;
    }
    if (l.up) check(setLinkUp(world, ns, link, true), where);
    if (l.kind === 'veth' && l.peer) {
      const pns = nsOf.get(l.peer.machine ?? m.name)!;
      const peer = linkByName(pns, l.peer.name)!;
      if (l.peer.master) {
        const br = need(linkByName(pns, l.peer.master), `${where}: peer: no bridge "${l.peer.master}"`);
        check(setMaster(world, pns, peer, br as BridgeLink), where);
      }
      if (l.peer.up) check(setLinkUp(world, pns, peer, true), `${where}: peer`);
    }
  }
}

function buildRoutesAndMore(world: World, m: MachineSpec, ns: Netns): void {
  for (const r of m.routes) {
    const where = `machine ${m.name}: route ${r.dst}`;
    const dev = r.dev === undefined ? undefined : need(linkByName(ns, r.dev), `${where}: no device "${r.dev}"`);
    const dst = r.dst === 'default' ? { addr: 0, len: 0 } : parseCidr(r.dst)!;
    check(addRoute(ns, {
      table: 254, type: r.type, dst, proto: 'boot', scope: r.via || r.type !== 'unicast' ? 'global' : 'link',
      ...(r.via ? { via: parseIpv4(r.via)! } : {}), ...(dev ? { dev: dev.ifindex } : {}), ...(r.onlink ? { onlink: true } : {}),
      ...(r.metric ? { metric: r.metric } : {}), ...(r.src ? { src: parseIpv4(r.src)! } : {}),
    }), where);
  }
  for (const n of m.neighbours) {
    const dev = need(linkByName(ns, n.dev), `machine ${m.name}: neighbour ${n.ip}: no device "${n.dev}"`);
    check(neighAdd(ns, dev.ifindex, parseIpv4(n.ip)!, n.lladdr.toLowerCase(), n.state, 'add', world.clock.ms), `machine ${m.name}: neighbour ${n.ip}`);
  }
  for (const f of m.fdb) {
    const dev = need(linkByName(ns, f.dev), `machine ${m.name}: fdb ${f.mac}: no device "${f.dev}"`);
    if (dev.kind !== 'vxlan') throw new ScenarioError(`machine ${m.name}: fdb ${f.mac}: "${f.dev}" is not a vxlan device`);
    check(vxlanFdbAdd(dev as VxlanLink, f.mac.toLowerCase(), parseIpv4(f.dst)!, 'append', world.clock.ms), `machine ${m.name}: fdb ${f.mac}`);
  }
  for (const [k, v] of Object.entries(m.sysctl)) check(setSysctl(ns, k, String(v)), `machine ${m.name}: sysctl ${k}`);
  if (m.iptables) {
    const err = loadIptables(world, ns, m.iptables);
    if (err) throw new ScenarioError(`machine ${m.name}: iptables: ${err}`);
  }
  for (const s of m.servers) {
    ns.listeners.push({ proto: s.proto, addr: s.addr ? parseIpv4(s.addr)! : 0, port: s.port, serve: { app: s.app, params: { ...s.params } } });
  }
  void setMtu;
}
