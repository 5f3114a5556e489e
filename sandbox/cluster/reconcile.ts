/**
 * The control loop: `reconcileAll` runs every controller of the table (controllers/index.ts),
 * in its order, round after round until a round changes nothing (quiescence), like the sync
 * loops of Kubernetes' controllers seen from outside. A controller returns true when it
 * changed anything outside the API store; writes to the store show in the resourceVersion.
 */
import type { World } from '../fabric/world.ts';
import { CONTROLLERS } from './controllers/index.ts';

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
    for (const c of CONTROLLERS) {
      if (c.reconcile(cluster, world) === true) changed = true;
    }
    if (!changed && cluster.resourceVersion === rv) return round;
  }
  throw new Error(`controllers did not settle after ${MAX_ROUNDS} rounds`);
}
