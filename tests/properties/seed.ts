/**
 * The seed of every fast-check run. A local run draws a new seed and finds new inputs; CI
 * replays one fixed seed, so a landing never depends on luck. FC_SEED replays any run
 * (fast-check prints the seed of a failing one).
 */
import fc from 'fast-check';

export const fcSeed = Number(process.env.FC_SEED ?? (process.env.CI ? 20_261_207 : Date.now() % 2 ** 31));

fc.configureGlobal({ seed: fcSeed });
