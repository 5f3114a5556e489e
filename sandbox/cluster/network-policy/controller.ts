/**
 * The policy agent as a controller (one per node, like kube-router's DaemonSet): builds the
 * cluster view from the API objects, writes each node's chains (agent.ts) with
 * iptables-restore --noflush and keeps the jumps from INPUT, FORWARD and OUTPUT at position 1.
 * Only clusters whose scenario enforces policy run it (plain flannel accepts NetworkPolicy
 * objects and ignores them, as in real life).
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { ensureTable, iptablesRestore, parseCommand, saveRuleSpec } from '../../net/netfilter/index.ts';
import { insertRules, newChain } from '../../net/netfilter/ops.ts';
import { formatIpv4, maskOf, parseCidr } from '../../wire/index.ts';
import type { ClusterState, Pod } from '../types.ts';
import { nodeNetns } from '../controllers/kubelet.ts';
import { hash16, policyPayload } from './agent.ts';
import type { NetworkPolicyObject, PolicyCluster } from './types.ts';
import { restoreErrorsOf } from '../restore-errors.ts';
import { reconcileFelix } from './felix-controller.ts';

/** The cluster as the agent sees it. */
export function policyClusterOf(c: ClusterState): PolicyCluster {
  const nodeAddresses = new Map<string, string[]>();
  for (const [name, rt] of c.nodes) {
    const addrs = [rt.ip];
    const cidr = [...c.podCidrs].find(([, n]) => n === name)?.[0];
    const p = cidr ? parseCidr(cidr) : undefined;
    if (p) {
      const net = (p.addr & maskOf(p.len)) >>> 0;
      addrs.push(formatIpv4(net + 1), formatIpv4(net)); // cni0 and flannel.1
    }
    nodeAddresses.set(name, addrs);
  }
  const pods = [...(c.objects.get('Pod')?.values() ?? [])] as Pod[];
  return {
    namespaces: [...(c.objects.get('Namespace')?.values() ?? [])].map((n) => ({ name: n.metadata.name, labels: n.metadata.labels ?? {} })),
    pods: pods.filter((p) => p.status?.podIP).map((p) => ({
      namespace: p.metadata.namespace ?? 'default', name: p.metadata.name, labels: p.metadata.labels ?? {}, ip: p.status!.podIP!,
      node: p.spec.nodeName ?? '', hostNetwork: p.spec.hostNetwork === true,
      ports: p.spec.containers.flatMap((ct) => ct.ports ?? []),
    })),
    nodeAddresses,
    policies: [...(c.objects.get('NetworkPolicy')?.values() ?? [])] as unknown as NetworkPolicyObject[],
  };
}

const JUMPS: [string, string][] = [['INPUT', 'KUBE-ROUTER-INPUT'], ['FORWARD', 'KUBE-ROUTER-FORWARD'], ['OUTPUT', 'KUBE-ROUTER-OUTPUT']];

/**
 * The jump's comment: kube-router's ensureTopLevelChains appends " - " and a hash of the hook
 * and the rule spec joined without spaces (addUUIDForRuleSpec).
 */
export const jumpComment = (hook: string, chain: string): string =>
  `kube-router netpol - ${hash16(`${hook}-mcomment--commentkube-router netpol-j${chain}`)}`;

/** Keeps `-A <HOOK> -m comment --comment "kube-router netpol - <hash>" -j KUBE-ROUTER-<HOOK>` first in each hook chain. */
export function ensurePolicyJumps(ns: Netns): void {
  const t = ensureTable(ns.netfilter, 'filter');
  for (const [hook, chain] of JUMPS) {
    if (!t.chains.has(chain)) newChain(t, chain);
    const p = parseCommand(['-A', hook, '-m', 'comment', '--comment', jumpComment(hook, chain), '-j', chain]);
    if (!('rules' in p) || !p.rules[0]) continue;
    const want = saveRuleSpec(p.rules[0]);
    const rules = t.chains.get(hook)?.rules ?? [];
    if (saveRuleSpec(rules[0] ?? p.rules[0]) === want && rules.length) continue;
    const at = rules.findIndex((r) => saveRuleSpec(r) === want);
    if (at >= 0) rules.splice(at, 1);
    insertRules('filter', t, hook, 1, [p.rules[0]]);
  }
}

declare module '../../fabric/world.ts' {
  interface WorldExtensions {
    /** The policy agent's last full sync per node: what it wrote, its version, when (controller.ts). */
    policyAgent?: Map<string, { key: string; version: string; at: number }>;
  }
}

/** kube-router's --iptables-sync-period default: a full sync at least every 5 minutes. */
const SYNC_PERIOD_MS = 5 * 60_000;

/** The sync version kube-router takes at a full sync's start: Unix time in nanoseconds, decimal. */
const syncVersion = (world: World): string => `${world.clock.epochMs + world.clock.ms}000000`;

/** The version of `node`'s chains now (the last full sync's), '' before the first. */
export const policySyncVersion = (world: World, node: string): string => world.policyAgent?.get(node)?.version ?? '';

/** The last iptables-restore error per node. */
export const policyErrors = (world: World): Map<string, string> => restoreErrorsOf(world, 'network-policy');

/** Fingerprint of the agent's chains (rule counts), to notice hand edits. */
function fingerprint(ns: Netns): string {
  const t = ns.netfilter.tables.get('filter');
  let n = 0;
  for (const [name, ch] of t?.chains ?? []) if (name.startsWith('KUBE-ROUTER-') || name.startsWith('KUBE-POD-FW-') || name.startsWith('KUBE-NWPLCY-')) n += ch.rules.length + 1;
  return `${n}:${JUMPS.map(([h]) => t?.chains.get(h)?.rules.length ?? 0).join(',')}`;
}

/** Reconciles every node's policy chains. */
export function reconcilePolicyAgent(c: ClusterState, world: World): boolean {
  if (!c.config.networkPolicy) return false;
  const view = policyClusterOf(c);
  // On Calico, Felix enforces policy with its own chains (felix-controller.ts).
  if (c.config.cni === 'calico') return reconcileFelix(c, world, view);
  let changed = false;
  for (const node of c.nodes.keys()) {
    const ns = nodeNetns(world, c, node);
    if (!ns) continue;
    // A full sync when what the agent would write changed, its chains were edited by hand, or
    // the sync period passed; each one writes the chains under a new version.
    const state = (world.policyAgent ??= new Map());
    const prev = state.get(node);
    const key = `${policyPayload(view, node, [], prev?.version ?? '')}\u0000${fingerprint(ns)}`;
    if (prev && prev.key === key && world.clock.ms - prev.at < SYNC_PERIOD_MS) continue;
    const version = syncVersion(world);
    const existing = [...(ns.netfilter.tables.get('filter')?.chains.keys() ?? [])];
    const payload = policyPayload(view, node, existing, version);
    ensurePolicyJumps(ns);
    const r = iptablesRestore(world, ns, payload, { noflush: true });
    if (!r.ok) {
      policyErrors(world).set(node, r.stderr);
      continue;
    }
    policyErrors(world).delete(node);
    state.set(node, { key: `${policyPayload(view, node, [], version)}\u0000${fingerprint(ns)}`, version, at: world.clock.ms });
    changed = true;
  }
  return changed;
}
