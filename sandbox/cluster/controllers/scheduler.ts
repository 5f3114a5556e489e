/**
 * The scheduler: binds each pod without `spec.nodeName` to a node. Filters as kube-scheduler's
 * default plugins do for what the sandbox models (NodeName, NodeUnschedulable, nodeSelector,
 * taints without a matching toleration, node Ready, NodePorts: host-ports.ts), then scores by the fewest pods
 * (spreading, like NodeResourcesBalancedAllocation/PodTopologySpread on equal nodes), ties
 * broken by node name so a seed replays the same placement.
 */
import type { World } from '../../fabric/world.ts';
import { listObjects, nowStamp, updateObject } from '../store.ts';
import type { ClusterState, KubeObject, Pod } from '../types.ts';
import { hostPortsOf, NODE_PORTS_REASON, portsConflict, type HostPort } from './host-ports.ts';

/** The filter reasons the sandbox reports, and what preemption says for each (all pods have priority 0). */
const AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";
const PREEMPTION: Record<string, string> = {
  // UnschedulableAndUnresolvable: evicting pods would not help.
  [AFFINITY_REASON]: 'Preemption is not helpful for scheduling',
  // Unschedulable: evicting would help, but no pod has a lower priority to evict.
  [NODE_PORTS_REASON]: 'No preemption victims found for incoming pod',
};

/** "k reason" per reason, sorted as strings, joined (FitError.Error's sortReasonsHistogram). */
const histogram = (reasons: readonly string[]): string => {
  const n = new Map<string, number>();
  for (const r of reasons) n.set(r, (n.get(r) ?? 0) + 1);
  return [...n].map(([r, k]) => `${k} ${r}`).sort().join(', ');
};

/** The PodScheduled=False message for a pod no node passed, given each node's reason. */
export const unschedulableMessage = (reasons: readonly string[]): string => reasons.length === 0 ? 'no nodes available to schedule pods' :
  `0/${reasons.length} nodes are available: ${histogram(reasons)}. preemption: 0/${reasons.length} nodes are available: ${histogram(reasons.map((r) => PREEMPTION[r]!))}.`;

interface Taint { key: string; value?: string; effect: string }
interface Toleration { key?: string; operator?: string; value?: string; effect?: string }

const tolerates = (tols: Toleration[], t: Taint): boolean =>
  tols.some((tol) => (tol.effect === undefined || tol.effect === '' || tol.effect === t.effect) &&
    (tol.operator === 'Exists' ? (tol.key === undefined || tol.key === '' || tol.key === t.key) : tol.key === t.key && (tol.value ?? '') === (t.value ?? '')));

/** Whether `pod` may run on `node` (the filter phase). */
export function fits(pod: KubeObject, node: KubeObject): boolean {
  const spec = pod.spec as Pod['spec'] & { tolerations?: Toleration[] };
  const nspec = (node.spec ?? {}) as { unschedulable?: boolean; taints?: Taint[] };
  if (nspec.unschedulable) return false;
  const labels = node.metadata.labels ?? {};
  if (Object.entries(spec.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  return (nspec.taints ?? []).every((t) => t.effect === 'PreferNoSchedule' || tolerates(spec.tolerations ?? [], t));
}

/** Binds every pending pod it can; unschedulable pods get PodScheduled=False. */
export function reconcileScheduler(c: ClusterState, world: World): void {
  const nodes = listObjects(c, 'Node');
  const pods = listObjects(c, 'Pod');
  const load = new Map(nodes.map((n) => [n.metadata.name, 0]));
  const ports = new Map<string, HostPort[]>(nodes.map((n) => [n.metadata.name, []]));
  for (const p of pods) {
    const n = (p.spec as Pod['spec']).nodeName;
    if (n) load.set(n, (load.get(n) ?? 0) + 1);
    // Finished pods hold no ports (the scheduler's NodeInfo drops terminated pods).
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (n && phase !== 'Succeeded' && phase !== 'Failed') ports.get(n)?.push(...hostPortsOf(p.spec as Pod['spec']));
  }
  for (const p of pods) {
    const spec = p.spec as Pod['spec'];
    if (spec.nodeName) continue;
    // Nodes come sorted by name, so the first of the least loaded wins ties by name.
    let chosen: KubeObject | undefined;
    const want = hostPortsOf(spec);
    const reasons: string[] = [];
    for (const n of nodes) {
      const reason = !fits(p, n) ? AFFINITY_REASON : portsConflict(want, ports.get(n.metadata.name) ?? []) ? NODE_PORTS_REASON : undefined;
      if (reason) { reasons.push(reason); continue; }
      if (!chosen || load.get(n.metadata.name)! < load.get(chosen.metadata.name)!) chosen = n;
    }
    const now = nowStamp(world);
    if (!chosen) {
      const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'Unschedulable',
        message: unschedulableMessage(reasons) };
      const old = (p.status?.conditions ?? []) as { type: string; message?: string }[];
      if (old.some((o) => o.type === 'PodScheduled' && o.message === cond.message)) continue;
      updateObject(world, { ...p, status: { phase: 'Pending', conditions: [cond], qosClass: 'BestEffort' } });
      continue;
    }
    load.set(chosen.metadata.name, load.get(chosen.metadata.name)! + 1);
    ports.get(chosen.metadata.name)!.push(...want);
    updateObject(world, {
      ...p, spec: { ...spec, nodeName: chosen.metadata.name },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }], qosClass: 'BestEffort' },
    });
  }
}
