/**
 * The Deployment controller (kube-controller-manager's deployment sync, Recreate-fast form):
 * a Deployment owns one ReplicaSet per pod template, named `<deployment>-<pod-template-hash>`;
 * the ReplicaSet of the current template gets `spec.replicas`, older ones are scaled to 0 and
 * kept (revisionHistoryLimit), as `kubectl get rs` shows after a rollout. Pods change only
 * through ReplicaSets, so a new template (a `rollout restart` annotation, a new image) means
 * new pods with new IPs. Each ReplicaSet made or resized is a ScalingReplicaSet event on the
 * Deployment (workload-events.ts).
 */
import type { World } from '../../fabric/world.ts';
import { podTemplateHash } from '../ids.ts';
import { createObject, listObjects, nowStamp, updateObject } from '../store.ts';
import type { ClusterState, KubeObject, LabelSelector, PodTemplate } from '../types.ts';
import { ownedBy, ownerRef } from './owners.ts';
import { createdReplicaSetEvent, scaledReplicaSetEvent } from './workload-events.ts';

/** `deployment.kubernetes.io/revision`, the annotation `kubectl rollout history` reads. */
const REVISION = 'deployment.kubernetes.io/revision';

/**
 * desired-replicas and max-replicas (spec.replicas plus the default 25% surge), which the
 * controller writes on every ReplicaSet it scales (deployment/util SetReplicasAnnotations).
 */
const replicasAnnotations = (replicas: number): Record<string, string> => ({
  'deployment.kubernetes.io/desired-replicas': String(replicas), 'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas / 4)),
});

/** `rs` resized to `replicas` for a Deployment of `desired`, with the annotations the controller keeps. */
const resized = (rs: KubeObject, replicas: number, desired: number): KubeObject =>
  ({ ...rs, metadata: { ...rs.metadata, annotations: { ...rs.metadata.annotations, ...replicasAnnotations(desired) } }, spec: { ...rs.spec, replicas } });

/** Reconciles every Deployment's ReplicaSets and status. */
export function reconcileDeployments(c: ClusterState, world: World): void {
  for (const d of listObjects(c, 'Deployment')) {
    const spec = d.spec as { replicas?: number; selector?: LabelSelector; template: PodTemplate };
    const replicas = spec.replicas ?? 1;
    const hash = podTemplateHash(spec.template);
    const owned = listObjects(c, 'ReplicaSet', d.metadata.namespace).filter((rs) => ownedBy(rs, d));
    let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const maxRev = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)));
    if (!current) {
      const labels = { ...spec.template.metadata?.labels, 'pod-template-hash': hash };
      const made = createObject(world, {
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: {
          name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
          labels, annotations: { ...replicasAnnotations(replicas), [REVISION]: String(maxRev + 1) },
          ownerReferences: [ownerRef(d)],
        },
        spec: {
          replicas,
          selector: { ...spec.selector, matchLabels: { ...spec.selector?.matchLabels, 'pod-template-hash': hash } },
          template: { ...spec.template, metadata: { ...spec.template.metadata, labels } },
        },
      });
      if (!made.ok) continue;
      current = made.value;
      createdReplicaSetEvent(world, d, current.metadata.name, replicas);
    } else {
      const from = (current.spec as { replicas: number }).replicas;
      if (from !== replicas && updateObject(world, resized(current, replicas, replicas)).ok) scaledReplicaSetEvent(world, d, current.metadata.name, from, replicas);
    }
    for (const old of owned) {
      const from = (old.spec as { replicas: number }).replicas;
      if (old.metadata.name !== current.metadata.name && from !== 0 && updateObject(world, resized(old, 0, replicas)).ok) {
        scaledReplicaSetEvent(world, d, old.metadata.name, from, 0);
      }
    }
    updateStatus(c, world, d, owned, current, replicas);
  }
}

function updateStatus(c: ClusterState, world: World, d: KubeObject, owned: KubeObject[], current: KubeObject, replicas: number): void {
  const st = (rs: KubeObject) => (rs.status ?? {}) as { replicas?: number; readyReplicas?: number; availableReplicas?: number };
  const all = [...owned.filter((rs) => rs.metadata.name !== current.metadata.name), current];
  const total = all.reduce((n, rs) => n + (st(rs).replicas ?? 0), 0);
  const ready = all.reduce((n, rs) => n + (st(rs).readyReplicas ?? 0), 0);
  const available = all.reduce((n, rs) => n + (st(rs).availableReplicas ?? 0), 0);
  const updated = st(current).replicas ?? 0;
  const old = (d.status ?? {}) as { conditions?: { type: string; lastTransitionTime: string; lastUpdateTime: string }[] };
  const now = nowStamp(world);
  const availableCond = available >= replicas;
  const conditions = [
    { type: 'Available', status: availableCond ? 'True' : 'False', reason: availableCond ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
      message: availableCond ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.' },
    { type: 'Progressing', status: 'True', reason: updated === replicas && total === replicas ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
      message: updated === replicas && total === replicas ? `ReplicaSet "${current.metadata.name}" has successfully progressed.` : `ReplicaSet "${current.metadata.name}" is progressing.` },
  ].map((cond) => {
    const prev = old.conditions?.find((p) => p.type === cond.type) as (typeof cond & { lastTransitionTime: string; lastUpdateTime: string }) | undefined;
    const same = prev && prev.status === cond.status && prev.reason === cond.reason && prev.message === cond.message;
    return { ...cond, lastUpdateTime: same ? prev.lastUpdateTime : now, lastTransitionTime: prev && prev.status === cond.status ? prev.lastTransitionTime : now };
  });
  const status: Record<string, unknown> = { observedGeneration: d.metadata.generation, replicas: total, updatedReplicas: updated, conditions };
  if (ready) status.readyReplicas = ready;
  if (available) status.availableReplicas = available;
  if (total - available > 0) status.unavailableReplicas = total - available;
  void c;
  updateObject(world, { ...d, status });
}
