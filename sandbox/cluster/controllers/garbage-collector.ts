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

/** Deletes orphaned dependents and the contents of deleted namespaces. */
export function reconcileGarbage(c: ClusterState, world: World): void {
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
        deleteObject(world, kind, ns, o.metadata.name);
        continue;
      }
      const ref = controllerOf(o);
      if (!ref) continue;
      const owner = getObject(c, ref.kind, ns, ref.name);
      if (!owner || owner.metadata.uid !== ref.uid) deleteObject(world, kind, ns, o.metadata.name);
    }
  }
}
