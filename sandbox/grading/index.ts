/**
 * grading: check primitives for exercises (reachability by a real probe, routes, API
 * objects) returning a report with a message and a hint per failed check. May import every
 * layer below (core .. shell); imported by scenarios' users and the api.
 */
export { grade } from './grade.ts';
export { Exercise, Check, type ExerciseSpec, type CheckSpec } from './spec.ts';
export { probe, type ProbeOutcome } from './reach.ts';
