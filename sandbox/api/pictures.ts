/**
 * The pictures behind the sandbox API (types.ts `topology`, `walk`, `check`): the live
 * topology, the walk of a recent command's packets, and the walks of a Check's failed probes. Kept
 * out of sandbox.ts, which only hands its world here.
 */
import type { World } from '../fabric/world.ts';
import { datapathOf, traceById } from '../net/datapath/state.ts';
import { grade } from '../grading/grade.ts';
import { topology, walk, type TopologyOptions } from '../pictures/index.ts';
import type { CheckReport, CheckResult, TopologyPicture, WalkPicture } from './types.ts';

/** The topology picture of the world as it is now. */
export function topologyPicture(world: World, options: TopologyOptions = {}): TopologyPicture {
  return topology(world, options);
}

/**
 * The walk of a recent command that sent packets: `back` 0 is the most recent such command,
 * 1 the one before ... (commands that sent nothing are skipped); undefined when there is none.
 */
export function walkPicture(world: World, back = 0): WalkPicture | undefined {
  const traces = datapathOf(world).traces.filter((t) => t.hops.length > 0);
  const t = traces[traces.length - 1 - Math.max(0, Math.floor(back))];
  return t ? walk(t, world) : undefined;
}

/**
 * Grades an exercise on a copy of the world (the learner's is never touched) and draws each
 * failed check's probe walk in that copy (reach and DNS checks send probes; route and object
 * checks send none).
 */
export function checkWithWalks(world: World, exercise: unknown): CheckReport {
  const copy = structuredClone(world);
  const graded = grade(copy, exercise);
  const results = graded.results.map(({ trace, ...result }): CheckResult => {
    const probe = trace === undefined ? undefined : traceById(copy, trace);
    return probe && probe.hops.length > 0 ? { ...result, walk: walk(probe, copy) } : result;
  });
  return { passed: graded.passed, results };
}
