/**
 * Felix's policy sync on a Calico cluster (the controller.ts agent's counterpart): writes each
 * node's cali- chains (felix.ts) with iptables-restore --noflush when what it would write
 * changed or its chains were edited by hand, and keeps `-A FORWARD -j cali-FORWARD` first in
 * FORWARD (felix/rules/static.go; Felix's `cali:<hash>` comment is left out).
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { ensureTable, iptablesRestore, parseCommand, saveRuleSpec } from '../../net/netfilter/index.ts';
import { insertRules, newChain } from '../../net/netfilter/ops.ts';
import type { ClusterState } from '../types.ts';
import { nodeNetns } from '../controllers/kubelet.ts';
import { felixPayload } from './felix.ts';
import type { PolicyCluster } from './types.ts';
import { restoreErrorsOf } from '../restore-errors.ts';

/** Keeps `-A FORWARD -j cali-FORWARD` first in FORWARD. */
function ensureFelixJump(ns: Netns): void {
  const t = ensureTable(ns.netfilter, 'filter');
  if (!t.chains.has('cali-FORWARD')) newChain(t, 'cali-FORWARD');
  const p = parseCommand(['-A', 'FORWARD', '-j', 'cali-FORWARD']);
  if (!('rules' in p) || !p.rules[0]) return;
  const want = saveRuleSpec(p.rules[0]);
  const rules = t.chains.get('FORWARD')?.rules ?? [];
  if (rules.length && saveRuleSpec(rules[0]!) === want) return;
  const at = rules.findIndex((r) => saveRuleSpec(r) === want);
  if (at >= 0) rules.splice(at, 1);
  insertRules('filter', t, 'FORWARD', 1, [p.rules[0]]);
}

/** Rule counts of Felix's chains and of FORWARD, to notice hand edits. */
function fingerprint(ns: Netns): string {
  const t = ns.netfilter.tables.get('filter');
  let n = 0;
  for (const [name, ch] of t?.chains ?? []) if (name.startsWith('cali-')) n += ch.rules.length + 1;
  return `${n}:${t?.chains.get('FORWARD')?.rules.length ?? 0}`;
}

/** Felix on every node of a Calico cluster; true when it wrote anything. */
export function reconcileFelix(c: ClusterState, world: World, view: PolicyCluster): boolean {
  let changed = false;
  const errors = restoreErrorsOf(world, 'network-policy');
  for (const node of c.nodes.keys()) {
    const ns = nodeNetns(world, c, node);
    if (!ns) continue;
    const state = (world.policyAgent ??= new Map());
    const key = `${felixPayload(view, node)}\u0000${fingerprint(ns)}`;
    if (state.get(node)?.key === key) continue;
    ensureFelixJump(ns);
    const r = iptablesRestore(world, ns, felixPayload(view, node, [...(ns.netfilter.tables.get('filter')?.chains.keys() ?? [])]), { noflush: true });
    if (!r.ok) { errors.set(node, r.stderr); continue; }
    errors.delete(node);
    state.set(node, { key: `${felixPayload(view, node)}\u0000${fingerprint(ns)}`, version: '', at: world.clock.ms });
    changed = true;
  }
  return changed;
}
