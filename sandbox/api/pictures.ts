/**
 * The pictures behind the sandbox API (types.ts `topology`, `walk`, `probeWalks`): the live
 * topology, the walk of a recent command's packets, and the walks of a Check's probes. Kept
 * out of sandbox.ts, which only hands its world here.
 */
import type { World } from '../fabric/world.ts';
import { datapathOf } from '../net/datapath/state.ts';
import { grade } from '../grading/grade.ts';
import { Exercise } from '../grading/spec.ts';
import { topology, walk, type TopologyOptions } from '../pictures/index.ts';
import type { ProbeWalk, TopologyPicture, WalkPicture } from './types.ts';

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
 * Each check of an exercise graded on its own copy of the world, with the walk of the last
 * probe it sent (reach and DNS checks send probes; route and object checks send none). The
 * learner's world is never touched. An invalid spec gives one failed entry saying why.
 */
export function probeWalks(world: World, exercise: unknown): ProbeWalk[] {
  const spec = Exercise.safeParse(exercise);
  if (!spec.success) return [{ name: 'exercise definition', passed: false }];
  return spec.data.checks.map((check) => {
    const copy = structuredClone(world);
    const before = datapathOf(copy).nextTrace;
    const report = grade(copy, { ...spec.data, checks: [check] });
    const result = report.results[0] ?? { name: 'check', passed: report.passed };
    const probes = datapathOf(copy).traces.filter((t) => t.id >= before && t.hops.length > 0);
    const last = probes.at(-1);
    const out: ProbeWalk = { name: result.name, passed: result.passed };
    if (last) out.walk = walk(last, copy);
    return out;
  });
}
