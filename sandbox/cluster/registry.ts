/**
 * Controllers: each has a name and a reconcile(cluster, world) that compares the desired
 * state in the API objects with what exists (other objects, the network model) and closes
 * the gap, like a Kubernetes controller's sync loop. `reconcileAll` runs every registered
 * controller in order, round after round, until a round changes nothing (quiescence).
 *
 * Registration API (for H7's kube-proxy, CoreDNS, EndpointSlice, NetworkPolicy, Ingress):
 *   registerController({ name: 'kube-proxy', order: 70, reconcile(cluster, world) { ...; return changed } })
 * `order` sorts controllers (ties by name); built-ins use: namespace 10, deployment 20,
 * replicaset 30, garbage-collector 35, node-ipam 40, scheduler 50, flannel 55, kubelet (CNI
 * and containers) 60. A Service/EndpointSlice controller fits at 65, kube-proxy at 70, the
 * policy agent at 75, ingress at 80. Return true when you changed anything outside the API
 * store (writes to the store are detected through the resourceVersion).
 */
import type { World } from '../fabric/world.ts';
import type { ClusterState } from './types.ts';

/** A controller's reconcile: true when it changed state outside the API store. */
export interface Controller {
  name: string;
  /** Position in a round (lower first); default 100. */
  order?: number;
  reconcile(cluster: ClusterState, world: World): boolean | void;
}

const controllers = new Map<string, Controller>();

/** Adds (or replaces, by name) a controller. */
export function registerController(c: Controller): void {
  controllers.set(c.name, c);
  ordered = undefined;
}

/** The running order, sorted once per registration rather than once per round. */
let ordered: Controller[] | undefined;

/** The registered controllers in running order. */
export const registeredControllers = (): Controller[] =>
  [...(ordered ??= [...controllers.values()].sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.name.localeCompare(b.name)))];

/** A round limit that only a controller bug (two fighting controllers) can reach. */
const MAX_ROUNDS = 50;

/**
 * Runs controllers until quiescent. kubectl calls it after every mutating request; the
 * scenario builder calls it once the scenario's objects are stored. Returns the number of
 * rounds that changed something. Reaching MAX_ROUNDS is a simulator bug and throws.
 */
export function reconcileAll(world: World): number {
  const cluster = world.cluster;
  if (!cluster) return 0;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const rv = cluster.resourceVersion;
    let changed = false;
    for (const c of registeredControllers()) {
      if (c.reconcile(cluster, world) === true) changed = true;
    }
    if (!changed && cluster.resourceVersion === rv) return round;
  }
  throw new Error(`controllers did not settle after ${MAX_ROUNDS} rounds`);
}
