/**
 * The topology picture of a live world (PICTURES.md "Layout"): one column per machine in
 * scenario order with outside machines last; in each, the pods band (namespaces with their
 * eth0, IP and host-side veth), the bridges, the host stack (routes, netfilter gates with the
 * Services kube-proxy hangs there), the overlay devices and the uplinks; the LAN switch
 * becomes a bus; VXLAN tunnels come from the VTEPs' FDB entries. Pure: reads the world, never
 * changes it. Large worlds (more than COLLAPSE_AT machines) turn into tiles, except the
 * machines named in `expand` (those a walk passes through).
 */
import type { World } from '../fabric/world.ts';
import type { Link, Netns } from '../net/types.ts';
import { formatIpv4, type Ipv4 } from '../wire/index.ts';
import { saveRule } from '../net/netfilter/save.ts';
import type { Hook } from '../net/netfilter/types.ts';
import { formatRouteLine } from './route-line.ts';
import { hostPods, placesOf, type Place, type Places } from './places.ts';
import type { DevicePicture, GatePicture, LanPicture, MachinePicture, PodPicture, TopologyPicture, TunnelPicture } from './types.ts';

/** Above this many machines, columns become tiles (a 100-node world stays readable). */
export const COLLAPSE_AT = 12;

const HOOKS: GatePicture['hook'][] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** Options: machines to draw in full even when the world is large. */
export interface TopologyOptions {
  expand?: readonly string[];
}

/** The topology picture of `world`. */
export function topology(world: World, options: TopologyOptions = {}): TopologyPicture {
  const places = placesOf(world);
  const lanNs = lanSwitches(world, places);
  const large = places.machines.length > COLLAPSE_AT;
  const expand = new Set(options.expand ?? []);
  const columns = places.machines.filter((m) => !lanNs.has(m.netns));
  // Outside machines last, each group in scenario order.
  columns.sort((a, b) => Number(a.kind === 'external') - Number(b.kind === 'external'));
  const machines = columns.map((m) => machinePicture(world, places, m, large && !expand.has(m.name)));
  const lans = [...lanNs].map((id) => lanPicture(world, places, id));
  return { machines, lans, tunnels: tunnels(world, places) };
}

/**
 * Namespaces that act as the LAN: a machine whose bridge has ports that are veths or cables
 * to other machines' root namespaces (the scenario's `gateway` switch).
 */
function lanSwitches(world: World, places: Places): Set<number> {
  const out = new Set<number>();
  for (const m of places.machines) {
    const ns = world.netns.get(m.netns)!;
    const bridged = [...ns.links.values()].filter((l) => l.master !== undefined && ns.links.get(l.master)?.kind === 'bridge');
    const toMachines = bridged.filter((l) => {
      const far = farEnd(l);
      return far !== undefined && places.byId.get(far)?.root === true && far !== ns.id;
    });
    if (toMachines.length >= 2) out.add(ns.id);
  }
  return out;
}

/** Namespace id at the far end of a veth or cable. */
function farEnd(l: Link): number | undefined {
  if (l.kind === 'veth') return l.peer.netns;
  if (l.kind === 'ether') return l.wire?.netns;
  return undefined;
}

const v4 = (ns: Netns, ifindex: number): string[] =>
  ns.addrs.filter((a) => a.family === 'inet' && a.ifindex === ifindex).map((a) => `${formatIpv4(a.addr as Ipv4)}/${a.len}`);

/** The default MTU of a device kind (flannel's VXLAN device is 1450: 1500 minus 50 bytes of headers). */
const defaultMtu = (l: Link): number => (l.kind === 'loopback' ? 65536 : l.kind === 'vxlan' ? 1450 : 1500);

/** One device as a port. */
export function devicePicture(world: World, places: Places, place: Place, l: Link): DevicePicture {
  const ns = place.ns;
  const key = `${place.machine}/${place.root ? '' : (place.pod ?? ns.name)}/${l.name}`;
  const d: DevicePicture = { key, name: l.name, kind: l.kind, addrs: v4(ns, l.ifindex), up: linkUp(world, l), commands: [] };
  if (l.mtu !== defaultMtu(l)) d.mtu = l.mtu;
  if (l.master !== undefined) {
    const m = ns.links.get(l.master);
    if (m) d.master = m.name;
  } else if (l.kind === 'veth' && ns.routes.some((r) => r.dev === l.ifindex)) d.routed = true;
  const far = l.kind === 'veth' ? l.peer : l.kind === 'ether' ? l.wire : undefined;
  if (far) {
    const fp = places.byId.get(far.netns);
    const fl = fp?.ns.links.get(far.ifindex);
    if (fp && fl) d.peer = { machine: fp.machine, netns: fp.root ? fp.machine : (fp.pod ?? fp.ns.name), dev: fl.name };
  }
  if (l.kind === 'vxlan') d.detail = `VNI ${l.vni} · udp/${l.dstport}`;
  const wrap = (c: string): string => (place.root ? c : place.named ? `ip netns exec ${place.named} ${c}` : c);
  d.commands.push(wrap(`ip -d link show ${l.name}`));
  if (d.addrs.length > 0) d.commands.push(wrap(`ip addr show ${l.name}`));
  if (l.kind === 'bridge') d.commands.push(wrap(`bridge fdb show br ${l.name}`), wrap(`bridge link show`));
  if (l.kind === 'vxlan') d.commands.push(wrap(`bridge fdb show dev ${l.name}`), wrap(`ip neigh show dev ${l.name}`));
  return d;
}

/** UP as `ip link` shows `state UP`: up itself, and a veth's peer up too (else LOWERLAYERDOWN). */
function linkUp(world: World, l: Link): boolean {
  if (!l.up) return false;
  if (l.kind !== 'veth') return true;
  return world.netns.get(l.peer.netns)?.links.get(l.peer.ifindex)?.up ?? false;
}

function machinePicture(world: World, places: Places, m: Places['machines'][number], collapsed: boolean): MachinePicture {
  const place = places.byId.get(m.netns)!;
  const ns = place.ns;
  const out: MachinePicture = {
    key: m.name, name: m.name, role: m.kind, pods: [], hostPods: hostPods(world, m.netns), bridges: [], overlay: [],
    uplinks: [], others: [], routes: [], gates: gates(ns), collapsed,
  };
  const podVeths = new Set<number>();
  // Pods in creation order (namespace ids grow), so a new pod takes the next slot.
  const pods = [...places.byId.values()].filter((p) => !p.root && p.machine === m.name).sort((a, b) => a.ns.id - b.ns.id);
  for (const p of pods) {
    const pic = podPicture(world, places, p);
    const hi = hostIfindex(ns, p);
    if (hi !== undefined) podVeths.add(hi);
    out.pods.push(pic);
  }
  for (const l of ns.links.values()) {
    if (l.kind === 'loopback' || podVeths.has(l.ifindex)) continue;
    const d = devicePicture(world, places, place, l);
    if (l.kind === 'bridge') out.bridges.push(d);
    else if (l.kind === 'vxlan') out.overlay.push(d);
    else if (d.peer && places.byId.get(farEnd(l) ?? -1)?.root) out.uplinks.push(d);
    else out.others.push(d);
  }
  out.routes = ns.routes.filter((r) => r.table === 254).map((r) => formatRouteLine(world, ns, r));
  return out;
}

/** ifindex of the root-side veth whose peer is in pod namespace `p`. */
function hostIfindex(root: Netns, p: Place): number | undefined {
  for (const l of root.links.values()) if (l.kind === 'veth' && l.peer.netns === p.ns.id) return l.ifindex;
  return undefined;
}

function podPicture(world: World, places: Places, p: Place): PodPicture {
  const ns = p.ns;
  const name = p.pod ?? ns.name;
  const pic: PodPicture = {
    key: `${p.machine}/${p.namespace ? `${p.namespace}/` : ''}${name}`, name, netns: ns.name, devices: [], containers: [...p.containers], commands: [],
  };
  if (p.namespace !== undefined) pic.namespace = p.namespace;
  for (const l of ns.links.values()) {
    if (l.kind === 'loopback') continue;
    const d = devicePicture(world, places, p, l);
    pic.devices.push(d);
    if (pic.ip === undefined && d.addrs[0]) pic.ip = d.addrs[0].split('/')[0]!;
    if (l.kind === 'veth' && !pic.hostVeth) {
      const root = places.byId.get(l.peer.netns);
      const hl = root?.root ? root.ns.links.get(l.peer.ifindex) : undefined;
      if (root && hl) pic.hostVeth = devicePicture(world, places, root, hl);
    }
  }
  if (p.named !== undefined) pic.commands.push(`ip netns exec ${p.named} ip addr`);
  if (p.namespace !== undefined) pic.commands.push(`kubectl get pod -n ${p.namespace} ${name} -o wide`);
  return pic;
}

/** The netfilter gates: rules reachable from each hook, and the Services hanging on nat's. */
function gates(ns: Netns): GatePicture[] {
  const services = serviceRules(ns);
  const out: GatePicture[] = [];
  for (const hook of HOOKS) {
    let rules = 0;
    let kubeServices = false;
    for (const [tableName, table] of ns.netfilter.tables) {
      const seen = new Set<string>();
      const walk = (name: string): void => {
        if (seen.has(name)) return;
        seen.add(name);
        const chain = table.chains.get(name);
        if (!chain) return;
        for (const r of chain.rules) {
          rules++;
          if (r.target?.kind === 'jump') {
            if (tableName === 'nat' && r.target.chain === 'KUBE-SERVICES') kubeServices = true;
            walk(r.target.chain);
          }
        }
      };
      walk(hook as Hook);
    }
    if (rules > 0) out.push({ hook, rules, services: kubeServices && (hook === 'PREROUTING' || hook === 'OUTPUT') ? services : [] });
  }
  return out;
}

/** kube-proxy's ClusterIP rules: `-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" ... --dport 53`. */
function serviceRules(ns: Netns): GatePicture['services'] {
  const chain = ns.netfilter.tables.get('nat')?.chains.get('KUBE-SERVICES');
  if (!chain) return [];
  const out: GatePicture['services'] = [];
  for (const r of chain.rules) {
    const text = saveRule('KUBE-SERVICES', r);
    const m = /-d (\S+)\/32 .*--comment "?([^" ]+) cluster IP"? .*--dport (\d+)/.exec(text);
    if (m) out.push({ name: m[2]!, ip: m[1]!, port: m[3]! });
  }
  return out;
}

function lanPicture(world: World, places: Places, id: number): LanPicture {
  const place = places.byId.get(id)!;
  const ns = place.ns;
  const bridge = [...ns.links.values()].find((l) => l.kind === 'bridge' && [...ns.links.values()].some((p) => p.master === l.ifindex));
  const lan: LanPicture = {
    key: `lan/${place.machine}`, machine: place.machine, bridge: bridge?.name ?? '', addrs: bridge ? v4(ns, bridge.ifindex) : [],
    ports: [], others: [], commands: bridge ? [`ssh ${place.machine} bridge fdb show br ${bridge.name}`, `ssh ${place.machine} ip addr show ${bridge.name}`] : [],
  };
  for (const l of ns.links.values()) {
    if (l.kind === 'loopback' || l === bridge) continue;
    const far = farEnd(l);
    const fp = far === undefined ? undefined : places.byId.get(far);
    const ref = l.kind === 'veth' ? l.peer : l.kind === 'ether' ? l.wire : undefined;
    if (bridge && l.master === bridge.ifindex && fp?.root && ref) {
      lan.ports.push({ machine: fp.machine, dev: fp.ns.links.get(ref.ifindex)?.name ?? '?', port: l.name });
    } else {
      lan.others.push(devicePicture(world, places, place, l));
    }
  }
  return lan;
}

/** VXLAN tunnels in use: each VTEP's FDB entries with a destination that is another machine's address. */
function tunnels(world: World, places: Places): TunnelPicture[] {
  const owner = new Map<number, string>();
  for (const m of places.machines) {
    for (const a of world.netns.get(m.netns)!.addrs) if (a.family === 'inet') owner.set(a.addr as number, m.name);
  }
  const out: TunnelPicture[] = [];
  const seen = new Set<string>();
  for (const m of places.machines) {
    const ns = world.netns.get(m.netns)!;
    for (const l of ns.links.values()) {
      if (l.kind !== 'vxlan') continue;
      const local = l.local ?? firstAddr(ns);
      for (const e of l.fdb) {
        if (e.dst === undefined) continue;
        const to = owner.get(e.dst);
        if (to === undefined || to === m.name) continue;
        const pair = [m.name, to].sort().join('~');
        if (seen.has(pair)) continue;
        seen.add(pair);
        out.push({
          key: `tunnel/${pair}`,
          from: { machine: m.name, dev: l.name, ip: local === undefined ? '' : formatIpv4(local) },
          to: { machine: to, ip: formatIpv4(e.dst) },
          label: `VNI ${l.vni} · udp/${l.dstport}`,
        });
      }
    }
  }
  return out;
}

function firstAddr(ns: Netns): Ipv4 | undefined {
  for (const a of ns.addrs) if (a.family === 'inet' && a.scope === 'global') return a.addr as number;
  return undefined;
}
