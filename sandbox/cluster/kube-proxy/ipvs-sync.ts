/**
 * Applies an IPVS sync to a node (pkg/proxy/ipvs/proxier.go syncProxyRules, the effects):
 * the kube-ipvs0 dummy device (created DOWN, netlink_linux.go EnsureDummyDevice), its /32
 * addresses, the ip sets and their entries (ipset create/add/del), the virtual servers and
 * real servers (graceful: a removed server with connections keeps weight 0 until they end,
 * graceful_termination.go), the jump rules, then the payload with iptables-restore --noflush.
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { addAddress, delAddress } from '../../net/addr.ts';
import { addLink } from '../../net/link.ts';
import { changeMember, createSet, findSet } from '../../net/ipset/index.ts';
import { restoreErrorsOf } from '../restore-errors.ts';
import { addService, changeDest, deleteService, editService, ipvsOf, liveConns } from '../../net/ipvs/index.ts';
import { ensureTable, iptablesRestore, parseCommand, saveRuleSpec } from '../../net/netfilter/index.ts';
import { insertRules, newChain } from '../../net/netfilter/ops.ts';
import { formatIpv4, parseIpv4 } from '../../wire/index.ts';
import { KUBE_SETS, IPVS_JUMPS } from './ipvs-sets.ts';
import { planIpvsSync, type IpvsSync } from './ipvs-proxier.ts';
import type { ProxyEntry, ProxyNode } from './types.ts';

/** DefaultDummyDevice. */
export const DUMMY_DEVICE = 'kube-ipvs0';

/** The node's IPv4 addresses off kube-ipvs0, loopback excluded (GetAllLocalAddressesExcept). */
export function nodeAddresses(ns: Netns): string[] {
  const dummy = [...ns.links.values()].find((l) => l.name === DUMMY_DEVICE)?.ifindex;
  return ns.addrs.filter((a) => a.family === 'inet' && a.ifindex !== dummy && a.addr >>> 24 !== 127).map((a) => formatIpv4(a.addr as number));
}

function ensureDummy(world: World, ns: Netns): number | undefined {
  const found = [...ns.links.values()].find((l) => l.name === DUMMY_DEVICE);
  if (found) return found.ifindex;
  const r = addLink(world, ns, { name: DUMMY_DEVICE, kind: 'dummy' });
  return r.ok ? r.value.ifindex : undefined;
}

function syncAddresses(ns: Netns, dev: number, want: string[]): void {
  const have = ns.addrs.filter((a) => a.family === 'inet' && a.ifindex === dev).map((a) => a.addr as number);
  const wanted = new Set(want.map((w) => parseIpv4(w)!));
  for (const a of wanted) if (!have.includes(a)) addAddress(ns, { family: 'inet', ifindex: dev, addr: a, len: 32, scope: 'global' });
  for (const a of have) if (!wanted.has(a)) delAddress(ns, dev, a, 32);
}

function syncSets(world: World, ns: Netns, plan: IpvsSync): void {
  for (const s of KUBE_SETS) {
    createSet(ns, world.rng, s.name, s.type, s.type === 'bitmap:port' ? { range: { min: 0, max: 65535 } } : {}, true);
    const set = findSet(ns, s.name);
    const want = plan.sets.get(s.name) ?? new Set<string>();
    if (!set) continue;
    for (const m of [...set.members]) if (!want.has(m)) changeMember(ns, 'del', s.name, m, true);
    // sets.List: the entries to add, sorted.
    for (const m of [...want].sort()) if (!set.members.includes(m)) changeMember(ns, 'add', s.name, m, true);
  }
}

function syncServices(world: World, ns: Netns, plan: IpvsSync): void {
  const st = ipvsOf(ns);
  const key = (proto: string, addr: number, port: number) => `${proto}|${addr}|${port}`;
  const wanted = new Map(plan.services.map((w) => [key(w.proto, parseIpv4(w.addr)!, w.port), w]));
  // cleanLegacyService: virtual servers kube-proxy no longer wants go.
  for (const s of [...st.services]) if (!wanted.has(key(s.proto, s.addr, s.port))) deleteService(ns, s.proto, s.addr, s.port);
  const now = world.clock.ms;
  for (const w of plan.services) {
    const addr = parseIpv4(w.addr)!;
    const spec = { proto: w.proto, addr, port: w.port, scheduler: 'rr', ...(w.persistent === undefined ? {} : { persistent: w.persistent }) };
    const svc = st.services.find((s) => s.proto === w.proto && s.addr === addr && s.port === w.port);
    if (!svc) addService(ns, spec);
    else if (svc.persistent !== w.persistent) editService(ns, spec);
    const live = st.services.find((s) => s.proto === w.proto && s.addr === addr && s.port === w.port)!;
    const want = new Set(w.dests);
    for (const d of w.dests) {
      const [ip, port] = [parseIpv4(d.slice(0, d.lastIndexOf(':')))!, Number(d.slice(d.lastIndexOf(':') + 1))];
      const have = live.dests.find((x) => x.addr === ip && x.port === port);
      if (!have) changeDest(ns, 'add', w.proto, addr, w.port, ip, port, 1);
      else if (have.weight !== 1) changeDest(ns, 'edit', w.proto, addr, w.port, ip, port, 1);
    }
    for (const d of [...live.dests]) {
      if (want.has(`${formatIpv4(d.addr)}:${d.port}`)) continue;
      const busy = liveConns(ns, now).some((c) => !c.template && c.vaddr === addr && c.vport === w.port && c.daddr === d.addr && c.dport === d.port);
      // A TCP server with connections is drained first (weight 0); UDP ones go at once.
      if (busy && w.proto === 'tcp') changeDest(ns, 'edit', w.proto, addr, w.port, d.addr, d.port, 0);
      else changeDest(ns, 'del', w.proto, addr, w.port, d.addr, d.port);
    }
  }
}

/** createAndLinkKubeChain's EnsureChain + EnsureRule(Prepend) for the jumps. */
function ensureIpvsJumps(ns: Netns): void {
  for (const j of IPVS_JUMPS) {
    const t = ensureTable(ns.netfilter, j.table);
    if (!t.chains.has(j.to)) newChain(t, j.to);
    const p = parseCommand(['-t', j.table, '-A', j.from, '-m', 'comment', '--comment', j.comment, '-j', j.to]);
    if (!('rules' in p)) continue;
    const rule = p.rules[0]!;
    const want = saveRuleSpec(rule);
    const chain = t.chains.get(j.from);
    if (!chain || chain.rules.some((r) => saveRuleSpec(r) === want)) continue;
    insertRules(j.table, t, j.from, 1, [rule]);
  }
}

/**
 * One node's IPVS sync; true when something changed. `net.ipv4.vs.conntrack` is 1 in the
 * simulated kernel, as kube-proxy sets it at start.
 */
export function syncIpvsNode(world: World, ns: Netns, entries: ProxyEntry[], node: ProxyNode): boolean {
  const before = JSON.stringify([ns.ipvs?.services.map((s) => [s.proto, s.addr, s.port, s.persistent, s.dests.map((d) => [d.addr, d.port, d.weight])]), ns.ipsets?.sets.map((s) => s.members), ns.addrs.length]);
  ensureIpvsJumps(ns);
  const dev = ensureDummy(world, ns);
  if (dev === undefined) return false;
  const plan = planIpvsSync(entries, node, nodeAddresses(ns));
  syncSets(world, ns, plan);
  const r = iptablesRestore(world, ns, plan.payload, { noflush: true, counters: true });
  if (!r.ok) {
    // kube-proxy logs "Failed to execute iptables-restore" and tries again at the next sync.
    restoreErrorsOf(world, 'kube-proxy').set(node.nodeName, r.stderr);
    return false;
  }
  restoreErrorsOf(world, 'kube-proxy').delete(node.nodeName);
  syncAddresses(ns, dev, plan.bind);
  syncServices(world, ns, plan);
  const after = JSON.stringify([ns.ipvs?.services.map((s) => [s.proto, s.addr, s.port, s.persistent, s.dests.map((d) => [d.addr, d.port, d.weight])]), ns.ipsets?.sets.map((s) => s.members), ns.addrs.length]);
  return before !== after;
}
