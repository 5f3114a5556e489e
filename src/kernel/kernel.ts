/**
 * The lesson's kernel: one simulated cluster per lesson page, shared by its cells, its
 * terminals and its exercises (as a Jupyter notebook shares one kernel). It owns the
 * connection to the worker and runs command lines in shell sessions, each with its own queue
 * (line-queue.ts): session 1 is the first terminal's, which the cells share; "New terminal"
 * opens more on the same world. Calls run under the watchdog (watchdog.ts): a worker that
 * stops making progress, or that errors, puts the kernel in a failed state that the page shows
 * with a "Restart simulator" button; `restart()` replaces the worker without a reload.
 *
 * Transport-agnostic (see connect.ts for the comlink/Worker one) so it is tested in Node.
 */
import type {
  BootOptions,
  BootReport,
  BusyReport,
  CheckReport,
  Completion,
  ExecReport,
  JournalEntry,
  Prediction,
  OutputChunk,
  ReplayProgress,
  ReplayReport,
  SessionError,
  SessionReport,
  TopologyPicture,
  WalkPicture,
} from '../../sandbox/api/types.ts';
import { createLineQueue, type LineQueue, type TurnOptions } from './line-queue.ts';
import { createWatchdog } from './watchdog.ts';

/** A shell session (SandboxApi's ids): "1" is the one the scenario boots (the first terminal, and the cells). */
export type SessionId = string;

/** Options of a remote exec (SandboxApi.exec): the session, and the machine for a cell's line. */
export interface RemoteExecOptions {
  session?: SessionId;
  on?: string;
}

/** The worker side as the page sees it (SandboxApi): every call is asynchronous. */
export interface RemoteSandbox {
  boot(options: BootOptions): Promise<BootReport>;
  exec(line: string, onOutput: (chunk: OutputChunk) => void, options?: RemoteExecOptions): Promise<ExecReport>;
  interrupt(session?: SessionId): Promise<void>;
  /** Output of background jobs while no line of their session runs (SandboxApi.onOutput); optional. */
  onOutput?(listener: (chunk: OutputChunk) => void): Promise<void>;
  complete(line: string, cursor: number, session?: SessionId): Promise<Completion>;
  prompt(session?: SessionId): Promise<string>;
  openSession(options: { on?: string }): Promise<SessionReport | SessionError>;
  closeSession(session: SessionId): Promise<SessionError | undefined>;
  /** What runs now: the watchdog's sign of progress. */
  busy(session?: SessionId): Promise<BusyReport | undefined>;
  check(spec: unknown): Promise<CheckReport>;
  prepare?(lines: { on: string; line: string }[]): Promise<{ failed: { on: string; line: string; status: number; output: string }[] }>;
  predict?(question: unknown, given?: string): Promise<Prediction>;
  /** Replays saved lines under the replay budget; `onProgress` hears each line. */
  replay(entries: JournalEntry[], onProgress?: (progress: ReplayProgress) => void): Promise<ReplayReport>;
  homeFiles(): Promise<{ machine: string; path: string; content: string }[]>;
  /** Pictures (SandboxApi.topology/walk); optional for hosts without them. */
  topology?(options?: { expand?: string[] }): Promise<TopologyPicture>;
  walk?(back?: number): Promise<WalkPicture | undefined>;
}

/** One live worker: its API, and how to kill it. `onFailure` fires if the worker dies. */
export interface Connection {
  api: RemoteSandbox;
  terminate(): void;
  onFailure(listener: (message: string) => void): void;
}

/** Kernel life: idle (not started), starting, ready, or failed (hung / crashed / bug). */
export type KernelState = 'idle' | 'starting' | 'ready' | 'failed';

/** Who ran a line: the terminal's lines are its history. */
export type Origin = 'terminal' | 'cell';

/** Why the scenario was booted. `scenario`: a restart that leaves the saved lines out. */
export type BootReason = 'start' | 'reset' | 'restart' | 'scenario';

/** What the page hears from the kernel. */
export type KernelEvent =
  /** `during: 'replay'`: the saved lines could not be replayed (the page offers to start without them). */
  | { type: 'state'; state: KernelState; message?: string; during?: 'replay' }
  /** Booted; `replay` when recorded lines were replayed on top of the scenario. */
  | { type: 'booted'; boot: BootReport; reason: BootReason; replay?: ReplayReport }
  /** A command line completed: the record that replays it. */
  | { type: 'ran'; entry: JournalEntry; origin: Origin; session: SessionId }
  /** What runs now: per session, the running line and how many wait; replay progress. */
  | { type: 'activity'; sessions: { session: SessionId; running: string | undefined; waiting: number }[]; replay?: { done: number; total: number } };

export interface KernelOptions {
  /** The scenario: its file's text (YAML) or its parsed, validated spec (BootOptions.scenario). */
  scenario: BootOptions['scenario'];
  /** Machine to start on. */
  on?: string;
  connect: () => Connection;
  /** Watchdog: time without progress allowed per call before the worker is probed (default 10 s). */
  timeoutMs?: number;
  /**
   * The learner's recorded lines, replayed after the scenario boots on start and restart (not
   * on reset, which starts over). Loaded while the worker boots.
   */
  journal?: () => Promise<JournalEntry[]>;
  /**
   * Lines run on machines right after every boot, before the journal's replay and off the
   * learner's history (SandboxApi.prepare): a capstone's faults. Same lines every boot.
   */
  prepare?: { on: string; line: string }[];
}

/** Thrown by calls when the kernel failed (hung, crashed) or was restarted under them. */
export class KernelFailure extends Error {
  override name = 'KernelFailure';
}

/** How a line runs: who sent it, in which session (and on which machine), and how its wait can be withdrawn. */
export interface ExecOptions extends TurnOptions {
  origin?: Origin;
  session?: SessionId;
  /** Runs the line on this machine, as `ssh MACHINE 'line'` would, leaving the session where it stands. */
  on?: string;
}

/** An exec that runs at once, inside a turn (see `exclusive`). */
export type ExecNow = (line: string, onOutput: (chunk: OutputChunk) => void, origin?: Origin) => Promise<ExecReport>;

export interface Kernel {
  readonly state: KernelState;
  /** Starts the worker and boots the scenario (idempotent; later calls await the same boot). */
  start(): Promise<BootReport>;
  /** Runs one line in its session (queued behind that session's running line); output streams to `onOutput`. */
  exec(line: string, onOutput: (chunk: OutputChunk) => void, options?: ExecOptions): Promise<ExecReport>;
  /**
   * Runs several lines in one session with nobody else's in between (a cell that hops to its
   * machine with `ssh`, runs, and comes back): `body` gets an unqueued exec.
   */
  exclusive<T>(label: string, body: (exec: ExecNow) => Promise<T>, options?: ExecOptions): Promise<T>;
  /** The line running in `session` (default "1"), if any. */
  running(session?: SessionId): string | undefined;
  /** Ctrl-C for the line running in `session` (default "1"); nothing when none runs. */
  interrupt(session?: SessionId): void;
  complete(line: string, cursor: number, session?: SessionId): Promise<Completion>;
  prompt(session?: SessionId): Promise<string>;
  /** Opens another shell session on the same world (a new terminal), on machine `on`. */
  openSession(on?: string): Promise<SessionReport>;
  closeSession(session: SessionId): Promise<void>;
  check(spec: unknown): Promise<CheckReport>;
  /** Answers a prediction question from the live cluster (predict cells). */
  predict(question: unknown, given?: string): Promise<Prediction>;
  /** Files the learner made in the machines' home directories. */
  homeFiles(): Promise<{ machine: string; path: string; content: string }[]>;
  /** The topology picture of the live cluster (src/pictures/). */
  topology(options?: { expand?: string[] }): Promise<TopologyPicture>;
  /** The walk picture of the latest command that sent packets (`back` 1 = the one before), if any. */
  walk(back?: number): Promise<WalkPicture | undefined>;
  /** Boots the scenario afresh, without saved lines (a new worker if this one failed). */
  reset(): Promise<BootReport>;
  /** Kills the worker and starts a new one (after a hang or crash), replaying the saved lines. */
  restart(): Promise<BootReport>;
  /** Kills the worker and starts a new one from the scenario alone (saved lines that cannot replay). */
  startFromScenario(): Promise<BootReport>;
  /** The next execution count for a cell (`[3]`); resets with the cluster. */
  nextCount(): number;
  /** Counting goes on after `count` (cells restored from saved progress). */
  countFrom(count: number): void;
  subscribe(listener: (event: KernelEvent) => void): () => void;
  /** Output background jobs print while no line runs (`ping ... &` at an idle prompt), with their session. */
  onJobOutput(listener: (chunk: OutputChunk, session: SessionId) => void): () => void;
}

export function createKernel(options: KernelOptions): Kernel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const listeners = new Set<(event: KernelEvent) => void>();
  const jobListeners = new Set<(chunk: OutputChunk, session: SessionId) => void>();
  let state: KernelState = 'idle';
  let connection: Connection | undefined;
  let booting: Promise<BootReport> | undefined;
  let generation = 0;
  let count = 0;
  let replayProgress: { done: number; total: number } | undefined;
  const queues = new Map<SessionId, LineQueue>();
  /** Sessions with a line running in the worker now (interrupt goes only there). */
  const inWorker = new Set<SessionId>();

  const emit = (event: KernelEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const activity = (): void => {
    const sessions = [...queues].map(([session, queue]) => ({ session, running: queue.running, waiting: queue.waiting }));
    emit(replayProgress ? { type: 'activity', sessions, replay: replayProgress } : { type: 'activity', sessions });
  };
  const queueOf = (session: SessionId): LineQueue => {
    let queue = queues.get(session);
    if (queue === undefined) {
      queue = createLineQueue(activity);
      queues.set(session, queue);
    }
    return queue;
  };
  queueOf('1');
  const setState = (next: KernelState, message?: string, during?: 'replay'): void => {
    state = next;
    emit({ type: 'state', state: next, ...(message === undefined ? {} : { message }), ...(during ? { during } : {}) });
  };

  let phase: 'boot' | 'replay' | 'run' = 'boot';
  const fail = (gen: number, message: string): void => {
    if (gen !== generation || state === 'failed') return;
    setState('failed', message, phase === 'replay' ? 'replay' : undefined);
    watchdog.abortAll(new KernelFailure(message));
  };
  const watchdog = createWatchdog({
    timeoutMs,
    // The worker answers `busy()` between the steps of whatever it computes (its CPU budget
    // yields to the page): an answer is the sign of life, not output.
    probe: () => connection?.api.busy() ?? Promise.reject(new Error('no worker')),
    onHung: (message) => fail(generation, message),
  });
  const watched = <T>(call: (api: RemoteSandbox, progress: () => void) => Promise<T>): Promise<T> => {
    const gen = generation;
    const conn = connection;
    if (conn === undefined || state === 'failed') {
      return Promise.reject(new KernelFailure('the simulator is not running'));
    }
    return watchdog.watch((progress) => call(conn.api, progress)).then((value) => {
      if (gen !== generation) throw new KernelFailure('the simulator was restarted');
      return value;
    });
  };

  const boot = (reason: BootReason): Promise<BootReport> => {
    setState('starting');
    phase = 'boot';
    const gen = generation;
    const bootOptions = options.on === undefined
      ? { scenario: options.scenario }
      : { scenario: options.scenario, on: options.on };
    // The recorded lines load while the worker boots; a reset starts over without them.
    const journal = reason === 'reset' || reason === 'scenario' ? undefined : options.journal?.();
    const result = watched((api) => api.boot(bootOptions)).then(async (booted) => {
      const lines = options.prepare ?? [];
      if (lines.length > 0) {
        const prepared = await watched(async (api) => {
          if (!api.prepare) throw new Error('this simulator cannot prepare a capstone');
          return api.prepare(lines);
        });
        const bad = prepared.failed[0];
        if (bad) throw new Error(`preparing the cluster failed on ${bad.on}: \`${bad.line.split('\n')[0]}\` exited ${bad.status}: ${bad.output.trim()}`);
      }
      const entries = (await journal) ?? [];
      let replay: ReplayReport | undefined;
      if (entries.length > 0) {
        phase = 'replay';
        replayProgress = { done: 0, total: entries.length };
        activity();
        // Progress reports cross a port of their own: one may arrive after the replay's answer.
        let replaying = true;
        try {
          replay = await watched((api, progress) => api.replay(entries, ({ done, total }) => {
            progress();
            if (!replaying) return;
            replayProgress = { done, total };
            activity();
          }));
        } finally {
          replaying = false;
          replayProgress = undefined;
          activity();
        }
      }
      phase = 'run';
      const report = replay ? { ...booted, prompt: replay.prompt } : booted;
      if (reason !== 'start' && reason !== 'restart') count = 0;
      if (gen === generation) {
        setState('ready');
        emit(replay ? { type: 'booted', boot: report, reason, replay } : { type: 'booted', boot: report, reason });
      }
      return report;
    });
    result.catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      fail(gen, phase === 'replay' ? `Your saved work could not be replayed: ${why}` : `The simulator could not start: ${why}`);
    });
    return result;
  };

  const connect = (): void => {
    generation += 1;
    const gen = generation;
    connection = options.connect();
    connection.onFailure((message) => fail(gen, `The simulator stopped: ${message}`));
    // Job output between lines; a restarted worker's old subscription dies with it.
    connection.api.onOutput?.((chunk) => {
      if (gen !== generation) return;
      const { session = '1', ...rest } = chunk;
      for (const listener of jobListeners) listener(rest, session);
    }).catch((error: unknown) => fail(gen, `The simulator failed to subscribe to job output: ${String(error)}`));
  };

  /** A new worker: every turn of the old one is gone, and only session "1" exists again. */
  const replaceWorker = (reason: Exclude<BootReason, 'start'>): Promise<BootReport> => {
    connection?.terminate();
    watchdog.abortAll(new KernelFailure('the simulator was restarted'));
    inWorker.clear();
    for (const [session, queue] of queues) {
      queue.clear();
      if (session !== '1') queues.delete(session);
    }
    connect();
    booting = boot(reason);
    return booting;
  };

  const execIn = (session: SessionId, on?: string): ExecNow => async (line, onOutput, origin = 'cell') => {
    const gen = generation;
    inWorker.add(session);
    try {
      const remoteOptions: RemoteExecOptions = session === '1' ? {} : { session };
      if (on) remoteOptions.on = on;
      const report = await watched((api) => api.exec(line, onOutput, remoteOptions));
      if (report.entry && gen === generation) emit({ type: 'ran', entry: report.entry, origin, session });
      return report;
    } finally {
      inWorker.delete(session);
    }
  };

  const kernel: Kernel = {
    get state() {
      return state;
    },
    start() {
      if (booting === undefined) {
        connect();
        booting = boot('start');
      }
      return booting;
    },
    exec(line, onOutput, execOptions = {}) {
      return kernel.exclusive(line, (execNow) => execNow(line, onOutput, execOptions.origin), execOptions);
    },
    exclusive(label, body, execOptions = {}) {
      const session = execOptions.session ?? '1';
      let started = false;
      const turnOptions: TurnOptions = {
        onStart: () => {
          started = true;
          execOptions.onStart?.();
        },
      };
      if (execOptions.signal) turnOptions.signal = execOptions.signal;
      // Stop on a running turn is Ctrl-C; on a waiting one the queue withdraws it.
      execOptions.signal?.addEventListener('abort', () => {
        if (started) kernel.interrupt(session);
      }, { once: true });
      return queueOf(session).turn(label, async () => {
        await kernel.start();
        return body(execIn(session, execOptions.on));
      }, turnOptions);
    },
    running(session = '1') {
      return queues.get(session)?.running;
    },
    interrupt(session = '1') {
      if (inWorker.has(session) && connection !== undefined && state === 'ready') {
        connection.api.interrupt(session === '1' ? undefined : session).catch((error: unknown) => {
          fail(generation, `The simulator failed to interrupt: ${String(error)}`);
        });
      }
    },
    async complete(line, cursor, session = '1') {
      await kernel.start();
      return watched((api) => (session === '1' ? api.complete(line, cursor) : api.complete(line, cursor, session)));
    },
    async prompt(session = '1') {
      await kernel.start();
      return watched((api) => (session === '1' ? api.prompt() : api.prompt(session)));
    },
    async openSession(on) {
      await kernel.start();
      const opened = await watched((api) => api.openSession(on === undefined ? {} : { on }));
      if ('error' in opened) throw new Error(opened.error);
      queueOf(opened.session);
      activity();
      return opened;
    },
    async closeSession(session) {
      if (session === '1') return;
      queues.get(session)?.clear();
      queues.delete(session);
      activity();
      // The sandbox interrupts the session's running line and ends its jobs.
      const closed = await watched((api) => api.closeSession(session));
      if (closed !== undefined) throw new Error(closed.error);
    },
    async check(spec) {
      await kernel.start();
      return watched((api) => api.check(spec));
    },
    async predict(question, given) {
      await kernel.start();
      return watched(async (api) => {
        if (!api.predict) throw new Error('this simulator cannot answer predictions');
        return api.predict(question, given);
      });
    },
    async homeFiles() {
      await kernel.start();
      return watched((api) => api.homeFiles());
    },
    async topology(o) {
      await kernel.start();
      return watched((api) => (api.topology ? api.topology(o) : Promise.reject(new Error('this simulator has no pictures'))));
    },
    async walk(back) {
      await kernel.start();
      return watched((api) => (api.walk ? api.walk(back) : Promise.resolve(undefined)));
    },
    async reset() {
      // A reset never replays the saved lines: a worker that failed (on them, perhaps) is replaced.
      if (state === 'failed' || booting === undefined) {
        if (booting === undefined) {
          connect();
          booting = boot('reset');
          return booting;
        }
        return replaceWorker('reset');
      }
      await booting.catch(() => undefined);
      if (state !== 'ready') return replaceWorker('reset');
      // Wait for the running lines to finish or be interrupted; a reset never cuts one in half.
      for (const session of queues.keys()) kernel.interrupt(session);
      return queueOf('1').turn('reset', () => boot('reset'));
    },
    restart: () => replaceWorker('restart'),
    startFromScenario: () => replaceWorker('scenario'),
    nextCount() {
      count += 1;
      return count;
    },
    countFrom(n) {
      count = Math.max(count, n);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onJobOutput(listener) {
      jobListeners.add(listener);
      return () => jobListeners.delete(listener);
    },
  };
  return kernel;
}
