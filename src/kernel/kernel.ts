/**
 * The lesson's kernel: one simulated cluster per lesson page, shared by its cells, its
 * terminal and its exercises (as a Jupyter notebook shares one kernel). It owns the
 * connection to the worker, runs command lines one at a time (cells and terminal never
 * interleave), and watches the worker: a call that gets neither output nor an answer for
 * `timeoutMs`, or a worker that errors, puts the kernel in a failed state that the page shows
 * with a "Restart simulator" button; `restart()` replaces the worker without a reload.
 *
 * Transport-agnostic (see connect.ts for the comlink/Worker one) so it is tested in Node.
 */
import type {
  BootOptions,
  BootReport,
  CheckReport,
  Completion,
  ExecReport,
  JournalEntry,
  Prediction,
  OutputChunk,
  ReplayReport,
} from '../../sandbox/api/types.ts';

/** The worker side as the page sees it: every call is asynchronous. */
export interface RemoteSandbox {
  boot(options: BootOptions): Promise<BootReport>;
  exec(line: string, onOutput: (chunk: OutputChunk) => void): Promise<ExecReport>;
  interrupt(): Promise<void>;
  /** Output of background jobs while no line runs (SandboxApi.onOutput); optional. */
  onOutput?(listener: (chunk: OutputChunk) => void): Promise<void>;
  complete(line: string, cursor: number): Promise<Completion>;
  prompt(): Promise<string>;
  check(spec: unknown): Promise<CheckReport>;
  prepare?(lines: { on: string; line: string }[]): Promise<{ failed: { on: string; line: string; status: number; output: string }[] }>;
  predict?(question: unknown, given?: string): Promise<Prediction>;
  replay(entries: JournalEntry[]): Promise<ReplayReport>;
  homeFiles(): Promise<{ machine: string; path: string; content: string }[]>;
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

/** What the page hears from the kernel. */
export type KernelEvent =
  | { type: 'state'; state: KernelState; message?: string }
  /** Booted; `replay` when recorded lines were replayed on top of the scenario. */
  | { type: 'booted'; boot: BootReport; reason: 'start' | 'reset' | 'restart'; replay?: ReplayReport }
  /** A command line completed: the record that replays it. */
  | { type: 'ran'; entry: JournalEntry; origin: Origin };

export interface KernelOptions {
  /** The scenario: its file's text (YAML) or its parsed, validated spec (BootOptions.scenario). */
  scenario: BootOptions['scenario'];
  /** Machine to start on. */
  on?: string;
  connect: () => Connection;
  /** Watchdog: silence allowed per call before the worker counts as hung (default 10 s). */
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

export interface Kernel {
  readonly state: KernelState;
  /** Starts the worker and boots the scenario (idempotent; later calls await the same boot). */
  start(): Promise<BootReport>;
  /** Runs one line (queued behind any running line); output streams to `onOutput`. */
  exec(line: string, onOutput: (chunk: OutputChunk) => void, origin?: Origin): Promise<ExecReport>;
  /**
   * Runs several lines with nobody else's in between (a cell that hops to its machine with
   * `ssh`, runs, and comes back): `body` gets an unqueued exec.
   */
  exclusive<T>(body: (exec: (line: string, onOutput: (chunk: OutputChunk) => void, origin?: Origin) => Promise<ExecReport>) => Promise<T>): Promise<T>;
  /** Ctrl-C for the running line; nothing when none runs. */
  interrupt(): void;
  complete(line: string, cursor: number): Promise<Completion>;
  prompt(): Promise<string>;
  check(spec: unknown): Promise<CheckReport>;
  /** Answers a prediction question from the live cluster (predict cells). */
  predict(question: unknown, given?: string): Promise<Prediction>;
  /** Files the learner made in the machines' home directories. */
  homeFiles(): Promise<{ machine: string; path: string; content: string }[]>;
  /** Boots the scenario again in the same worker (a fresh cluster). */
  reset(): Promise<BootReport>;
  /** Kills the worker and starts a new one (after a hang or crash). */
  restart(): Promise<BootReport>;
  /** The next execution count for a cell (`[3]`); resets with the cluster. */
  nextCount(): number;
  /** Counting goes on after `count` (cells restored from saved progress). */
  countFrom(count: number): void;
  subscribe(listener: (event: KernelEvent) => void): () => void;
  /** Output background jobs print while no line runs (`ping ... &` at an idle prompt). */
  onJobOutput(listener: (chunk: OutputChunk) => void): () => void;
}

export function createKernel(options: KernelOptions): Kernel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const listeners = new Set<(event: KernelEvent) => void>();
  const jobListeners = new Set<(chunk: OutputChunk) => void>();
  let state: KernelState = 'idle';
  let connection: Connection | undefined;
  let booting: Promise<BootReport> | undefined;
  let generation = 0;
  let count = 0;
  let running = false;
  /** Rejecters of calls in flight, so a failure or restart ends them instead of leaving them hanging. */
  const inFlight = new Set<(error: Error) => void>();
  /** Serialises exec: each line waits for the one before. */
  let queue: Promise<unknown> = Promise.resolve();

  const emit = (event: KernelEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const setState = (next: KernelState, message?: string): void => {
    state = next;
    emit(message === undefined ? { type: 'state', state: next } : { type: 'state', state: next, message });
  };

  const fail = (gen: number, message: string): void => {
    if (gen !== generation || state === 'failed') return;
    setState('failed', message);
    const error = new KernelFailure(message);
    for (const reject of [...inFlight]) reject(error);
    inFlight.clear();
  };

  /**
   * Runs one remote call under the watchdog. `poke` (handed to the call) restarts the timer:
   * streamed output proves the worker is alive.
   */
  const watched = <T>(call: (api: RemoteSandbox, poke: () => void) => Promise<T>): Promise<T> => {
    const gen = generation;
    const conn = connection;
    if (conn === undefined || state === 'failed') {
      return Promise.reject(new KernelFailure('the simulator is not running'));
    }
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let done = false;
      // After `timeoutMs` of silence, ask the worker something cheap: a command that waits
      // (`sleep 30`, a quiet `curl -m 20`) leaves the worker free to answer, a worker stuck in
      // a loop does not. Only an unanswered probe counts as hung.
      const arm = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        timer = setTimeout(() => {
          const probe = setTimeout(() => {
            if (!done) fail(gen, `The simulator has not answered for ${(timeoutMs * 1.5) / 1000} s.`);
          }, timeoutMs / 2);
          conn.api.prompt().then(
            () => {
              clearTimeout(probe);
              if (!done) arm();
            },
            () => undefined,
          );
        }, timeoutMs);
      };
      const settle = (): void => {
        done = true;
        if (timer !== undefined) clearTimeout(timer);
        inFlight.delete(rejecter);
      };
      const rejecter = (error: Error): void => {
        settle();
        reject(error);
      };
      inFlight.add(rejecter);
      arm();
      call(conn.api, arm).then(
        (value) => {
          settle();
          if (gen === generation) resolve(value);
          else reject(new KernelFailure('the simulator was restarted'));
        },
        (error: unknown) => {
          settle();
          const message = error instanceof Error ? error.message : String(error);
          reject(error instanceof Error ? error : new Error(message));
        },
      );
    });
  };

  const boot = (reason: 'start' | 'reset' | 'restart'): Promise<BootReport> => {
    setState('starting');
    const gen = generation;
    const bootOptions = options.on === undefined
      ? { scenario: options.scenario }
      : { scenario: options.scenario, on: options.on };
    // The recorded lines load while the worker boots; a reset starts over without them.
    const journal = reason === 'reset' ? undefined : options.journal?.();
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
      const replay = entries.length > 0 ? await watched((api) => api.replay(entries)) : undefined;
      const report = replay ? { ...booted, prompt: replay.prompt } : booted;
      if (reason === 'reset') count = 0;
      if (gen === generation) {
        setState('ready');
        emit(replay ? { type: 'booted', boot: report, reason, replay } : { type: 'booted', boot: report, reason });
      }
      return report;
    });
    result.catch((error: unknown) => {
      fail(gen, `The simulator could not start: ${error instanceof Error ? error.message : String(error)}`);
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
      if (gen === generation) for (const listener of jobListeners) listener(chunk);
    }).catch((error: unknown) => fail(gen, `The simulator failed to subscribe to job output: ${String(error)}`));
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
    exec(line, onOutput, origin) {
      return kernel.exclusive((execNow) => execNow(line, onOutput, origin));
    },
    exclusive(body) {
      const execNow = async (line: string, onOutput: (chunk: OutputChunk) => void, origin: Origin = 'cell'): Promise<ExecReport> => {
        running = true;
        try {
          const gen = generation;
          const report = await watched((api, poke) =>
            api.exec(line, (chunk) => {
              poke();
              onOutput(chunk);
            }),
          );
          if (report.entry && gen === generation) emit({ type: 'ran', entry: report.entry, origin });
          return report;
        } finally {
          running = false;
        }
      };
      const run = async () => {
        await kernel.start();
        return body(execNow);
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    interrupt() {
      if (running && connection !== undefined && state === 'ready') {
        connection.api.interrupt().catch((error: unknown) => {
          fail(generation, `The simulator failed to interrupt: ${String(error)}`);
        });
      }
    },
    async complete(line, cursor) {
      await kernel.start();
      return watched((api) => api.complete(line, cursor));
    },
    async prompt() {
      await kernel.start();
      return watched((api) => api.prompt());
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
    async reset() {
      await kernel.start();
      if (state === 'failed') return kernel.restart();
      // Wait for the running line to finish or be interrupted; a reset never cuts one in half.
      kernel.interrupt();
      const done = queue.then(() => boot('reset'));
      queue = done.catch(() => undefined);
      return done;
    },
    restart() {
      connection?.terminate();
      const error = new KernelFailure('the simulator was restarted');
      for (const reject of [...inFlight]) reject(error);
      inFlight.clear();
      running = false;
      queue = Promise.resolve();
      connect();
      booting = boot('restart');
      return booting;
    },
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
