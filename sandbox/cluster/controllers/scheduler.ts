/**
 * The scheduler: binds each pod without `spec.nodeName` to a node. Filters as kube-scheduler's
 * default plugins do for what the sandbox models (NodeName, NodeUnschedulable, nodeSelector,
 * taints without a matching toleration, node Ready; NodeResourcesFit for the one resource
 * pods here request, a pod slot: at most the node's `status.allocatable.pods`, the kubelet's
 * --max-pods, 110 by default), then scores by the fewest pods
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

/** The pods a node takes (`status.allocatable.pods`); a node without the field takes any number. */
function podSlots(node: KubeObject): number {
  const n = Number((node.status as { allocatable?: { pods?: string } } | undefined)?.allocatable?.pods);
  return Number.isFinite(n) ? n : Infinity;
}

/**
 * PodScheduled=False's message as kube-scheduler writes it (schedule_one.go FitError): the
 * failing nodes counted per reason, then the preemption pass's verdict per node. A node that
 * is full has no victims (every pod here has the default priority 0); a node the pod does not
 * fit at all cannot be helped by preemption. Each list is sorted as its strings sort.
 */
function unschedulable(total: number, full: number): string {
  const other = total - full;
  const list = (parts: [number, string][]) => parts.filter(([n]) => n > 0).map(([n, r]) => `${n} ${r}`).sort().join(', ');
  return `0/${total} nodes are available: ${list([[other, "node(s) didn't match Pod's node affinity/selector"], [full, 'Too many pods']])}. `
    + `preemption: 0/${total} nodes are available: ${list([[other, 'Preemption is not helpful for scheduling'], [full, 'No preemption victims found for incoming pod']])}.`;
}

/** Binds every pending pod it can; unschedulable pods get PodScheduled=False. */
export function reconcileScheduler(c: ClusterState, world: World): void {
  const nodes = listObjects(c, 'Node');
  const pods = listObjects(c, 'Pod');
  const load = new Map(nodes.map((n) => [n.metadata.name, 0]));
  for (const p of pods) {
    const n = (p.spec as Pod['spec']).nodeName;
    // A pod that ended (Succeeded, Failed) no longer takes its slot.
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (n && phase !== 'Succeeded' && phase !== 'Failed') load.set(n, (load.get(n) ?? 0) + 1);
  }
  for (const p of pods) {
    const spec = p.spec as Pod['spec'];
    if (spec.nodeName) continue;
    // Nodes come sorted by name, so the first of the least loaded wins ties by name.
    let chosen: KubeObject | undefined;
    let full = 0;
    for (const n of nodes) {
      if (!fits(p, n)) continue;
      if (load.get(n.metadata.name)! >= podSlots(n)) full++;
      else if (!chosen || load.get(n.metadata.name)! < load.get(chosen.metadata.name)!) chosen = n;
    }
    if (!chosen) {
      const message = unschedulable(nodes.length, full);
      const old = (p.status?.conditions ?? []) as { type: string; message?: string }[];
      if (old.some((o) => o.type === 'PodScheduled' && o.message === message)) continue;
      const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: nowStamp(world), reason: 'Unschedulable', message };
      updateObject(world, { ...p, status: { phase: 'Pending', conditions: [cond], qosClass: 'BestEffort' } });
      failedSchedulingEvent(world, p, cond.message);
      continue;
    }
    load.set(chosen.metadata.name, load.get(chosen.metadata.name)! + 1);
    const now = nowStamp(world);
    updateObject(world, {
      ...p, spec: { ...spec, nodeName: chosen.metadata.name },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }], qosClass: 'BestEffort' },
    });
    scheduledEvent(world, p, chosen.metadata.name);
  }
}
