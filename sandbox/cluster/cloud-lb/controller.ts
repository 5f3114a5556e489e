/**
 * The cloud load balancer controller (the service controller of a cloud-controller-manager
 * plus the cloud's L4 load balancer itself). Modelled on an AWS Network Load Balancer with
 * instance targets, the common passthrough kind:
 *
 * - A Service of type LoadBalancer gets the next free address of the scenario's pool in
 *   `status.loadBalancer.ingress[0].ip` (ipMode VIP); the address is released when the
 *   Service goes or stops being a LoadBalancer.
 * - The LB machine owns each external IP (a /32 on the device facing the clients, so it answers
 *   ARP) and DNATs each new flow to `nodeIP:nodePort` of one healthy node, chosen at random per
 *   flow (`-m statistic` in its own nat chains, listable with `iptables-save` on that machine).
 *   The client's source address is kept (no SNAT): replies come back through the LB because it
 *   is the nodes' gateway, and conntrack there undoes the DNAT.
 * - Health checks, as the cloud runs them: for `externalTrafficPolicy: Cluster` a TCP check of
 *   the NodePort, which passes on every node whose kube-proxy has the NodePort rule; for `Local`
 *   an HTTP check of `spec.healthCheckNodePort` (allocated by the API server, service/allocate.ts),
 *   which kube-proxy's health server passes only on nodes with a ready local endpoint. The result is computed from those same facts (the rule
 *   in KUBE-NODEPORTS, the EndpointSlices) rather than sent as probe packets. With no healthy
 *   node the NLB fails open and uses every node (AWS documents this).
 *
 * Lesson-visible consequences: with Cluster the flow may hop to another node and the backend
 * sees that node's address (kube-proxy's KUBE-EXT masquerade); with Local it lands only on nodes
 * with an endpoint and the backend sees the internet client's own address.
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { addAddress, delAddress, inet4Of } from '../../net/addr.ts';
import { iptablesRestore } from '../../net/netfilter/index.ts';
import { formatIpv4, maskOf, parseIpv4, type Ipv4 } from '../../wire/index.ts';
import type { ClusterState, KubeObject } from '../types.ts';
import { listObjects, updateObject, cloneObject } from '../store.ts';
import { proxyEntriesOf } from '../kube-proxy/from-api.ts';
import type { ProxyEntry } from '../kube-proxy/types.ts';
import { nodeNetns } from '../controllers/kubelet.ts';
import { base32, sha256 } from '../kube-proxy/sha256.ts';
import { formatProbability } from '../../net/netfilter/save.ts';
import { restoreErrorsOf } from '../restore-errors.ts';

/** The nat chain the LB machine's PREROUTING jumps to. */
export const LB_CHAIN = 'CLOUD-LB';

/** Every address of a pool (`a.b.c.d/len` without network and broadcast, or `a-b`), in order. */
export function poolAddresses(pool: string): Ipv4[] {
  const range = /^(.+)-(.+)$/.exec(pool);
  let lo: number;
  let hi: number;
  if (range) {
    lo = parseIpv4(range[1]!) ?? 1;
    hi = parseIpv4(range[2]!) ?? 0;
  } else {
    const [a, l] = pool.split('/');
    const len = Number(l);
    const base = ((parseIpv4(a!) ?? 0) & maskOf(len)) >>> 0;
    const size = 2 ** (32 - len);
    [lo, hi] = size > 2 ? [base + 1, base + size - 2] : [base, base + size - 1];
  }
  const out: Ipv4[] = [];
  for (let x = lo; x <= hi && out.length < 65536; x++) out.push(x >>> 0);
  return out;
}

const lbIpOf = (svc: KubeObject): string | undefined =>
  ((svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [])[0]?.ip;
const isLb = (svc: KubeObject): boolean => (svc.spec as { type?: string } | undefined)?.type === 'LoadBalancer';

/** Allocates pool addresses to LoadBalancer Services without one; true when the store changed. */
export function allocateIngress(world: World, c: ClusterState, pool: Ipv4[]): boolean {
  const services = listObjects(c, 'Service');
  const used = new Set(services.filter(isLb).map(lbIpOf).filter((x): x is string => !!x));
  let changed = false;
  for (const svc of services) {
    const has = lbIpOf(svc);
    if (isLb(svc) === (has !== undefined)) continue;
    const next = cloneObject(svc);
    const status = (next.status ?? {}) as Record<string, unknown>;
    if (isLb(svc)) {
      const free = pool.map(formatIpv4).find((a) => !used.has(a));
      if (free === undefined) continue; // pool exhausted: stays <pending>, as with a real cloud quota
      used.add(free);
      status.loadBalancer = { ingress: [{ ip: free, ipMode: 'VIP' }] };
    } else {
      status.loadBalancer = {};
    }
    next.status = status;
    if (updateObject(world, next).ok) changed = true;
  }
  return changed;
}

/** Whether the node would pass the LB's health check for this Service port (see the header). */
export function nodeHealthy(world: World, c: ClusterState, node: string, e: ProxyEntry): boolean {
  if (e.svc.externalTrafficPolicy === 'Local') return e.endpoints.some((x) => x.ready && x.nodeName === node);
  const ns = nodeNetns(world, c, node);
  const chain = ns?.netfilter.tables.get('nat')?.chains.get('KUBE-NODEPORTS');
  return !!chain?.rules.some((r) => r.matches.some((m) => (m.module === 'tcp' || m.module === 'udp') && m.dport?.min === e.svc.nodePort));
}

/** Chain names already hashed: lbPayload runs every controller round (sha256 in JS is not free). */
const chainNames = new Map<string, string>();
function chainOf(e: ProxyEntry): string {
  const text = `${e.svc.namespace}/${e.svc.name}:${e.svc.portName}/${e.svc.protocol.toLowerCase()}`;
  let name = chainNames.get(text);
  if (name === undefined) {
    if (chainNames.size >= 100_000) chainNames.clear();
    name = `${LB_CHAIN}-${base32(sha256(text)).slice(0, 16)}`;
    chainNames.set(text, name);
  }
  return name;
}

/** The LB machine's nat payload for `iptables-restore --noflush`. */
export function lbPayload(world: World, c: ClusterState, entries: ProxyEntry[], existing: string[], haveJump: boolean): string {
  const lines = ['*nat', `:${LB_CHAIN} - [0:0]`];
  const rules: string[] = [];
  const wanted = new Set<string>();
  let nodes: [string, ClusterState['nodes'] extends Map<string, infer N> ? N : never][] | undefined;
  for (const e of entries) {
    const ip = e.svc.loadBalancerIPs[0];
    if (!ip || !e.svc.nodePort) continue;
    const chain = chainOf(e);
    const name = `${e.svc.namespace}/${e.svc.name}${e.svc.portName ? `:${e.svc.portName}` : ''}`;
    const proto = e.svc.protocol.toLowerCase();
    nodes ??= [...c.nodes.entries()].sort(([a], [b]) => a.localeCompare(b));
    const healthy = nodes.filter(([n]) => nodeHealthy(world, c, n, e));
    const targets = healthy.length ? healthy : nodes; // fail open
    wanted.add(chain);
    lines.push(`:${chain} - [0:0]`);
    rules.push(`-A ${LB_CHAIN} -d ${ip}/32 -p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${e.svc.port} -j ${chain}`);
    targets.forEach(([n, rt], i) => {
      const left = targets.length - i;
      const stat = left > 1 ? ` -m statistic --mode random --probability ${formatProbability(Math.round(0x80000000 / left))}` : '';
      rules.push(`-A ${chain} -p ${proto} -m comment --comment "${name} -> ${n}"${stat} -j DNAT --to-destination ${rt.ip}:${e.svc.nodePort}`);
    });
  }
  const stale = existing.filter((x) => x.startsWith(`${LB_CHAIN}-`) && !wanted.has(x));
  for (const s of stale) lines.push(`:${s} - [0:0]`);
  if (!haveJump) rules.unshift(`-I PREROUTING 1 -m comment --comment "cloud load balancer" -j ${LB_CHAIN}`);
  return [...lines, ...rules, ...stale.map((s) => `-X ${s}`), 'COMMIT', ''].join('\n');
}

/** The device of the LB machine the external IPs live on. */
function lbDevice(ns: Netns, pool: Ipv4[], dev?: string): number | undefined {
  for (const l of ns.links.values()) {
    if (dev !== undefined ? l.name === dev : inet4Of(ns, l.ifindex).some((a) => a.len < 32 && ((a.addr ^ pool[0]!) & maskOf(a.len)) === 0)) return l.ifindex;
  }
  return undefined;
}

/** The last iptables-restore error per LB machine (for tests and debugging). */
export const lbErrors = (world: World): Map<string, string> => restoreErrorsOf(world, 'cloud-lb');

/** Last payload loaded per LB namespace (a cache: losing it costs one reload). */
const loaded = new WeakMap<Netns, string>();

/** The controller: allocation, addresses and forwarding rules on the LB machine. */
export function reconcileCloudLb(c: ClusterState, world: World): boolean {
  const cfg = c.config.loadBalancer;
  if (!cfg) return false;
  const machine = world.machines.get(cfg.machine);
  const ns = machine ? world.netns.get(machine.netns) : undefined;
  if (!ns) return false;
  const pool = poolAddresses(cfg.pool);
  let changed = allocateIngress(world, c, pool);
  const entries = proxyEntriesOf(c);
  const ips = new Set(entries.flatMap((e) => e.svc.loadBalancerIPs));
  const ifindex = lbDevice(ns, pool, cfg.dev);
  if (ifindex !== undefined) {
    const poolSet = new Set(pool);
    const have = inet4Of(ns, ifindex).filter((a) => a.len === 32 && poolSet.has(a.addr));
    for (const a of have) if (!ips.has(formatIpv4(a.addr))) { delAddress(ns, ifindex, a.addr, 32); changed = true; }
    for (const ip of ips) {
      const addr = parseIpv4(ip)!;
      if (!poolSet.has(addr) || have.some((a) => a.addr === addr)) continue;
      if (addAddress(ns, { family: 'inet', ifindex, addr, len: 32, scope: 'global' }).ok) changed = true;
    }
  }
  const nat = ns.netfilter.tables.get('nat');
  const existing = [...(nat?.chains.keys() ?? [])];
  const haveJump = !!nat?.chains.get('PREROUTING')?.rules.some((r) => r.target?.kind === 'jump' && r.target.chain === LB_CHAIN);
  const payload = lbPayload(world, c, entries, existing, haveJump);
  if (loaded.get(ns) === payload && haveJump) return changed;
  const r = iptablesRestore(world, ns, payload, { noflush: true });
  if (r.ok) { loaded.set(ns, payload); lbErrors(world).delete(cfg.machine); changed = true; }
  else lbErrors(world).set(cfg.machine, r.stderr);
  return changed;
}
