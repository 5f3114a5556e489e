/**
 * npm run check-lessons: proves every lesson works. For each lesson:
 * - on a fresh cluster, every exercise's checks FAIL at the start (every check that expects a
 *   connection or a state, one by one: a check that already passes teaches nothing) and PASS
 *   after its reference solution;
 * - walking the page in order (cells, predict cells, exercises as a learner meets them), every
 *   cell exits 0, every predict cell gets an answer from the simulator (one of its choices),
 *   every exercise fails when the learner reaches it and passes after its reference solution,
 *   and that solution keeps every earlier exercise passing;
 * - the capstone (sandbox/capstone/) is solvable for seeds 1..CAPSTONE_SEEDS: every symptom
 *   fails on the broken cluster and every reference fix, applied in turn, makes it pass.
 * It names file and exercise of anything that fails and ends with a summary of the proofs.
 */
import { relative } from 'node:path';
import { createSandbox, generateCapstone, judge, type SandboxApi } from '../sandbox/api/index.ts';
import type { CheckSpec, ExerciseSpec } from '../sandbox/api/index.ts';
import { lessonSchema } from '../src/lessons/schema.ts';
import { lessonFiles, readLesson, ROOT, scenarioText, type CellSource, type PredictSource } from './lesson-files.ts';
import { proveCapstones } from './check-capstone.ts';

/** How many capstone seeds are proved solvable. */
const CAPSTONE_SEEDS = Number(process.env.CAPSTONE_SEEDS ?? 50);

const failures: string[] = [];
const proofs = { exercises: 0, fresh: 0, inOrder: 0, kept: 0, predictions: 0 };

/** Runs `line` on machine `on` the way a cell does (exec's `on`: a login shell there, as `ssh on 'line'`). */
export async function runOn(sb: SandboxApi, on: string, line: string): Promise<{ status: number; output: string }> {
  let output = '';
  const collect = (c: { text: string }) => { output += c.text; };
  const r = await sb.exec(line, collect, on === '' ? {} : { on });
  return { status: r.status, output };
}

const cellLine = (c: CellSource): string =>
  c.kind === 'apply' ? `kubectl apply -f - <<'EOF'\n${c.command}\nEOF` : c.command;

function boot(scenario: string, on?: string): SandboxApi {
  const text = scenarioText(scenario);
  if (text === undefined) throw new Error(`scenario "${scenario}" not found in content/scenarios/`);
  const sb = createSandbox();
  sb.boot({ scenario: text, ...(on ? { on } : {}) });
  return sb;
}

/** A guard rail holds from the start on purpose (spec.ts `guard`); every other check must fail there. */
const guard = (c: CheckSpec): boolean => 'guard' in c && c.guard === true;

/** Runs the reference solution; false (and a failure named `when`) if a command fails. */
async function solve(sb: SandboxApi, where: string, ex: ExerciseSpec, when: string): Promise<boolean> {
  for (const line of ex.solution.commands) {
    const r = await runOn(sb, ex.solution.on, line);
    if (r.status !== 0) {
      failures.push(`${where}: exercise "${ex.id}" ${when}: solution command \`${line.split('\n')[0]}\` exited ${r.status}:\n${r.output.trimEnd()}`);
      return false;
    }
  }
  return true;
}

function stillFailing(where: string, ex: ExerciseSpec, sb: SandboxApi, when: string): boolean {
  const bad = sb.check(ex).results.filter((r) => !r.passed);
  for (const res of bad) failures.push(`${where}: exercise "${ex.id}" ${when}: still failing after the reference solution: ${res.name}: ${res.message ?? ''}`);
  return bad.length === 0;
}

/** On a fresh cluster: each check but the guards fails at the start, all pass after the solution. */
async function proveFresh(where: string, scenario: string, ex: ExerciseSpec): Promise<void> {
  proofs.exercises++;
  const before = boot(scenario);
  for (const c of ex.checks.filter((c) => !guard(c))) {
    const r = before.check({ ...ex, checks: [c] });
    if (r.passed) failures.push(`${where}: exercise "${ex.id}": the check "${r.results[0]!.name}" already passes before the learner does anything (authoring error: make it fail at the start, or mark it guard: true)`);
  }
  const after = boot(scenario);
  if ((await solve(after, where, ex, 'on a fresh cluster')) && stillFailing(where, ex, after, 'on a fresh cluster')) proofs.fresh++;
}

/** A predict cell: the simulator answers it here, and its answer is one of the choices. */
function provePrediction(where: string, n: number, p: PredictSource, sb: SandboxApi): void {
  const got = sb.predict!(p.ask);
  if (!got.ok) {
    failures.push(`${where}: predict cell ${n}: the simulator cannot answer it here: ${got.error}`);
    return;
  }
  if (p.choices.length > 0 && !p.choices.some((c) => judge(got.answer, c))) {
    failures.push(`${where}: predict cell ${n}: the simulator's answer "${got.answer}" is none of the choices (${p.choices.join(' | ')})`);
    return;
  }
  proofs.predictions++;
}

/** Walks the page in order, as a learner who runs every cell and solves every exercise. */
async function proveInOrder(where: string, lesson: ReturnType<typeof readLesson>, scenario: string, on: string | undefined, exercises: ExerciseSpec[], capstone: boolean): Promise<void> {
  const sb = boot(scenario, on);
  // A capstone page walks its cells on a broken cluster (seed 1); its symptoms are proved below.
  if (capstone) {
    const broke = await sb.prepare!(generateCapstone(1).prepare);
    for (const f of broke.failed) failures.push(`${where}: capstone seed 1: break line \`${f.line.split('\n')[0]}\` exited ${f.status}`);
  }
  const passed: ExerciseSpec[] = [];
  let cellNo = 0;
  let predictNo = 0;
  for (const item of lesson.items) {
    if (item.kind === 'cell') {
      cellNo++;
      const r = await runOn(sb, item.cell.on, cellLine(item.cell));
      if (r.status !== 0) failures.push(`${where}: cell ${cellNo} (\`${item.cell.command.split('\n')[0]}\`) exited ${r.status}:\n${r.output.trimEnd()}`);
      continue;
    }
    if (item.kind === 'predict') {
      predictNo++;
      provePrediction(where, predictNo, item.predict, sb);
      if (item.predict.command !== '') {
        const r = await runOn(sb, item.predict.on, item.predict.command);
        if (r.status !== 0) failures.push(`${where}: predict cell ${predictNo} (\`${item.predict.command}\`) exited ${r.status}:\n${r.output.trimEnd()}`);
      }
      continue;
    }
    const ex = exercises.find((e) => e.id === item.id);
    if (!ex) {
      failures.push(`${where}: <Exercise id="${item.id}"> has no exercise in the frontmatter`);
      continue;
    }
    if (sb.check(ex).passed) failures.push(`${where}: exercise "${ex.id}": already passes when the learner reaches it after the lesson's cells (authoring error)`);
    if (!(await solve(sb, where, ex, 'after the lesson\'s cells')) || !stillFailing(where, ex, sb, 'after the lesson\'s cells')) continue;
    proofs.inOrder++;
    let kept = true;
    for (const earlier of passed) {
      const r = sb.check(earlier);
      if (!r.passed) {
        kept = false;
        const res = r.results.find((x) => !x.passed)!;
        failures.push(`${where}: exercise "${ex.id}"'s solution breaks the earlier exercise "${earlier.id}": ${res.name}: ${res.message ?? ''}`);
      }
    }
    if (kept) proofs.kept++;
    passed.push(ex);
  }
}

// LESSON=11-calico proves one lesson (a file name part); CAPSTONE_SEEDS=0 skips the capstone.
const files = lessonFiles().filter((f) => !process.env.LESSON || relative(ROOT, f).includes(process.env.LESSON));
for (const file of files) {
  const where = relative(ROOT, file);
  const lesson = readLesson(file);
  const fm = lessonSchema.safeParse(lesson.frontmatter);
  if (!fm.success) {
    for (const i of fm.error.issues) failures.push(`${where}: frontmatter ${i.path.join('.')}: ${i.message}`);
    continue;
  }
  try {
    if (!lesson.items.some((i) => i.kind === 'predict')) failures.push(`${where}: no predict cell (every lesson asks at least one question before it runs)`);
    for (const ex of fm.data.exercises) await proveFresh(where, fm.data.scenario, ex);
    await proveInOrder(where, lesson, fm.data.scenario, fm.data.on, fm.data.exercises, fm.data.capstone === true);
  } catch (e) {
    failures.push(`${where}: simulator error (a packetwalk bug): ${(e as Error).stack ?? String(e)}`);
  }
}
const capstone = await proveCapstones(CAPSTONE_SEEDS, failures);

for (const f of failures) console.error(`FAIL ${f}`);
const p = proofs;
console.log(`${files.length} lessons, ${p.exercises} exercises: ${p.fresh} solved on a fresh cluster, ${p.inOrder} in page order after the lesson's cells, ${p.kept} keeping earlier exercises passing; ${p.predictions} predictions answered`);
console.log(`capstone: ${capstone.solved} of ${capstone.seeds} seeds solvable (${capstone.faults} faults, each named and fixed)`);
console.log(failures.length === 0 ? 'all solvable' : `${failures.length} problem(s)`);
process.exitCode = failures.length === 0 ? 0 : 1;
