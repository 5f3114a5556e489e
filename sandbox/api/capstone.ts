/**
 * The capstone generator for the page (pure, no simulator): the site computes the plan for a
 * seed on the main thread (symptoms, layers to name) and hands its lines to the worker's
 * `prepare`. Kept apart from index.ts so the page bundle does not pull in the simulator.
 */
export { generateCapstone, normalSeed, type CapstonePlan, type Symptom, type PrepareLine } from '../capstone/generate.ts';
export { LAYERS as CAPSTONE_LAYERS, type Layer } from '../capstone/catalogue.ts';
