/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, named
 * `<daemonset>-<5 random>`, bound to its node directly (the real controller sets node
 * affinity and lets the scheduler bind; the effect is the same placement), removed from nodes
 * that are gone. kube-proxy and kube-flannel run this way, on the host network. Each pod made
 * or deleted is an event on the DaemonSet (workload-events.ts).
 */
import type { World } from '../../fabric/world.ts';
import { randomSuffix } from '../ids.ts';
import { cloneObject, createObject, deleteObject, getObject, listObjects, updateObject } from '../store.ts';
import type { ClusterState, KubeObject, PodTemplate } from '../types.ts';
import { fits } from './scheduler.ts';
import { controllerOf, ownerRef } from './owners.ts';
import { podReady } from './replicaset.ts';
import { createdPodEvent, deletedPodEvent } from './workload-events.ts';

/** Reconciles every DaemonSet's pods and status. */
export function reconcileDaemonSets(c: ClusterState, world: World): void {
  const nodes = listObjects(c, 'Node');
  for (const ds of listObjects(c, 'DaemonSet')) {
    const tpl = (ds.spec as { template: PodTemplate }).template;
    const pods = listObjects(c, 'Pod', ds.metadata.namespace).filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
    const probe = { ...ds, spec: { ...tpl.spec, tolerations: [...((tpl.spec as { tolerations?: unknown[] }).tolerations ?? []), { operator: 'Exists' }] } } as KubeObject;
    const eligible = nodes.filter((n) => fits(probe, n));
    for (const n of eligible) {
      if (pods.some((p) => (p.spec as { nodeName?: string }).nodeName === n.metadata.name)) continue;
      let name = `${ds.metadata.name}-${randomSuffix(world.rng)}`;
      while (getObject(c, 'Pod', ds.metadata.namespace, name)) name = `${ds.metadata.name}-${randomSuffix(world.rng)}`;
      const made = createObject(world, {
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name, generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
          labels: { ...tpl.metadata?.labels, 'controller-revision-hash': '6c8f8d7b9', 'pod-template-generation': '1' }, ownerReferences: [ownerRef(ds)] },
        spec: { ...cloneObject(tpl.spec), nodeName: n.metadata.name },
      });
      if (made.ok) createdPodEvent(world, ds, name);
    }
    for (const p of pods) {
      if (eligible.some((n) => n.metadata.name === (p.spec as { nodeName?: string }).nodeName)) continue;
      if (deleteObject(world, 'Pod', p.metadata.namespace, p.metadata.name).ok) deletedPodEvent(world, ds, p.metadata.name);
    }
    const now = listObjects(c, 'Pod', ds.metadata.namespace).filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
    const ready = now.filter(podReady).length;
    updateObject(world, { ...ds, status: {
      currentNumberScheduled: now.length, desiredNumberScheduled: eligible.length, numberAvailable: ready, numberMisscheduled: 0,
      numberReady: ready, observedGeneration: ds.metadata.generation ?? 1, updatedNumberScheduled: now.length,
    } });
  }
}
