/**
 * scenarios: building a world from a scenario file. The format is the zod schema in
 * schema.ts (its field descriptions are the authoring documentation); the scenario files live
 * in content/scenarios/*.yaml, and callers read them (this layer has no file system: Node
 * tools use scripts/lesson-files.ts `scenarioText(name)`, the site bundles its lesson's file).
 * May import every layer below (core ... grading).
 *
 *   const r = readScenario(text, 'content/scenarios/default.yaml');
 *   if (r.ok) world = buildWorld(r.spec, seed);   // deterministic for a seed
 */
export { readScenario, type LoadResult } from './load.ts';
export { buildWorld, ScenarioError } from './build.ts';
export { ScenarioSchema, type ScenarioSpec, type MachineSpec, type ClusterSpec } from './schema.ts';

import type { World } from '../fabric/world.ts';
import { buildWorld } from './build.ts';
import { readScenario } from './load.ts';

/** The machine a shell starts on: the scenario's `start`, else the first node, else the first machine. */
export function startMachine(world: World, start?: string): string {
  if (start && world.machines.has(start)) return start;
  const all = [...world.machines.values()];
  return (all.find((m) => m.kind === 'node') ?? all.find((m) => m.kind === 'host') ?? all[0])!.name;
}

/** Parses a scenario file's text and builds it in one step; a string error when the scenario is bad. */
export function bootScenario(text: string, seed = 1): { world: World; start: string; name: string } | string {
  const r = readScenario(text);
  if (!r.ok) return r.error;
  const world = buildWorld(r.spec, seed);
  return { world, start: startMachine(world, r.spec.start), name: r.spec.name };
}
