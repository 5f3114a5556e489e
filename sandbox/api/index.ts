/**
 * api: the sandbox's public surface, the only part of the simulator the site, the CLI and
 * the tests import. `createSandbox()` returns a `SandboxApi`; everything crossing it is
 * structured-cloneable, so a Web Worker can expose it with comlink unchanged.
 */
export * from './types.ts';
export { createSandbox, parseScenario, ScenarioFileError, type SandboxOptions } from './sandbox.ts';
export { Exercise as ExerciseSchema, type ExerciseSpec, type CheckSpec } from '../grading/spec.ts';
export { Question as QuestionSchema, judge } from '../grading/predict.ts';
export { generateCapstone, normalSeed, LAYERS as CAPSTONE_LAYERS, type CapstonePlan, type Symptom, type Layer } from '../capstone/index.ts';
export type { ScenarioSpec } from '../scenarios/schema.ts';
export { extendScenario, type ExtendResult } from '../scenarios/extends.ts';
export { worldImage } from './world-image.ts';
