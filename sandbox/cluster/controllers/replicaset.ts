/**
 * The ReplicaSet controller: keeps `spec.replicas` pods that match the selector and are
 * controlled by the ReplicaSet, creating `<rs>-<5 random>` pods from the template
 * (generateName) or deleting the surplus, newest first (the real controller ranks
 * not-ready and newer pods first for deletion, controller.ActivePods ordering). Like the
 * real controller, one sync creates or deletes at most BURST_REPLICAS pods; the next round
 * goes on (its 'more'). Each pod made or deleted is an event on the ReplicaSet
 * (workload-events.ts).
 */
import type { World } from '../../fabric/world.ts';
import { randomSuffix } from '../ids.ts';
import { fromLabelSelector, matches } from '../selector.ts';
import { cloneObject, createObject, deleteObject, getObject, listObjects, updateObject } from '../store.ts';
import type { ClusterState, KubeObject, LabelSelector, PodTemplate } from '../types.ts';
import { controllerOf, ownedBy, ownerRef } from './owners.ts';
import { createdPodEvent, deletedPodEvent } from './workload-events.ts';

/** Whether a pod counts as ready (its Ready condition is True). */
export const podReady = (p: KubeObject): boolean =>
  ((p.status?.conditions ?? []) as { type: string; status: string }[]).some((c) => c.type === 'Ready' && c.status === 'True');

/**
 * Pods one sync of one ReplicaSet creates or deletes: kube-controller-manager's BurstReplicas
 * (pkg/controller/replicaset/replica_set.go manageReplicas caps the diff at it).
 */
export const BURST_REPLICAS = 500;

/** Reconciles every ReplicaSet's pods and status; 'more' when one stopped at its burst limit. */
export function reconcileReplicaSets(c: ClusterState, world: World): 'more' | undefined {
  let more = false;
  // Pods by controlling owner uid, built once per pass (a ReplicaSet only counts its own).
  const byOwner = new Map<string, KubeObject[]>();
  for (const p of listObjects(c, 'Pod')) {
    const uid = controllerOf(p)?.uid;
    if (!uid) continue;
    const mine = byOwner.get(uid);
    if (mine) mine.push(p);
    else byOwner.set(uid, [p]);
  }
  for (const rs of listObjects(c, 'ReplicaSet')) {
    const spec = rs.spec as { replicas?: number; selector?: LabelSelector; template: PodTemplate };
    const want = spec.replicas ?? 1;
    const sel = fromLabelSelector(spec.selector);
    const pods = (byOwner.get(rs.metadata.uid) ?? []).filter((p) => p.metadata.namespace === rs.metadata.namespace && matches(sel, p.metadata.labels));
    const diff = Math.min(Math.abs(want - pods.length), BURST_REPLICAS);
    let made = 0;
    for (let i = 0; pods.length < want && i < diff; i++) if (createPod(c, world, rs, spec.template)) made++;
    if (pods.length > want) {
      const surplus = [...pods].sort((a, b) => b.metadata.creationTimestamp.localeCompare(a.metadata.creationTimestamp) || Number(b.metadata.resourceVersion) - Number(a.metadata.resourceVersion));
      for (const p of surplus.slice(0, diff)) {
        if (!deleteObject(world, 'Pod', p.metadata.namespace, p.metadata.name).ok) continue;
        deletedPodEvent(world, rs, p.metadata.name);
        made++;
      }
    }
    // More next round only after progress: creations that fail never keep the loop going.
    if (diff < Math.abs(want - pods.length) && made > 0) more = true;
    const now = pods.length === want ? pods
      : listObjects(c, 'Pod', rs.metadata.namespace).filter((p) => ownedBy(p, rs));
    const ready = now.filter(podReady).length;
    const status: Record<string, unknown> = { replicas: now.length, fullyLabeledReplicas: now.length, observedGeneration: rs.metadata.generation };
    if (ready) { status.readyReplicas = ready; status.availableReplicas = ready; }
    updateObject(world, { ...rs, status });
  }
  return more ? 'more' : undefined;
}

/** Creates one pod of `rs`; false when the API refused it. */
function createPod(c: ClusterState, world: World, rs: KubeObject, template: PodTemplate): boolean {
  // generateName retries on a name clash, as the API server's name generator does.
  for (let attempt = 0; attempt < 10; attempt++) {
    const name = `${rs.metadata.name}-${randomSuffix(world.rng)}`;
    if (getObject(c, 'Pod', rs.metadata.namespace, name)) continue;
    const r = createObject(world, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name, generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
        labels: { ...template.metadata?.labels }, ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(rs)],
      },
      spec: cloneObject(template.spec),
    });
    if (r.ok) createdPodEvent(world, rs, name);
    return r.ok;
  }
  return false;
}
