/**
 * The scheduler: binds each pod without `spec.nodeName` to a node. Filters as kube-scheduler's
 * default plugins do for what the sandbox models (NodeName, NodeUnschedulable, nodeSelector,
 * taints without a matching toleration, node Ready; NodePorts, host-ports.ts; NodeResourcesFit for the one resource
 * pods here request, a pod slot: at most the node's `status.allocatable.pods`, the kubelet's
 * --max-pods, 110 by default), then scores by the fewest pods
 * (spreading, like NodeResourcesBalancedAllocation/PodTopologySpread on equal nodes), ties
 * broken by node name so a seed replays the same placement.
 */
import type { World } from '../../fabric/world.ts';
import { listObjects, nowStamp, updateObject } from '../store.ts';
import type { ClusterState, KubeObject, Pod } from '../types.ts';
import { hostPortsOf, NODE_PORTS_REASON, portsConflict, type HostPort } from './host-ports.ts';
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

/** The filter reasons the sandbox reports, in kube-scheduler's plugin order, and what preemption says for each. */
const AFFINITY_REASON = "node(s) didn't match Pod's node affinity/selector";
const FULL_REASON = 'Too many pods';
const PREEMPTION: Record<string, string> = {
  // UnschedulableAndUnresolvable: evicting pods would not help.
  [AFFINITY_REASON]: 'Preemption is not helpful for scheduling',
  // Unschedulable: evicting would help, but every pod here has the default priority 0, so no pod is a victim.
  [NODE_PORTS_REASON]: 'No preemption victims found for incoming pod',
  [FULL_REASON]: 'No preemption victims found for incoming pod',
};

/** "k reason" per reason, sorted as strings, joined (FitError.Error's sortReasonsHistogram). */
const histogram = (reasons: readonly string[]): string => {
  const n = new Map<string, number>();
  for (const r of reasons) n.set(r, (n.get(r) ?? 0) + 1);
  return [...n].map(([r, k]) => `${k} ${r}`).sort().join(', ');
};

/**
 * PodScheduled=False's message as kube-scheduler writes it (schedule_one.go FitError), given
 * each node's failing reason: the nodes counted per reason, then the preemption pass's verdict.
 */
export const unschedulableMessage = (reasons: readonly string[]): string => reasons.length === 0 ? 'no nodes available to schedule pods' :
  `0/${reasons.length} nodes are available: ${histogram(reasons)}. preemption: 0/${reasons.length} nodes are available: ${histogram(reasons.map((r) => PREEMPTION[r]!))}.`;

/** Binds every pending pod it can; unschedulable pods get PodScheduled=False. */
export function reconcileScheduler(c: ClusterState, world: World): void {
  const nodes = listObjects(c, 'Node');
  const pods = listObjects(c, 'Pod');
  const load = new Map(nodes.map((n) => [n.metadata.name, 0]));
  const ports = new Map<string, HostPort[]>(nodes.map((n) => [n.metadata.name, []]));
  for (const p of pods) {
    const n = (p.spec as Pod['spec']).nodeName;
    // A pod that ended (Succeeded, Failed) no longer takes its slot or its host ports.
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (!n || phase === 'Succeeded' || phase === 'Failed') continue;
    load.set(n, (load.get(n) ?? 0) + 1);
    ports.get(n)?.push(...hostPortsOf(p.spec as Pod['spec']));
  }
  for (const p of pods) {
    const spec = p.spec as Pod['spec'];
    if (spec.nodeName) continue;
    // Nodes come sorted by name, so the first of the least loaded wins ties by name.
    let chosen: KubeObject | undefined;
    const want = hostPortsOf(spec);
    const reasons: string[] = [];
    for (const n of nodes) {
      const name = n.metadata.name;
      const reason = !fits(p, n) ? AFFINITY_REASON : portsConflict(want, ports.get(name) ?? []) ? NODE_PORTS_REASON
        : load.get(name)! >= podSlots(n) ? FULL_REASON : undefined;
      if (reason) reasons.push(reason);
      else if (!chosen || load.get(name)! < load.get(chosen.metadata.name)!) chosen = n;
    }
    if (!chosen) {
      const message = unschedulableMessage(reasons);
      const old = (p.status?.conditions ?? []) as { type: string; message?: string }[];
      if (old.some((o) => o.type === 'PodScheduled' && o.message === message)) continue;
      const cond = { type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: nowStamp(world), reason: 'Unschedulable', message };
      updateObject(world, { ...p, status: { phase: 'Pending', conditions: [cond], qosClass: 'BestEffort' } });
      failedSchedulingEvent(world, p, cond.message);
      continue;
    }
    load.set(chosen.metadata.name, load.get(chosen.metadata.name)! + 1);
    ports.get(chosen.metadata.name)!.push(...want);
    const now = nowStamp(world);
    updateObject(world, {
      ...p, spec: { ...spec, nodeName: chosen.metadata.name },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }], qosClass: 'BestEffort' },
    });
    scheduledEvent(world, p, chosen.metadata.name);
  }
}
