/**
 * The scheduler: binds each pod without `spec.nodeName` to a node. Filters as kube-scheduler's
 * default plugins do for what the sandbox models (NodeName, NodeUnschedulable, nodeSelector,
 * taints without a matching toleration, node Ready), then scores by the fewest pods
 * (spreading, like NodeResourcesBalancedAllocation/PodTopologySpread on equal nodes), ties
 * broken by node name so a seed replays the same placement.
 */
import type { World } from '../../fabric/world.ts';
import { listObjects, nowStamp, updateObject } from '../store.ts';
import type { ClusterState, KubeObject, Pod } from '../types.ts';
import { failedSchedulingEvent, scheduledEvent } from './pod-events.ts';

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
  for (const p of pods) {
    const n = (p.spec as Pod['spec']).nodeName;
    if (n) load.set(n, (load.get(n) ?? 0) + 1);
  }
  for (const p of pods) {
    const spec = p.spec as Pod['spec'];
    if (spec.nodeName) continue;
    // Nodes come sorted by name, so the first of the least loaded wins ties by name.
    let chosen: KubeObject | undefined;
    for (const n of nodes) {
      if (fits(p, n) && (!chosen || load.get(n.metadata.name)! < load.get(chosen.metadata.name)!)) chosen = n;
    }
    const now = nowStamp(world);
    if (!chosen) {
      const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: now, reason: 'Unschedulable',
        message: `0/${nodes.length} nodes are available: ${nodes.length} node(s) didn't match Pod's node affinity/selector. preemption: 0/${nodes.length} nodes are available: ${nodes.length} Preemption is not helpful for scheduling.` };
      const old = (p.status?.conditions ?? []) as { type: string; message?: string }[];
      if (old.some((o) => o.type === 'PodScheduled' && o.message === cond.message)) continue;
      updateObject(world, { ...p, status: { phase: 'Pending', conditions: [cond], qosClass: 'BestEffort' } });
      failedSchedulingEvent(world, p, cond.message);
      continue;
    }
    load.set(chosen.metadata.name, load.get(chosen.metadata.name)! + 1);
    updateObject(world, {
      ...p, spec: { ...spec, nodeName: chosen.metadata.name },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }], qosClass: 'BestEffort' },
    });
    scheduledEvent(world, p, chosen.metadata.name);
  }
}
