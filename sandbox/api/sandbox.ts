/**
 * The sandbox: one simulated world and the interactive shell standing in it, behind the
 * small serialisable API of types.ts. The worker exposes it with comlink; the CLI, the lesson
 * checker, the benchmarks and the tests call it directly. It owns no simulation logic: it
 * parses the scenario, builds the world, hands command lines to the shell and checks to
 * the grader.
 */
import type { World } from '../fabric/world.ts';
import { createShell, placeOf, type Shell, type ShellOptions, type ShellState } from '../shell/session.ts';
import { isComplete } from '../shell/script.ts';
import { buildWorld } from '../scenarios/build.ts';
import type { ScenarioSpec } from '../scenarios/schema.ts';
import { parseScenario as readScenario } from '../scenarios/load.ts';
import { grade } from '../grading/grade.ts';
import { predict } from '../grading/predict.ts';
import { recentTraces } from '../fabric/traffic.ts';
import { changedHomeFiles, checkEntries, configParts, homeBaseline, replayJournal, sameConfig, walkable, type HomeBaseline } from './journal.ts';
import type {
  BootOptions, BootReport, CheckReport, Completion, ExecReport, HomeFile, JournalEntry, OutputChunk, ReplayReport, SandboxApi, Snapshot, Trace,
} from './types.ts';

/** bash's default continuation prompt. */
const PS2 = '> ';

/** How the host paces simulated time (see ShellOptions.wait); omitted in tests and the CLI. */
export interface SandboxOptions {
  wait?: ShellOptions['wait'];
}

/** A scenario file that does not validate: which field and why, in the author's terms. */
export class ScenarioFileError extends Error {}

/**
 * Parses and validates a scenario file's text (scenarios/load.ts). Throws ScenarioFileError
 * naming the file, the field and what it expects.
 */
export function parseScenario(text: string, file = 'scenario'): ScenarioSpec {
  const r = readScenario(text, file);
  if (!r.ok) throw new ScenarioFileError(r.error);
  return r.spec;
}

/** Creates a sandbox; `boot` must be called before anything else. */
export function createSandbox(options: SandboxOptions = {}): SandboxApi {
  let world: World | undefined;
  let shell: Shell | undefined;
  let spec: ScenarioSpec | undefined;
  let start = '';
  // Lines of a command that is not complete yet (an open here-document, quote or `\`), kept
  // as bash keeps them while it shows its continuation prompt PS2.
  let partial: string | undefined;
  let lastStatus = 0;
  let asyncOut: ((chunk: OutputChunk) => void) | undefined;
  // The journal: the configuration after the last line (a line that changes it is `changed`),
  // and the home files as the scenario built them (journal.ts).
  // Undefined while the world is too big to walk per line (journal.ts walkable).
  let digest: string[] | undefined;
  let homes: HomeBaseline = new Map();
  const digestNow = (): string[] | undefined => {
    const s = started();
    return walkable(s.world) ? configParts(s.world, s.shell.save()) : undefined;
  };

  const started = (): { world: World; shell: Shell } => {
    if (!world || !shell) throw new Error('sandbox: boot() was not called');
    return { world, shell };
  };

  function startShell(w: World, on: string, restore?: ShellState): Shell {
    if (!placeOf(w, on)) throw new ScenarioFileError(`no machine "${on}" in scenario ${spec?.name ?? ''}`);
    // The previous session's background jobs end with its world.
    shell?.dispose();
    const sh = createShell(w, on, { ...(options.wait ? { wait: options.wait } : {}), ...(restore ? { restore } : {}) });
    sh.onOutput((chunk) => asyncOut?.(chunk));
    return sh;
  }

  return {
    boot(o: BootOptions): BootReport {
      // A spec comes validated from its caller (the site validates at build time).
      spec = typeof o.scenario === 'string' ? parseScenario(o.scenario) : o.scenario;
      const w = buildWorld(spec, o.seed ?? 1);
      start = o.on ?? spec.start ?? spec.cluster?.nodes[0]?.name ?? spec.machines[0]!.name;
      shell = startShell(w, start);
      world = w;
      partial = undefined;
      lastStatus = 0;
      homes = homeBaseline(w);
      digest = digestNow();
      return { scenario: spec.name, prompt: shell.prompt(), machines: [...w.machines.keys()] };
    },

    async exec(line: string, onOutput: (chunk: OutputChunk) => void): Promise<ExecReport> {
      const s = started().shell;
      const text = partial === undefined ? line : `${partial}\n${line}`;
      if (!isComplete(`${text}\n`)) {
        partial = text;
        return { status: lastStatus, prompt: PS2, more: true };
      }
      partial = undefined;
      const r = await s.run(text, onOutput);
      lastStatus = r.status;
      const entry: JournalEntry = { line: text, at: r.at, ms: r.ms, status: r.status };
      if (r.interrupted) entry.interrupted = true;
      const after = digestNow();
      if (after && digest ? !sameConfig(after, digest) : text.trim() !== '') entry.changed = true;
      digest = after;
      return { status: lastStatus, prompt: s.prompt(), entry };
    },

    async replay(entries: JournalEntry[]): Promise<ReplayReport> {
      const s = started();
      const checked = checkEntries(entries);
      partial = undefined;
      const r = await replayJournal(s.shell, s.world, checked);
      if (r.status !== undefined) lastStatus = r.status;
      digest = digestNow();
      return { replayed: checked.length, diverged: r.diverged, prompt: s.shell.prompt() };
    },

    async prepare(lines) {
      const s = started();
      const failed: { on: string; line: string; status: number; output: string }[] = [];
      for (const { on, line } of lines) {
        if (!placeOf(s.world, on)) {
          failed.push({ on, line, status: 255, output: `no machine "${on}"` });
          continue;
        }
        let output = '';
        const sh = createShell(s.world, on, {});
        const r = await sh.run(line, (c) => { output += c.text; });
        sh.dispose();
        if (r.status !== 0) failed.push({ on, line, status: r.status, output });
      }
      homes = homeBaseline(s.world);
      digest = digestNow();
      return { failed };
    },

    homeFiles: (): HomeFile[] => changedHomeFiles(started().world, homes),

    interrupt(): void {
      partial = undefined;
      started().shell.interrupt();
    },
    onOutput(listener) {
      asyncOut = listener;
    },
    complete: (line: string, cursor: number): Completion => started().shell.complete(line, cursor),
    prompt: () => (partial === undefined ? started().shell.prompt() : PS2),

    // Grading probes a copy, so checking never changes what the learner sees.
    check: (exercise: unknown): CheckReport => grade(structuredClone(started().world), exercise),
    predict: (question: unknown, given?: string) => predict(structuredClone(started().world), question, given),

    // The shell's stack of places and its history travel with the world, so a restored
    // session stands where the learner stood.
    snapshot(): Snapshot {
      const s = started();
      return { version: 1, data: structuredClone({ world: s.world, start, shell: s.shell.save() }) };
    },

    restore(snapshot: Snapshot): void {
      const saved = structuredClone(snapshot.data) as { world: World; start: string; shell: ShellState };
      shell = startShell(saved.world, saved.start, saved.shell);
      world = saved.world;
      start = saved.start;
      partial = undefined;
      digest = digestNow();
    },

    traces: (): Trace[] => recentTraces(started().world),
  };
}
