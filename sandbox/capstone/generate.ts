/**
 * The capstone generator: from a seed, a plan that breaks the working `capstone` scenario at
 * three or four layers drawn from the catalogue (at most one fault per group, so every symptom
 * has one cause), in a seeded order. Pure: the same seed gives the same plan on every machine,
 * so an instructor can give a whole class one seed. The plan carries the lines that break the
 * cluster (run with SandboxApi.prepare before the learner's shell starts), one exercise per
 * symptom, and the answer key for naming layers.
 */
import { createRandom, randomInt, type RandomState } from '../core/index.ts';
import type { ExerciseSpec } from '../grading/spec.ts';
import { CATALOGUE, LAYERS, type Fault, type Layer } from './catalogue.ts';

/** The scenario every capstone starts from (content/scenarios/capstone.yaml). */
export const CAPSTONE_SCENARIO = 'capstone';

/** A line to run on a machine before the learner starts (SandboxApi.prepare). */
export interface PrepareLine {
  on: string;
  line: string;
}

/** One symptom of a capstone: the exercise the learner solves, and the layer to name. */
export interface Symptom {
  exercise: ExerciseSpec;
  layer: Layer;
}

/** A capstone: its seed, the lines that break the cluster, and its symptoms in order. */
export interface CapstonePlan {
  seed: number;
  scenario: string;
  prepare: PrepareLine[];
  symptoms: Symptom[];
  /** The layers offered for naming, in catalogue order. */
  layers: readonly Layer[];
}

function pick<T>(rng: RandomState, list: readonly T[]): T {
  return list[randomInt(rng, 0, list.length - 1)]!;
}

function shuffle<T>(rng: RandomState, list: readonly T[]): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Seeds are positive 31-bit integers; anything else is read as one (mod 2^31, never 0). */
export const normalSeed = (seed: number): number => (Math.abs(Math.trunc(Number.isFinite(seed) ? seed : 1)) % 0x7fffffff) || 1;

/** The capstone for `seed`. */
export function generateCapstone(seed: number): CapstonePlan {
  const s = normalSeed(seed);
  const rng = createRandom(s);
  // Warm the generator: small neighbouring seeds must not start with the same first draws.
  for (let i = 0; i < 4; i++) randomInt(rng, 0, 1);
  const count = randomInt(rng, 3, 4);
  const groups = shuffle(rng, CATALOGUE).slice(0, count);
  const faults: Fault[] = groups.map((g) => pick(rng, pick(rng, g)));
  return {
    seed: s,
    scenario: CAPSTONE_SCENARIO,
    prepare: faults.flatMap((f) => f.breaks.lines.map((line) => ({ on: f.breaks.on, line }))),
    symptoms: faults.map((f, i) => ({
      layer: f.layer,
      exercise: {
        id: `symptom-${i + 1}`,
        title: f.symptom,
        checks: [f.check],
        hints: f.hints,
        solution: { on: f.fix.on, commands: f.fix.lines },
      },
    })),
    layers: LAYERS,
  };
}
