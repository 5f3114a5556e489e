/**
 * The capstone's proof for check-lessons: for seeds 1..N, the generated plan breaks the
 * working cluster (every break line exits 0), every symptom fails on the broken cluster, and
 * the reference fixes, applied one at a time in the symptoms' order, each make their own
 * symptom pass while the symptoms not fixed yet still fail (one cause per symptom) and those
 * fixed stay fixed. Also proves the starting scenario itself works (every symptom passes).
 */
import { createSandbox, generateCapstone, type SandboxApi } from '../sandbox/api/index.ts';
import { scenarioText } from './lesson-files.ts';

async function run(sb: SandboxApi, on: string, line: string): Promise<number> {
  const r = await sb.prepare!([{ on, line }]);
  return r.failed[0]?.status ?? 0;
}

/** Proves `seeds` capstones; pushes a message per problem onto `failures`. */
export async function proveCapstones(seeds: number, failures: string[]): Promise<{ seeds: number; solved: number; faults: number }> {
  const text = scenarioText('capstone');
  if (text === undefined) {
    failures.push('capstone: content/scenarios/capstone.yaml is missing');
    return { seeds, solved: 0, faults: 0 };
  }
  let solved = 0;
  let faults = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const plan = generateCapstone(seed);
    const where = `capstone seed ${seed}`;
    const fail = (m: string): void => { failures.push(`${where}: ${m}`); };
    const sb = createSandbox();
    sb.boot({ scenario: text });
    if (seed === 1) {
      for (const s of plan.symptoms) if (!sb.check(s.exercise).passed) fail(`the working cluster already fails "${s.exercise.title}"`);
    }
    const broke = await sb.prepare!(plan.prepare);
    for (const f of broke.failed) fail(`break line on ${f.on} \`${f.line.split('\n')[0]}\` exited ${f.status}: ${f.output.trim()}`);
    let ok = broke.failed.length === 0;
    for (const s of plan.symptoms) if (sb.check(s.exercise).passed) { ok = false; fail(`"${s.exercise.title}" (${s.layer}) passes on the broken cluster`); }
    for (const [i, s] of plan.symptoms.entries()) {
      for (const line of s.exercise.solution.commands) {
        const status = await run(sb, s.exercise.solution.on, line);
        if (status !== 0) { ok = false; fail(`fix line \`${line.split('\n')[0]}\` exited ${status}`); }
      }
      for (const [j, other] of plan.symptoms.entries()) {
        const passed = sb.check(other.exercise).passed;
        if (j <= i && !passed) { ok = false; fail(`after fixing ${plan.symptoms.slice(0, i + 1).map((x) => x.layer).join(', ')}, "${other.exercise.title}" (${other.layer}) still fails: ${sb.check(other.exercise).results[0]?.message ?? ''}`); }
        if (j > i && passed) { ok = false; fail(`fixing ${s.layer} also fixed "${other.exercise.title}" (${other.layer}): two causes for one symptom`); }
      }
    }
    faults += plan.symptoms.length;
    if (ok) solved++;
  }
  return { seeds, solved, faults };
}
