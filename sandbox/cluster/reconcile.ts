/**
 * The control loop: `reconcileAll` runs every controller of the table (controllers/index.ts),
 * in its order, round after round until a round changes nothing (quiescence), like the sync
 * loops of Kubernetes' controllers seen from outside. A controller returns true when it
 * changed anything outside the API store; writes to the store show in the resourceVersion.
 *
 * A huge write (`kubectl create deployment x --replicas=9000`) makes the loop compute for
 * seconds. `reconcileYielding` runs the same loop but hands the host a turn between two
 * controllers once enough has been written since the last turn, so a worker keeps answering
 * (the page's watchdog, Ctrl-C, the other terminals) meanwhile. Turns come only between
 * controllers, where the store is consistent, and change nothing: both flavours reach the same
 * world, and a loop that never reaches a turn runs exactly as the synchronous one.
 */
import type { World } from '../fabric/world.ts';
import { CONTROLLERS } from './controllers/index.ts';

/**
 * A round limit that only a controller bug (two fighting controllers) can reach. Rounds in
 * which a controller stopped at its burst limit ('more') do not count: they made progress.
 */
const MAX_ROUNDS = 50;

/** Store writes between two host turns: some tens of ms of the controllers' work. */
const TURN_WRITES = 200;

/** The loop, suspended (`yield`) where the host may take a turn; returns the rounds that changed something. */
function* controlLoop(world: World): Generator<void, number> {
  const cluster = world.cluster;
  if (!cluster) return 0;
  let turnAt = cluster.resourceVersion;
  let stuck = 0;
  for (let round = 0; ; round++) {
    const rv = cluster.resourceVersion;
    let changed = false;
    let more = false;
    for (const c of CONTROLLERS) {
      const r = c.reconcile(cluster, world);
      if (r === true) changed = true;
      else if (r === 'more') more = true;
      if (cluster.resourceVersion - turnAt >= TURN_WRITES) {
        yield;
        turnAt = cluster.resourceVersion;
      }
    }
    if (!more && !changed && cluster.resourceVersion === rv) return round;
    if (!more && ++stuck >= MAX_ROUNDS) throw new Error(`controllers did not settle after ${MAX_ROUNDS} rounds`);
  }
}

/**
 * Runs controllers until quiescent. The scenario builder calls it once the scenario's
 * objects are stored; grading and the periodic resync call it too. Returns the number of
 * rounds that changed something. Reaching MAX_ROUNDS is a simulator bug and throws.
 */
export function reconcileAll(world: World): number {
  const loop = controlLoop(world);
  for (;;) {
    const step = loop.next();
    if (step.done) return step.value;
  }
}

/**
 * `reconcileAll` giving the host a turn (`pause`) now and then; kubectl calls it after every
 * mutating request. Undefined when the loop finished without needing a turn (no promise, so
 * a small write adds no turn of the microtask queue); otherwise a promise of its end.
 */
export function reconcileYielding(world: World, pause: () => Promise<void>): Promise<void> | undefined {
  const loop = controlLoop(world);
  if (loop.next().done) return undefined;
  return (async () => {
    do await pause();
    while (!loop.next().done);
  })();
}
