/**
 * kube-proxy in iptables mode, one per node: on a full sync it ensures its jump rules exist
 * (EnsureChain + EnsureRule(Prepend) for iptablesJumpChains, in upstream's order, so the
 * last one ends up first) and loads the payload of generateProxyRules with
 * `iptables-restore --noflush --counters`, the way pkg/proxy/iptables/proxier.go does.
 * When it syncs, and how much it rewrites, is syncNode's contract below.
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import type { Rule, TableName } from '../../net/netfilter/types.ts';
import { ensureTable, iptablesRestore, parseCommand, saveRuleSpec } from '../../net/netfilter/index.ts';
import { insertRules, newChain } from '../../net/netfilter/ops.ts';
import { conntrackDelete } from '../../net/conntrack/index.ts';
import { formatIpv4 } from '../../wire/index.ts';
import type { ClusterState } from '../types.ts';
import { nodeNetns } from '../controllers/kubelet.ts';
import { syncPeriodMs } from './sync-period.ts';
import { generateProxyRules, LARGE_CLUSTER_ENDPOINTS_THRESHOLD } from './rules.ts';
import { proxyEntriesOf } from './from-api.ts';
import { isServiceChainName, servicePortNameString } from './chain-names.ts';
import type { ProxyEntry, ProxyNode } from './types.ts';
import { restoreErrorsOf } from '../restore-errors.ts';
import { syncIpvsNode } from './ipvs-sync.ts';

/** One jump rule kube-proxy keeps in a built-in chain (iptablesJumpChains). */
interface JumpChain { table: TableName; dst: string; src: string; comment: string; extra: string[] }

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];
/** Upstream's list, in its order; each is prepended, so the last listed ends up first. */
export const JUMP_CHAINS: JumpChain[] = [
  { table: 'filter', dst: 'KUBE-EXTERNAL-SERVICES', src: 'INPUT', comment: 'kubernetes externally-visible service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-EXTERNAL-SERVICES', src: 'FORWARD', comment: 'kubernetes externally-visible service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-NODEPORTS', src: 'INPUT', comment: 'kubernetes health check service ports', extra: [] },
  { table: 'filter', dst: 'KUBE-SERVICES', src: 'FORWARD', comment: 'kubernetes service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-SERVICES', src: 'OUTPUT', comment: 'kubernetes service portals', extra: NEW },
  { table: 'filter', dst: 'KUBE-FORWARD', src: 'FORWARD', comment: 'kubernetes forwarding rules', extra: [] },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'INPUT', comment: 'kubernetes load balancer firewall', extra: NEW },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'OUTPUT', comment: 'kubernetes load balancer firewall', extra: NEW },
  { table: 'filter', dst: 'KUBE-PROXY-FIREWALL', src: 'FORWARD', comment: 'kubernetes load balancer firewall', extra: NEW },
  { table: 'nat', dst: 'KUBE-SERVICES', src: 'OUTPUT', comment: 'kubernetes service portals', extra: [] },
  { table: 'nat', dst: 'KUBE-SERVICES', src: 'PREROUTING', comment: 'kubernetes service portals', extra: [] },
  { table: 'nat', dst: 'KUBE-POSTROUTING', src: 'POSTROUTING', comment: 'kubernetes postrouting rules', extra: [] },
  // Duplicates of kubelet's (pkg/kubelet/kubelet_network_linux.go), created but never removed.
  { table: 'filter', dst: 'KUBE-FIREWALL', src: 'INPUT', comment: '', extra: [] },
  { table: 'filter', dst: 'KUBE-FIREWALL', src: 'OUTPUT', comment: '', extra: [] },
];

/** The canary chains kube-proxy's iptables Monitor creates in every table it watches. */
const CANARY = 'KUBE-PROXY-CANARY';

/** Parsed jump rules and their saved form, by JumpChain (the list is fixed, rule specs are immutable). */
const jumpRules = new Map<JumpChain, { rule: Rule; want: string } | undefined>();

function jumpRuleOf(j: JumpChain): { rule: Rule; want: string } | undefined {
  if (!jumpRules.has(j)) {
    const rule = jumpRule(j);
    jumpRules.set(j, rule ? { rule, want: saveRuleSpec(rule) } : undefined);
  }
  const r = jumpRules.get(j);
  // A fresh wrapper per insert: counters belong to the namespace's rule, the spec is shared.
  return r && { rule: { ...r.rule, counters: { packets: 0, bytes: 0 } }, want: r.want };
}

function jumpRule(j: JumpChain): Rule | undefined {
  const args = [...j.extra, ...(j.comment ? ['-m', 'comment', '--comment', j.comment] : []), '-j', j.dst];
  const p = parseCommand(['-t', j.table, '-A', j.src, ...args]);
  return 'rules' in p ? p.rules[0] : undefined;
}

/** EnsureChain and EnsureRule(Prepend) for every jump; true when something was added. */
export function ensureJumps(ns: Netns): boolean {
  let changed = false;
  for (const table of ['mangle', 'nat', 'filter'] as TableName[]) {
    const t = ensureTable(ns.netfilter, table);
    if (!t.chains.has(CANARY)) changed = newChain(t, CANARY) === undefined || changed;
  }
  for (const j of JUMP_CHAINS) {
    const t = ensureTable(ns.netfilter, j.table);
    if (!t.chains.has(j.dst)) changed = newChain(t, j.dst) === undefined || changed;
    const jr = jumpRuleOf(j);
    const chain = t.chains.get(j.src);
    if (!jr || !chain) continue;
    if (chain.rules.some((r) => saveRuleSpec(r) === jr.want)) continue;
    changed = insertRules(j.table, t, j.src, 1, [jr.rule]) === undefined || changed;
  }
  return changed;
}

/**
 * kube-proxy's memory of its last sync on one node, kept in the world so a snapshot restores
 * it (plain data; `perService` maps are shared by the nodes of one round).
 */
export interface KubeProxySyncState {
  /** Virtual ms of the last sync and of the last full sync. */
  lastSync: number;
  lastFullSync: number;
  /** perServiceKeys of the last sync: what a partial sync compares against. */
  perService: Map<string, string>;
  /** The node facts it synced with (a change forces a full sync). */
  nodeKey: string;
  large: boolean;
}

declare module '../../fabric/world.ts' {
  interface WorldExtensions {
    /** kube-proxy's sync memory per node name (controller.ts). */
    kubeProxy?: Map<string, KubeProxySyncState>;
  }
}

/**
 * How often kube-proxy rewrites every chain even when nothing changed (proxier.go:
 * `proxyutil.FullSyncPeriod`, one hour); in between, syncs are partial.
 */
export const FULL_SYNC_PERIOD_MS = 3_600_000;

/** Whether the Monitor's canary chains are all present (kube-proxy forces a full sync when one goes). */
function canariesPresent(ns: Netns): boolean {
  return (['mangle', 'nat', 'filter'] as TableName[]).every((t) => ns.netfilter.tables.get(t)?.chains.has(CANARY));
}

/**
 * What a sync derives from the Services and endpoints alone, the same for every node: computed
 * once per controller round instead of once per node (the entries' JSON is ~1 MB at 1,000
 * Services).
 */
export interface SyncInputs {
  /** The entries' JSON. */
  inputKey: string;
  /** perServiceKeys of the entries. */
  perService: Map<string, string>;
  /** More endpoints than LARGE_CLUSTER_ENDPOINTS_THRESHOLD. */
  large: boolean;
  /** Some entry's rules depend on the node (Local traffic policies, LB source ranges). */
  nodeDependent: boolean;
}

export function syncInputs(entries: ProxyEntry[]): SyncInputs {
  return {
    inputKey: JSON.stringify(entries), perService: perServiceKeys(entries),
    large: entries.reduce((n, e) => n + e.endpoints.length, 0) > LARGE_CLUSTER_ENDPOINTS_THRESHOLD,
    nodeDependent: entries.some((e) => e.svc.internalTrafficPolicy === 'Local' || e.svc.externalTrafficPolicy === 'Local' || e.svc.loadBalancerSourceRanges.length > 0),
  };
}

/** `namespace/name:port/proto` -> the entry's JSON, to find what changed since the last sync. */
function perServiceKeys(entries: ProxyEntry[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const e of entries) m.set(`${servicePortNameString(e.svc)}/${e.svc.protocol.toLowerCase()}`, JSON.stringify(e));
  return m;
}

/** The last iptables-restore error per node (what kube-proxy would log), for tests and debugging. */
export const restoreErrors = (world: World): Map<string, string> => restoreErrorsOf(world, 'kube-proxy');

/** Node facts kube-proxy is started with on `node`. */
export function proxyNodeOf(c: ClusterState, node: string): ProxyNode {
  return { nodeName: node, nodeIP: c.nodes.get(node)?.ip ?? '', clusterCIDR: c.config.clusterCidr };
}

/**
 * One node's sync, as pkg/proxy/iptables/proxier.go syncProxyRules decides it: it runs when the
 * Services or endpoints changed, when the sync period has come round (`--iptables-sync-period`,
 * periodic.ts), or when a canary chain vanished (the iptables Monitor). Each run re-ensures the
 * jump rules and rewrites the top-level chains (KUBE-SERVICES, KUBE-NODEPORTS ...); a Service's
 * own KUBE-SVC/SEP/EXT chains are rewritten only when that Service changed, except on a full
 * sync (the first, after a failure, after a canary went, or an hour after the last full one).
 * So a rule deleted by hand from KUBE-SERVICES is back at the next periodic sync, while one
 * deleted inside a KUBE-SVC chain stays gone until its Service changes or the hourly full sync.
 * True when it rewrote the node's rules.
 */
export function syncNode(world: World, ns: Netns, entries: ProxyEntry[], node: ProxyNode, round: SyncInputs = syncInputs(entries)): boolean {
  const { perService, large } = round;
  const nodeKey = JSON.stringify(node);
  const states = (world.kubeProxy ??= new Map());
  const last = states.get(node.nodeName);
  const now = world.clock.ms;
  const period = syncPeriodMs(world);
  const canaries = canariesPresent(ns);
  const changedServices = (prev: Map<string, string>): Set<string> => {
    if (prev === perService) return new Set();
    const keys = new Set([...perService].filter(([k, v]) => prev.get(k) !== v).map(([k]) => k));
    for (const k of prev.keys()) if (!perService.has(k)) keys.add(k);
    return keys;
  };
  const changed = last ? changedServices(last.perService) : undefined;
  const due = !last || Math.floor(now / period) !== Math.floor(last.lastSync / period);
  if (last && changed!.size === 0 && !due && canaries && last.nodeKey === nodeKey) return false;
  const full = !last || !canaries || last.nodeKey !== nodeKey || last.large !== large || now - last.lastFullSync >= FULL_SYNC_PERIOD_MS;
  const existing = [...(ns.netfilter.tables.get('nat')?.chains.keys() ?? [])].filter(isServiceChainName);
  const payload = cachedPayload(entries, node, existing, full ? undefined : changed, round);
  ensureJumps(ns);
  const r = iptablesRestore(world, ns, payload, { noflush: true, counters: true });
  if (!r.ok) {
    // kube-proxy logs "Failed to execute iptables-restore" and retries with a full sync.
    restoreErrors(world).set(node.nodeName, r.stderr);
    states.delete(node.nodeName);
    return false;
  }
  restoreErrors(world).delete(node.nodeName);
  clearStaleUdp(ns, entries);
  states.set(node.nodeName, { lastSync: now, lastFullSync: full ? now : last!.lastFullSync, perService, nodeKey, large });
  return true;
}

/** The last payload built, shared by nodes whose payload cannot differ (see cachedPayload). */
let payloadCache: { inputKey: string; key: string; payload: string } | undefined;

/**
 * generateProxyRules, reusing the previous node's result when this node's would be the same:
 * without Local traffic policies or load-balancer source ranges nothing in the payload depends
 * on which node it is for, only on the Services, the node options, the chains to delete and
 * the partial-sync set.
 */
function cachedPayload(entries: ProxyEntry[], node: ProxyNode, existing: string[], changed: Set<string> | undefined, round: SyncInputs): string {
  const { nodeName, nodeIP, ...options } = node;
  const key = [round.nodeDependent ? `${nodeName}|${nodeIP}` : '', JSON.stringify(options), existing.join(','), changed ? [...changed].join(',') : '*'].join('\u0000');
  if (payloadCache?.inputKey === round.inputKey && payloadCache.key === key) return payloadCache.payload;
  const { payload } = generateProxyRules(entries, node, existing, changed);
  payloadCache = { inputKey: round.inputKey, key, payload };
  return payload;
}

/**
 * UDP has no connection to end, so a conntrack entry DNATed to an endpoint that is gone would
 * keep blackholing a client's flow (a DNS client reusing its port after CoreDNS restarts):
 * kube-proxy deletes the entries of UDP Service IPs whose reply comes from an address that is
 * no longer an endpoint (pkg/proxy/conntrack CleanStaleEntries).
 */
function clearStaleUdp(ns: Netns, entries: ProxyEntry[]): void {
  const live = new Map<string, Set<string>>();
  for (const e of entries) {
    if (e.svc.protocol !== 'UDP') continue;
    live.set(`${e.svc.clusterIP}:${e.svc.port}`, new Set(e.endpoints.filter((x) => x.ready).map((x) => `${x.ip}:${x.port}`)));
  }
  if (live.size === 0) return;
  const stale = [...ns.conntrack.entries.values()].filter((ct) => {
    if (ct.original.proto !== 'udp') return false;
    const eps = live.get(`${formatIpv4(ct.original.dst)}:${ct.original.dport}`);
    return eps !== undefined && !eps.has(`${formatIpv4(ct.reply.src)}:${ct.reply.sport}`);
  });
  if (stale.length) conntrackDelete(ns, stale);
}

/** The kube-proxy controller: every node's rules follow the Services and EndpointSlices. */
export function reconcileKubeProxy(c: ClusterState, world: World): boolean {
  const entries = proxyEntriesOf(c);
  const round = syncInputs(entries);
  let changed = false;
  for (const [node, rt] of c.nodes) {
    const ns = nodeNetns(world, c, node);
    if (!ns) continue;
    const mode = rt.proxyMode ?? c.config.proxyMode;
    if (mode === 'ipvs') {
      if (syncIpvsNode(world, ns, entries, proxyNodeOf(c, node))) changed = true;
    } else if (mode === 'iptables' && syncNode(world, ns, entries, proxyNodeOf(c, node), round)) changed = true;
  }
  return changed;
}
