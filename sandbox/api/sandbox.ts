/**
 * The sandbox: one simulated world and the interactive shell standing in it, behind the
 * small serialisable API of types.ts. The worker exposes it with comlink; the CLI, the lesson
 * checker, the benchmarks and the tests call it directly. It owns no simulation logic: it
 * parses the scenario, builds the world, hands command lines to the shell and checks to
 * the grader.
 */
import { parse as parseYaml } from 'yaml';
import type { World } from '../fabric/world.ts';
import { createShell, placeOf, type Shell, type ShellOptions, type ShellState } from '../shell/session.ts';
import { isComplete } from '../shell/script.ts';
import { buildWorld } from '../scenarios/build.ts';
import { ScenarioSchema, type ScenarioSpec } from '../scenarios/schema.ts';
import { grade } from '../grading/grade.ts';
import { recentTraces } from '../fabric/traffic.ts';
import type {
  BootOptions, BootReport, CheckReport, Completion, ExecReport, OutputChunk, SandboxApi, Snapshot, Trace,
} from './types.ts';

/** bash's default continuation prompt. */
const PS2 = '> ';

/** How the host paces simulated time (see ShellOptions.wait); omitted in tests and the CLI. */
export interface SandboxOptions {
  wait?: ShellOptions['wait'];
}

/** A scenario file that does not validate: which field and why, in the author's terms. */
export class ScenarioFileError extends Error {}

/** Parses and validates a scenario file's text. Throws ScenarioFileError naming the field. */
export function parseScenario(text: string, file = 'scenario'): ScenarioSpec {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new ScenarioFileError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const r = ScenarioSchema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${file}: ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ScenarioFileError(issues.join('\n'));
  }
  return r.data;
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
      spec = parseScenario(o.scenario);
      const w = buildWorld(spec, o.seed ?? 1);
      start = o.on ?? spec.start ?? spec.cluster?.nodes[0]?.name ?? spec.machines[0]!.name;
      shell = startShell(w, start);
      world = w;
      partial = undefined;
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
      lastStatus = (await s.run(text, onOutput)).status;
      return { status: lastStatus, prompt: s.prompt() };
    },

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
    },

    traces: (): Trace[] => recentTraces(started().world),
  };
}
