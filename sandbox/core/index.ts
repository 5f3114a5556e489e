/**
 * core: results, the virtual clock and seeded randomness. Imports nothing; every other layer
 * may import it. The simulator is deterministic for a seed because time and chance come only
 * from here.
 */
export * from './result.ts';
export * from './clock.ts';
export * from './random.ts';
export * from './graph-json.ts';
