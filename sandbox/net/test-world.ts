/**
 * A bare NetWorld for the net layer's unit tests (fabric's createWorld is a layer above).
 */
import { createClock, createRandom } from '../core/index.ts';
import type { NetWorld } from './types.ts';

/** An empty world with a seeded rng and a clock at 0. */
export const testWorld = (seed = 7): NetWorld => ({ clock: createClock(), rng: createRandom(seed), netns: new Map(), nextNetnsId: 1 });
