/**
 * The policy agent as a controller (one per node, like kube-router's DaemonSet): builds the
 * cluster view from the API objects, writes each node's chains (agent.ts) with
 * iptables-restore --noflush and keeps the jumps from INPUT, FORWARD and OUTPUT at position 1.
 * Only clusters whose scenario enforces policy run it (plain flannel accepts NetworkPolicy
 * objects and ignores them, as in real life). On a Calico cluster it writes Felix's chains
 * instead (felix.ts), jumped to from FORWARD.
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { ensureTable, iptablesRestore, parseCommand, saveRuleSpec } from '../../net/netfilter/index.ts';
import { insertRules, newChain } from '../../net/netfilter/ops.ts';
import { formatIpv4, maskOf, parseCidr } from '../../wire/index.ts';
import type { ClusterState, Pod } from '../types.ts';
import { nodeNetns } from '../controllers/kubelet.ts';
import { policyPayload } from './agent.ts';
import { felixPayload } from './felix.ts';
import type { NetworkPolicyObject, PolicyCluster } from './types.ts';
import { restoreErrorsOf } from '../restore-errors.ts';

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
/** Felix's one jump for workload traffic (felix/rules/static.go: FORWARD -> cali-FORWARD). */
const FELIX_JUMPS: [string, string][] = [['FORWARD', 'cali-FORWARD']];

/** The agent's style on this cluster: Felix on Calico, kube-router's chains otherwise. */
const styleOf = (c: ClusterState) => (c.config.cni === 'calico'
  ? { jumps: FELIX_JUMPS, payload: felixPayload, comment: null, prefixes: ['cali-'] }
  : { jumps: JUMPS, payload: policyPayload, comment: 'kube-router netpol', prefixes: ['KUBE-ROUTER-', 'KUBE-POD-FW-', 'KUBE-NWPLCY-'] });

/** Keeps the jump to the agent's chain first in each hook chain (`-A <HOOK> [-m comment ...] -j <CHAIN>`). */
export function ensurePolicyJumps(ns: Netns, jumps: [string, string][] = JUMPS, comment: string | null = 'kube-router netpol'): void {
  const t = ensureTable(ns.netfilter, 'filter');
  for (const [hook, chain] of jumps) {
    if (!t.chains.has(chain)) newChain(t, chain);
    const p = parseCommand(['-A', hook, ...(comment ? ['-m', 'comment', '--comment', comment] : []), '-j', chain]);
    if (!('rules' in p) || !p.rules[0]) continue;
    const want = saveRuleSpec(p.rules[0]);
    const rules = t.chains.get(hook)?.rules ?? [];
    if (saveRuleSpec(rules[0] ?? p.rules[0]) === want && rules.length) continue;
    const at = rules.findIndex((r) => saveRuleSpec(r) === want);
    if (at >= 0) rules.splice(at, 1);
    insertRules('filter', t, hook, 1, [p.rules[0]]);
  }
}

const last = new WeakMap<Netns, string>();

/** The last iptables-restore error per node. */
export const policyErrors = (world: World): Map<string, string> => restoreErrorsOf(world, 'network-policy');

/** Fingerprint of the agent's chains (rule counts), to notice hand edits. */
function fingerprint(ns: Netns, style: ReturnType<typeof styleOf>): string {
  const t = ns.netfilter.tables.get('filter');
  let n = 0;
  for (const [name, ch] of t?.chains ?? []) if (style.prefixes.some((p) => name.startsWith(p))) n += ch.rules.length + 1;
  return `${n}:${style.jumps.map(([h]) => t?.chains.get(h)?.rules.length ?? 0).join(',')}`;
}

/** Reconciles every node's policy chains. */
export function reconcilePolicyAgent(c: ClusterState, world: World): boolean {
  if (!c.config.networkPolicy) return false;
  const view = policyClusterOf(c);
  const style = styleOf(c);
  let changed = false;
  for (const node of c.nodes.keys()) {
    const ns = nodeNetns(world, c, node);
    if (!ns) continue;
    const existing = [...(ns.netfilter.tables.get('filter')?.chains.keys() ?? [])];
    const payload = style.payload(view, node, existing);
    const key = `${payload}\u0000${fingerprint(ns, style)}`;
    if (last.get(ns) === key) continue;
    ensurePolicyJumps(ns, style.jumps, style.comment);
    const r = iptablesRestore(world, ns, payload, { noflush: true });
    if (!r.ok) {
      policyErrors(world).set(node, r.stderr);
      continue;
    }
    policyErrors(world).delete(node);
    last.set(ns, `${style.payload(view, node, [...(ns.netfilter.tables.get('filter')?.chains.keys() ?? [])])}\u0000${fingerprint(ns, style)}`);
    changed = true;
  }
  return changed;
}
