/**
 * npm run check-lessons: proves every lesson works. For each lesson it boots the lesson's
 * scenario and runs every cell in order (each must exit 0), and for every exercise it proves
 * the check FAILS on the starting state and PASSES after the reference solution, each on a
 * fresh cluster. Instructors run it on the lessons they write; it names file and exercise of
 * anything that fails and ends with a one-line summary.
 */
import { relative } from 'node:path';
import { createSandbox, type SandboxApi } from '../sandbox/api/index.ts';
import type { ExerciseSpec } from '../sandbox/api/index.ts';
import { lessonSchema } from '../src/lessons/schema.ts';
import { lessonFiles, readLesson, ROOT, scenarioText, type CellSource } from './lesson-files.ts';

const failures: string[] = [];
let exercises = 0;

/** Runs `line` on machine `on` the way a cell does (exec's `on`: a login shell there, as `ssh on 'line'`). */
async function runOn(sb: SandboxApi, on: string, line: string): Promise<{ status: number; output: string }> {
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

async function checkExercise(where: string, scenario: string, ex: ExerciseSpec): Promise<void> {
  exercises++;
  const before = boot(scenario);
  const initial = await before.check(ex);
  if (initial.passed) failures.push(`${where}: exercise "${ex.id}": the check already passes before the learner does anything`);
  const after = boot(scenario);
  for (const line of ex.solution.commands) {
    const r = await runOn(after, ex.solution.on, line);
    if (r.status !== 0) {
      failures.push(`${where}: exercise "${ex.id}": solution command \`${line}\` exited ${r.status}:\n${r.output.trimEnd()}`);
      return;
    }
  }
  const solved = await after.check(ex);
  for (const res of solved.results.filter((r) => !r.passed)) {
    failures.push(`${where}: exercise "${ex.id}": still failing after the reference solution: ${res.name}: ${res.message ?? ''}`);
  }
}

const files = lessonFiles();
for (const file of files) {
  const where = relative(ROOT, file);
  const lesson = readLesson(file);
  const fm = lessonSchema.safeParse(lesson.frontmatter);
  if (!fm.success) {
    for (const i of fm.error.issues) failures.push(`${where}: frontmatter ${i.path.join('.')}: ${i.message}`);
    continue;
  }
  try {
    const sb = boot(fm.data.scenario, fm.data.on);
    for (const [n, cell] of lesson.cells.entries()) {
      const r = await runOn(sb, cell.on, cellLine(cell));
      if (r.status !== 0) failures.push(`${where}: cell ${n + 1} (\`${cell.command.split('\n')[0]}\`) exited ${r.status}:\n${r.output.trimEnd()}`);
    }
    for (const ex of fm.data.exercises) await checkExercise(where, fm.data.scenario, ex);
  } catch (e) {
    failures.push(`${where}: simulator error (a packetwalk bug): ${(e as Error).stack ?? String(e)}`);
  }
}

for (const f of failures) console.error(`FAIL ${f}`);
const summary = `${files.length} lesson${files.length === 1 ? '' : 's'}, ${exercises} exercise${exercises === 1 ? '' : 's'}`;
console.log(failures.length === 0 ? `${summary}: all solvable` : `${summary}: ${failures.length} problem(s)`);
process.exitCode = failures.length === 0 ? 0 : 1;
