/**
 * The sandbox: one simulated world, one clock-keeper, and the interactive shell sessions
 * standing in it, behind the small serialisable API of types.ts. The worker exposes it with
 * comlink; the CLI, the lesson checker, the benchmarks and the tests call it directly. It owns
 * no simulation logic: it parses the scenario, builds the world, hands command lines to the
 * sessions' shells and checks to the grader.
 */
import type { World } from '../fabric/world.ts';
import type { Scheduler } from '../fabric/scheduler.ts';
import { createShell, createWorldScheduler, placeOf, type Shell, type ShellOptions, type ShellState } from '../shell/session.ts';
import type { PidCounter } from '../shell/jobs.ts';
import { isComplete } from '../shell/script.ts';
import { randomInt } from '../core/index.ts';
import { buildWorld } from '../scenarios/build.ts';
import { worldFromImage } from './world-image.ts';
import type { ScenarioSpec } from '../scenarios/schema.ts';
import { readScenario } from '../scenarios/load.ts';
import { predict } from '../grading/predict.ts';
import { recentTraces } from '../fabric/traffic.ts';
import { checkWithWalks, topologyPicture, walkPicture } from './pictures.ts';
import { changedHomeFiles, configParts, homeBaseline, sameConfig, walkable, type HomeBaseline } from './journal.ts';
import { checkEntries, replayEntries, REPLAY_BUDGET_MS } from './replay.ts';
import type {
  BootOptions, BootReport, BusyReport, CheckReport, Completion, ExecOptions, ExecReport, HomeFile, JournalEntry, OutputChunk, ReplayOptions, ReplayProgress,
  ReplayReport, SandboxApi, SessionError, SessionOptions, SessionReport, Snapshot, Trace,
} from './types.ts';

/** bash's default continuation prompt. */
const PS2 = '> ';

/** The first terminal's session, opened by boot; calls naming no session use it. */
const FIRST = '1';

/** How the host runs the simulator; everything is optional (tests and the CLI omit most). */
export interface SandboxOptions {
  /** Paces simulated time in real time (ShellOptions.wait). */
  wait?: ShellOptions['wait'];
  /** Gives the host a turn during long computations (ShellOptions.pause). */
  pause?: ShellOptions['pause'];
  /** The host's monotonic clock in ms (performance.now): replay's time budget needs it. */
  now?: () => number;
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

/**
 * One terminal: its shell, an unfinished line (bash's PS2 state), `$?`, a transient `on`
 * shell, and the turn of its lines: a line sent while another runs waits for it, as typed-ahead
 * input waits for the running command, and Ctrl-C discards it as the tty driver flushes its
 * input queue on SIGINT (termios(3), without NOFLSH).
 */
interface Session {
  shell: Shell;
  partial: string | undefined;
  lastStatus: number;
  transient: Shell | undefined;
  turn: Promise<unknown>;
  /** Bumped by every interrupt: a line queued before it is discarded. */
  interrupts: number;
}

/** The world and what lives on it; replaced as a whole by boot and restore. */
interface Stage {
  world: World;
  scheduler: Scheduler;
  pids: PidCounter;
  sessions: Map<string, Session>;
  nextSession: number;
  start: string;
  /** Lines running with ExecOptions.instant: while any does, the clock runs in virtual time. */
  instantLines: number;
}

/** Creates a sandbox; `boot` must be called before anything else. */
export function createSandbox(options: SandboxOptions = {}): SandboxApi {
  let stage: Stage | undefined;
  let spec: ScenarioSpec | undefined;
  let asyncOut: ((chunk: OutputChunk) => void) | undefined;
  let replaying: { stop: boolean } | undefined;
  // The journal: the configuration after the last line (a line that changes it is `changed`),
  // and the home files as the scenario built them (journal.ts).
  // Undefined while the world is too big to walk per line (journal.ts walkable).
  let digest: string[] | undefined;
  let homes: HomeBaseline = new Map();

  const started = (): Stage => {
    if (!stage) throw new Error('sandbox: boot() was not called');
    return stage;
  };
  const digestNow = (): string[] | undefined => {
    const s = started();
    if (!walkable(s.world)) return undefined;
    const [first, ...others] = [...s.sessions.values()].map((x) => x.shell.save());
    return configParts(s.world, first!, others);
  };
  const shellOptions = (s: Pick<Stage, 'scheduler' | 'pids'>, session: string): ShellOptions => ({
    ...(options.wait ? { wait: options.wait } : {}),
    ...(options.pause ? { pause: options.pause } : {}),
    scheduler: s.scheduler,
    pids: s.pids,
    session,
  });

  function openOn(s: Stage, id: string, on: string, restore?: ShellState): Session {
    const shell = createShell(s.world, on, { ...shellOptions(s, id), ...(restore ? { restore } : {}) });
    shell.onOutput((chunk) => asyncOut?.({ ...chunk, session: id }));
    const session: Session = { shell, partial: undefined, lastStatus: 0, transient: undefined, turn: Promise.resolve(), interrupts: 0 };
    s.sessions.set(id, session);
    s.nextSession = Math.max(s.nextSession, Number(id) + 1);
    return session;
  }

  /** A new world: the previous one's sessions end and its clock stops. */
  function newStage(world: World, start: string): Stage {
    if (!placeOf(world, start)) throw new ScenarioFileError(`no machine "${start}" in scenario ${spec?.name ?? ''}`);
    if (stage) {
      for (const x of stage.sessions.values()) x.shell.dispose();
      stage.scheduler.close();
    }
    const scheduler = createWorldScheduler(world, options);
    return { world, scheduler, pids: { last: randomInt(world.rng, 2000, 30000) }, sessions: new Map(), nextSession: 1, start, instantLines: 0 };
  }

  /** Runs `text` on machine `on` in a transient login shell of session `id` (ExecOptions.on). */
  async function execOn(s: Stage, x: Session, id: string, text: string, on: string, out: (c: OutputChunk) => void, interruptAt?: number) {
    if (!placeOf(s.world, on)) {
      out({ stream: 'stderr', text: `ssh: Could not resolve hostname ${on}: Name or service not known\n` });
      return { status: 255, at: s.world.clock.ms, ms: 0, interrupted: false };
    }
    const shell = createShell(s.world, on, shellOptions(s, id));
    if (replaying) shell.replaying(true);
    x.transient = shell;
    try {
      return await shell.run(text, out, interruptAt === undefined ? {} : { interruptAt });
    } finally {
      x.transient = undefined;
      shell.dispose();
    }
  }

  /** Runs one line in session `id` once its turn has come (see `exec`). */
  async function execIn(s: Stage, x: Session, id: string, line: string, onOutput: (chunk: OutputChunk) => void, o: ExecOptions): Promise<ExecReport> {
    let text = line;
    if (o.on === undefined) {
      text = x.partial === undefined ? line : `${x.partial}\n${line}`;
      if (!isComplete(`${text}\n`)) {
        x.partial = text;
        return { status: x.lastStatus, prompt: PS2, more: true };
      }
      x.partial = undefined;
    }
    // Replay owns the clock's mode while it runs (it is instant throughout).
    const instant = (delta: number) => {
      s.instantLines += delta;
      if (!replaying) s.scheduler.setInstant(s.instantLines > 0);
    };
    if (o.instant) instant(1);
    let r;
    try {
      r = o.on === undefined ? await x.shell.run(text, onOutput) : await execOn(s, x, id, text, o.on, onOutput);
    } finally {
      if (o.instant) instant(-1);
    }
    x.lastStatus = r.status;
    const entry: JournalEntry = { line: text, at: r.at, ms: r.ms, status: r.status };
    if (r.interrupted) entry.interrupted = true;
    if (id !== FIRST) entry.session = id;
    if (o.on !== undefined) entry.on = o.on;
    // The session may have been closed (or the world rebooted) while the line ran.
    if (stage === s) {
      const after = digestNow();
      if (after && digest ? !sameConfig(after, digest) : text.trim() !== '') entry.changed = true;
      digest = after;
    }
    return { status: r.status, prompt: x.shell.prompt(), entry };
  }

  function sessionOf(id: string | undefined): Session | undefined {
    return started().sessions.get(id ?? FIRST);
  }

  return {
    boot(o: BootOptions): BootReport {
      // A spec comes validated from its caller (the site validates at build time).
      spec = typeof o.scenario === 'string' ? parseScenario(o.scenario) : o.scenario;
      const seed = o.seed ?? 1;
      const restored = o.image === undefined ? undefined : worldFromImage(o.image, spec, seed);
      const w = restored ?? buildWorld(spec, seed);
      const s = newStage(w, o.on ?? spec.start ?? spec.cluster?.nodes[0]?.name ?? spec.machines[0]!.name);
      stage = s;
      const first = openOn(s, FIRST, s.start);
      homes = homeBaseline(w);
      digest = digestNow();
      return { scenario: spec.name, prompt: first.shell.prompt(), machines: [...w.machines.keys()], from: restored ? 'image' : 'scenario' };
    },

    openSession(o: SessionOptions = {}): SessionReport | SessionError {
      const s = started();
      const on = o.on ?? s.start;
      if (!placeOf(s.world, on)) return { error: `no machine "${on}"` };
      const id = String(s.nextSession);
      const x = openOn(s, id, on);
      digest = digestNow();
      return { session: id, prompt: x.shell.prompt() };
    },

    closeSession(id: string): SessionError | undefined {
      const s = started();
      if (id === FIRST) return { error: 'session 1 (the first terminal) cannot be closed' };
      const x = s.sessions.get(id);
      if (!x) return { error: `no session "${id}"` };
      x.transient?.dispose();
      x.shell.dispose();
      s.sessions.delete(id);
      digest = digestNow();
      return undefined;
    },

    sessions: () => [...started().sessions.keys()],

    exec(line: string, onOutput: (chunk: OutputChunk) => void, o: ExecOptions = {}): Promise<ExecReport> {
      const s = started();
      const id = o.session ?? FIRST;
      const x = s.sessions.get(id);
      const closed = (): ExecReport => {
        onOutput({ stream: 'stderr', text: `packetwalk: no session "${id}" (it was closed)\n` });
        return { status: 1, prompt: '' };
      };
      if (!x) return Promise.resolve(closed());
      const sent = x.interrupts;
      const result = x.turn.then(() => {
        if (s.sessions.get(id) !== x || stage !== s) return closed();
        // Flushed by a Ctrl-C pressed while it waited: it never runs and leaves no entry.
        if (x.interrupts !== sent) return { status: x.lastStatus, prompt: x.partial === undefined ? x.shell.prompt() : PS2 };
        return execIn(s, x, id, line, onOutput, o);
      });
      x.turn = result.then(() => undefined, () => undefined);
      return result;
    },

    busy(id?: string): BusyReport | undefined {
      let best: BusyReport | undefined;
      for (const [sid, x] of started().sessions) {
        if (id !== undefined && sid !== id) continue;
        const b = x.transient?.busy() ?? x.shell.busy();
        if (b && (!best || b.ms > best.ms || (b.ms === best.ms && b.steps > best.steps))) best = { session: sid, ...b };
      }
      return best;
    },

    async replay(entries: JournalEntry[], ro: ReplayOptions = {}, onProgress?: (p: ReplayProgress) => void): Promise<ReplayReport> {
      const s = started();
      const checked = checkEntries(entries);
      const flag = { stop: false };
      replaying = flag;
      for (const x of s.sessions.values()) x.partial = undefined;
      const mute = (on: boolean) => {
        for (const x of s.sessions.values()) x.shell.replaying(on);
      };
      mute(true);
      let outcome;
      try {
        outcome = await replayEntries(
          {
            now: () => s.world.clock.ms,
            idle: (ms) => s.sessions.get(FIRST)!.shell.idle(ms),
            stopped: () => flag.stop,
            ...(options.now ? { hostNow: options.now } : {}),
            async run(e, interruptAt) {
              const id = e.session ?? FIRST;
              const x = s.sessions.get(id) ?? openOn(s, id, s.start);
              x.shell.replaying(true);
              const discard = (): void => undefined;
              if (e.on !== undefined) return execOn(s, x, id, e.line, e.on, discard, interruptAt);
              return x.shell.run(e.line, discard, interruptAt === undefined ? {} : { interruptAt });
            },
          },
          checked,
          ro.budgetMs ?? REPLAY_BUDGET_MS,
          onProgress,
        );
      } finally {
        replaying = undefined;
        mute(false);
      }
      for (const [id, status] of outcome.status) {
        const x = s.sessions.get(id);
        if (x) x.lastStatus = status;
      }
      digest = digestNow();
      const report: ReplayReport = { replayed: outcome.replayed, diverged: outcome.diverged, prompt: s.sessions.get(FIRST)!.shell.prompt() };
      if (outcome.cut) report.cut = outcome.cut;
      return report;
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

    interrupt(id?: string): void {
      if (replaying) replaying.stop = true;
      const x = sessionOf(id);
      if (!x) return;
      x.partial = undefined;
      x.interrupts++;
      x.transient?.interrupt();
      x.shell.interrupt();
    },
    onOutput(listener) {
      asyncOut = listener;
    },
    complete: (line: string, cursor: number, id?: string): Completion => sessionOf(id)?.shell.complete(line, cursor) ?? { from: cursor, candidates: [] },
    prompt: (id?: string) => {
      const x = sessionOf(id);
      if (!x) return '';
      return x.partial === undefined ? x.shell.prompt() : PS2;
    },

    // Grading probes a copy, so checking never changes what the learner sees.
    check: (exercise: unknown): CheckReport => checkWithWalks(started().world, exercise),
    predict: (question: unknown, given?: string) => predict(structuredClone(started().world), question, given),

    // Each session's stack of places and its history travel with the world, so a restored
    // workbench stands where the learner stood.
    snapshot(): Snapshot {
      const s = started();
      const shells = [...s.sessions].map(([id, x]) => [id, x.shell.save()] as const);
      const [, first] = shells[0]!;
      return { version: 1, data: structuredClone({ world: s.world, start: s.start, shell: first, sessions: shells.slice(1) }) };
    },

    restore(snapshot: Snapshot): void {
      const saved = structuredClone(snapshot.data) as { world: World; start: string; shell: ShellState; sessions?: [string, ShellState][] };
      const s = newStage(saved.world, saved.start);
      stage = s;
      openOn(s, FIRST, saved.start, saved.shell);
      for (const [id, state] of saved.sessions ?? []) openOn(s, id, saved.start, state);
      digest = digestNow();
    },

    traces: (): Trace[] => recentTraces(started().world),
    topology: (o = {}) => topologyPicture(started().world, o),
    walk: (back = 0) => walkPicture(started().world, back),
  };
}
