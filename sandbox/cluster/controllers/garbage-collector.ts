/**
 * The garbage collector and the namespace controller: dependents whose controlling owner is
 * gone are deleted (background cascading deletion), and so is everything in a deleted
 * namespace, and pods of a vanished node (PodGC), as kube-controller-manager does.
 */
import type { World } from '../../fabric/world.ts';
import { kindInfo } from '../kinds.ts';
import { deleteObject, getObject } from '../store.ts';
import type { ClusterState } from '../types.ts';
import { controllerOf } from './owners.ts';

/**
 * How long a pod's node must have been missing before PodGC deletes the pod
 * (pkg/controller/podgc/gc_controller.go quarantineTime, 40 s). Without it a workload whose
 * template names a node that does not exist would be deleted and recreated in one instant,
 * forever; with it, it churns once per quarantine, as on a real cluster.
 */
const QUARANTINE_MS = 40_000;

/** Deletes orphaned dependents and the contents of deleted namespaces. */
export function reconcileGarbage(c: ClusterState, world: World): void {
  const seen = (c.orphanedPodsSeen ??= new Map());
  const orphans = new Set<string>();
  for (const [kind, objs] of c.objects) {
    for (const o of [...objs.values()]) {
      const ns = o.metadata.namespace;
      if (ns && kindInfo(kind)?.namespaced && !getObject(c, 'Namespace', undefined, ns)) {
        deleteObject(world, kind, ns, o.metadata.name);
        continue;
      }
      // PodGC: pods bound to a node that no longer exists are deleted.
      const nodeName = kind === 'Pod' ? (o.spec as { nodeName?: string } | undefined)?.nodeName : undefined;
      if (nodeName && !getObject(c, 'Node', undefined, nodeName)) {
        const since = seen.get(o.metadata.uid) ?? world.clock.ms;
        orphans.add(o.metadata.uid);
        seen.set(o.metadata.uid, since);
        if (world.clock.ms - since >= QUARANTINE_MS) {
          deleteObject(world, kind, ns, o.metadata.name);
          continue;
        }
      }
      const ref = controllerOf(o);
      if (!ref) continue;
      const owner = getObject(c, ref.kind, ns, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) deleteObject(world, kind, ns, o.metadata.name);
    }
  }
  for (const uid of seen.keys()) if (!orphans.has(uid)) seen.delete(uid);
}
