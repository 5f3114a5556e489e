/**
 * The journal's costs (a reload rebuilds the cluster by replaying the learner's lines):
 *  - the configuration walk after every line (`changed`), as part of an `ip route` exec, p50;
 *  - replaying a session of 200 lines (the lesson's cells once, then reads: `ip route`,
 *    `kubectl get pods -o wide`) on a freshly booted scenario: what a reload adds before the
 *    terminal is ready.
 * Prints figures only.
 */
import { createSandbox } from '../sandbox/api/sandbox.ts';
import type { JournalEntry } from '../sandbox/api/types.ts';
import { configParts } from '../sandbox/api/journal.ts';
import type { World } from '../sandbox/fabric/world.ts';
import type { ShellState } from '../sandbox/shell/session.ts';
import { lessonFiles, readLesson, scenarioText } from '../scripts/lesson-files.ts';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number): string => x.toFixed(2);

for (const file of lessonFiles()) {
  const lesson = readLesson(file);
  const { scenario, on } = lesson.frontmatter as { scenario?: string; on?: string };
  const text = scenario === undefined ? undefined : scenarioText(scenario);
  if (text === undefined) continue;
  const where = on ? { on } : {};
  const sandbox = createSandbox();
  sandbox.boot({ scenario: text, ...where });

  const execs: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    await sandbox.exec('ip route', () => undefined);
    execs.push(performance.now() - t);
  }
  const data = sandbox.snapshot().data as { world: World; shell: ShellState };
  const walks: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    configParts(data.world, data.shell);
    walks.push(performance.now() - t);
  }

  // A long session: the lesson's command cells on its start machine (they end: check-lessons
  // proves it), then reads up to 200 lines.
  const fresh = createSandbox();
  fresh.boot({ scenario: text, ...where });
  const entries: JournalEntry[] = [];
  const own = lesson.cells.filter((cell) => cell.kind === 'command' && (cell.on === '' || cell.on === on)).map((cell) => cell.command);
  const reads = ['ip route', 'kubectl get pods -o wide'];
  for (let i = 0; entries.length < 200; i++) {
    const report = await fresh.exec(own[i] ?? reads[i % 2]!, () => undefined);
    if (report.entry) entries.push(report.entry);
  }
  const target = createSandbox();
  target.boot({ scenario: text, ...where });
  const t = performance.now();
  const replay = await target.replay(entries);
  const replayMs = performance.now() - t;

  console.log(
    `${file.replace(/^.*\//, '').padEnd(26)} ip route exec p50 ${ms(median(execs))} ms (walk ${ms(median(walks))} ms); ` +
      `replay of ${replay.replayed} lines ${Math.round(replayMs)} ms, ${replay.diverged.length} diverged`,
  );
}
