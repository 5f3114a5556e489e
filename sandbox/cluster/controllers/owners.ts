/**
 * ownerReferences: how a ReplicaSet belongs to its Deployment and a Pod to its ReplicaSet,
 * and what the garbage collector follows when an owner is deleted.
 */
import type { KubeObject, OwnerReference } from '../types.ts';

/** A controller owner reference to `owner`, as the owning controller sets it. */
export const ownerRef = (owner: KubeObject): OwnerReference => ({
  apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid,
  controller: true, blockOwnerDeletion: true,
});

/** Whether `obj` is controlled by `owner`. */
export const ownedBy = (obj: KubeObject, owner: KubeObject): boolean =>
  (obj.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid);

/** The controller reference of `obj`, if any. */
export const controllerOf = (obj: KubeObject): OwnerReference | undefined =>
  (obj.metadata.ownerReferences ?? []).find((r) => r.controller);
