/**
 * scenarios: building a world from a scenario file. The format is the zod schema in
 * schema.ts (its field descriptions are the authoring documentation); built-in scenarios
 * live in content/scenarios/*.yaml and are embedded in builtin.ts (kept in sync by
 * builtin.test.ts; `UPDATE_SCENARIOS=1 npx vitest run sandbox/scenarios` regenerates it).
 * May import every layer below (core ... grading).
 *
 *   const r = loadScenario('default');            // or the YAML text of a file
 *   if (r.ok) world = buildWorld(r.spec, seed);   // deterministic for a seed
 */
export { loadScenario, parseScenario, builtinScenarioNames, type LoadResult } from './load.ts';
export { buildWorld, ScenarioError } from './build.ts';
export { ScenarioSchema, type ScenarioSpec, type MachineSpec, type ClusterSpec } from './schema.ts';

import type { World } from '../fabric/world.ts';
import { buildWorld } from './build.ts';
import { loadScenario } from './load.ts';

/** The machine a shell starts on: the scenario's `start`, else the first node, else the first machine. */
export function startMachine(world: World, start?: string): string {
  if (start && world.machines.has(start)) return start;
  const all = [...world.machines.values()];
  return (all.find((m) => m.kind === 'node') ?? all.find((m) => m.kind === 'host') ?? all[0])!.name;
}

/** Loads and builds in one step; a string error when the scenario is bad. */
export function bootScenario(textOrName: string, seed = 1): { world: World; start: string; name: string } | string {
  const r = loadScenario(textOrName);
  if (!r.ok) return r.error;
  const world = buildWorld(r.spec, seed);
  return { world, start: startMachine(world, r.spec.start), name: r.spec.name };
}
