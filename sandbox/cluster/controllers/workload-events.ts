/**
 * The events the workload controllers record (../events.ts), worded as kube-controller-manager
 * v1.31 words them:
 * - the Deployment controller, about the Deployment: `ScalingReplicaSet` `Scaled up replica
 *   set NAME to N` when it creates a ReplicaSet with replicas (sync.go getNewReplicaSet), and
 *   `Scaled up|down replica set NAME to N from M` when it changes one's size
 *   (scaleReplicaSet);
 * - the ReplicaSet and DaemonSet controllers, about their own object: `SuccessfulCreate`
 *   `Created pod: NAME` and `SuccessfulDelete` `Deleted pod: NAME` (pkg/controller/
 *   controller_utils.go RealPodControl). Their pods come from templates the API server has
 *   already validated, so its refusal (`FailedCreate`) does not arise here.
 */
import type { World } from '../../fabric/world.ts';
import { recordEvent } from '../events.ts';
import type { KubeObject } from '../types.ts';

/** The component that records each kind's events (its controller's name in kube-controller-manager). */
const COMPONENT: Readonly<Record<string, string>> = { Deployment: 'deployment-controller', ReplicaSet: 'replicaset-controller', DaemonSet: 'daemonset-controller' };

const source = (owner: KubeObject) => ({ component: COMPONENT[owner.kind] ?? owner.kind.toLowerCase() });

/** The Deployment created ReplicaSet `rs` with `replicas` (no event for 0, as getNewReplicaSet). */
export function createdReplicaSetEvent(world: World, d: KubeObject, rs: string, replicas: number): void {
  if (replicas > 0) recordEvent(world, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rs} to ${replicas}`, source(d));
}

/** The Deployment changed ReplicaSet `rs`'s replicas from `from` to `to`. */
export function scaledReplicaSetEvent(world: World, d: KubeObject, rs: string, from: number, to: number): void {
  if (from === to) return;
  recordEvent(world, d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs} to ${to} from ${from}`, source(d));
}

/** `owner` (a ReplicaSet or DaemonSet) created pod `pod`. */
export function createdPodEvent(world: World, owner: KubeObject, pod: string): void {
  recordEvent(world, owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod}`, source(owner));
}

/** `owner` deleted pod `pod`. */
export function deletedPodEvent(world: World, owner: KubeObject, pod: string): void {
  recordEvent(world, owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod}`, source(owner));
}
