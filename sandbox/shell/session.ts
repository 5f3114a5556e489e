/**
 * The interactive shell session: a stack of shells (frames). The bottom one is root's login
 * bash on the start machine; `ssh HOST` and `kubectl exec -it POD -- sh` push one (via
 * ctx.enter), `exit` pops it. At the bottom, `exit` prints `logout` like a login shell and
 * leaves the session where it is (there is no terminal to close; a fresh shell would lose
 * nothing the learner wants). Leaving an ssh shell prints ssh's `Connection to HOST closed.`;
 * leaving a pod shell with a non-zero status prints kubectl's `command terminated with exit
 * code N`.
 */
import type { World } from '../fabric/world.ts';
import { randomInt } from '../core/index.ts';
import { createScheduler, hostTurn, type Scheduler, type Task } from '../fabric/scheduler.ts';
import { createJobs, type PidCounter } from './jobs.ts';
import { periodicSync } from '../cluster/periodic.ts';
import type { CommandSpec, Output, Place } from './types.ts';
import { commands as registry } from './commands/index.ts';
import { builtins as builtinList } from './builtins/index.ts';
import type { Builtin, Flavour, Frame } from './frame.ts';
import { cpuBudget, runSource, XCPU_STATUS, type Runtime } from './interpreter.ts';
import { loginFrame, promptOf } from './login.ts';
import { complete, type CompletionResult } from './completion.ts';
import { splitCommands } from './script.ts';

/** A piece of output (same shape as the API's OutputChunk). */
export interface ShellChunk {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Options of a session. */
export interface ShellOptions {
  /**
   * Paces `sleep`, `ping -i` and timeouts in real time (the terminal); resolves early when
   * `interrupted()` turns true and returns how many ms really passed. Tests leave it out:
   * virtual time then passes instantly.
   */
  wait?: (ms: number, interrupted: () => boolean) => Promise<number>;
  /** Resumes a session saved with `Shell.save()` (the world must be the snapshot's copy). */
  restore?: ShellState;
  /** Replaces the command registry (tests). */
  commands?: CommandSpec[];
  /** Login user of the first shell (default root). */
  user?: string;
  /**
   * The world's clock-keeper, shared by every session on the world (`createWorldScheduler`):
   * several sessions then live on one clock. Without it the session makes its own (and
   * closes it on `dispose`).
   */
  scheduler?: Scheduler;
  /** The session's id, owner of its tasks on the shared scheduler (default ''). */
  session?: string;
  /** The pid space shared with the world's other sessions (default: its own). */
  pids?: PidCounter;
  /**
   * Gives the host a turn (a macrotask in the worker): called every few hundred steps of a
   * command line that never waits, so Ctrl-C lands. Default: a zero-delay timer.
   */
  pause?: () => Promise<void>;
}

/**
 * The world's one clock-keeper as sessions use it: a scheduler whose every advance lets the
 * cluster's periodic agents resync (kube-proxy's --iptables-sync-period, cluster/periodic.ts).
 */
export function createWorldScheduler(world: World, options: Pick<ShellOptions, 'wait' | 'pause'> = {}): Scheduler {
  return createScheduler(world, { ...(options.wait ? { wait: options.wait } : {}), ...(options.pause ? { pause: options.pause } : {}), onAdvance: () => periodicSync(world) });
}

/** What a session is busy with (see Shell.busy). */
export interface ShellBusy {
  /** The command line running. */
  line: string;
  /** Virtual ms it has run so far. */
  ms: number;
  /** Steps of its CPU budget used so far (grows while it computes without waiting). */
  steps: number;
}

/** Options of one `exec`/`run` (replaying a journal, api/journal.ts). */
export interface ExecOptions {
  /**
   * Ctrl-C lands at this virtual instant (ms): what is due by then still runs, then the
   * command is interrupted (scheduler `alarm`). For a multi-command text it is armed for
   * every command of it, since the journal keeps only where the whole text ended.
   */
  interruptAt?: number;
}

/** How a command line ran: `$?`, and its place in virtual time (for the journal). */
export interface ExecResult {
  status: number;
  /** Virtual ms when it started (after the idle time that really passed was put on the clock). */
  at: number;
  /** Virtual ms it ran (until its last command returned; jobs it started may run on). */
  ms: number;
  /** Ctrl-C was pressed while it ran. */
  interrupted: boolean;
}

/** The interactive shell, as the sandbox API and the CLI drive it. */
export interface Shell {
  /** Runs one command line (or several lines); streams output; resolves with `$?`. */
  exec(line: string, out: (chunk: ShellChunk) => void, options?: ExecOptions): Promise<ExecResult>;
  /** Runs a script as typed line by line (multi-line paste, the CLI's stdin). */
  run(script: string, out: (chunk: ShellChunk) => void, options?: ExecOptions): Promise<ExecResult>;
  /**
   * Replay mode (api/journal.ts): on, time is instant even with a pacing host and does not
   * flow at the prompt, and background jobs' output is discarded; off, the session goes on
   * as before (paced, jobs running at the prompt).
   */
  replaying(on: boolean): void;
  /** Lets `ms` of idle virtual time pass, jobs running as at a paced prompt (replay mode only). */
  idle(ms: number): Promise<void>;
  /** Ctrl-C: the running command stops at its next poll. */
  interrupt(): void;
  /** The line running now and how far it got (undefined at the prompt). */
  busy(): ShellBusy | undefined;
  /**
   * Subscribes to output of background jobs that arrives while no command line runs (a
   * paced host keeps time flowing at the prompt). Without a subscriber it is printed at the
   * start of the next `exec`. Returns the unsubscribe function.
   */
  onOutput(listener: (chunk: ShellChunk) => void): () => void;
  /**
   * Ends the session: the running line is interrupted, background jobs are terminated; a
   * scheduler the session made itself stops.
   */
  dispose(): void;
  /** Tab completion: replace [from, cursor) with a candidate. */
  complete(line: string, cursor: number): CompletionResult;
  /** The prompt to show (`root@node-1:~# `, `/ # `). */
  prompt(): string;
  /** Where the interactive shell stands. */
  place(): Place;
  /** How many shells deep the session is (1 at the bottom). */
  depth(): number;
  /** Lines run so far (history). */
  history(): string[];
  /** The session's shells and history as plain data, for a snapshot (see ShellOptions.restore). */
  save(): ShellState;
}

/** A saved session: each shell of the stack by machine and namespace id, plus history. */
export interface ShellState {
  frames: (Omit<Frame, 'place' | 'vars' | 'exported'> & { machine: string; netns: number; vars: [string, string][]; exported: string[] })[];
  history: string[];
}

function saveFrame(f: Frame): ShellState['frames'][number] {
  const { place, vars, exported, ...rest } = f;
  return { ...rest, machine: place.machine.name, netns: place.netns.id, vars: [...vars], exported: [...exported] };
}

function loadFrame(world: World, s: ShellState['frames'][number]): Frame | undefined {
  const machine = world.machines.get(s.machine);
  const netns = world.netns.get(s.netns);
  if (!machine || !netns) return undefined;
  const { machine: _m, netns: _n, vars, exported, ...rest } = s;
  return { ...rest, place: { machine, netns }, vars: new Map(vars), exported: new Set(exported) };
}

/** Resolves a machine name to a place (its own namespace). */
export function placeOf(world: World, machineName: string): Place | undefined {
  const machine = world.machines.get(machineName) ?? [...world.machines.values()].find((m) => m.hostname === machineName);
  const netns = machine ? world.netns.get(machine.netns) : undefined;
  return machine && netns ? { machine, netns } : undefined;
}

/**
 * Starts a session on `start` (a place or a machine name). A name that is no machine is a
 * caller bug (it throws): check it with `placeOf` first and report it in the caller's words.
 */
export function createShell(world: World, start: Place | string, options: ShellOptions = {}): Shell {
  const first = typeof start === 'string' ? placeOf(world, start) : start;
  if (!first) throw new Error(`createShell: no machine ${String(start)} in the world`);
  const stack: Frame[] = [loginFrame(first, first.machine.kind === 'pod' ? 'ash' : 'bash', options.user ?? 'root', true)];
  const lines: string[] = [];
  if (options.restore) {
    // Shells whose machine or namespace no longer exists are dropped (the bottom one stays).
    const restored = options.restore.frames.map((fr) => loadFrame(world, fr)).filter((fr): fr is Frame => fr !== undefined);
    if (restored.length > 0) stack.splice(0, stack.length, ...restored);
    lines.push(...options.restore.history);
  }
  let interrupted = false;
  // Ctrl-C reached the running line (the journal records it, replay repeats it).
  let sawInterrupt = false;
  let muted = false;
  let pending: Frame[] = [];
  // One clock for every process of every session on the world (fabric/scheduler.ts).
  const ownScheduler = options.scheduler === undefined;
  const scheduler = options.scheduler ?? createWorldScheduler(world, options);
  const owner = options.session ?? '';
  const pause = options.pause ?? hostTurn;
  let execs = 0;
  const jobs = createJobs(scheduler, options.pids ?? { last: randomInt(world.rng, 2000, 30000) }, () => execs, owner);
  let fg: Task | undefined;
  let running: { line: string; at: number } | undefined;
  let current: ((chunk: ShellChunk) => void) | undefined;
  const listeners = new Set<(chunk: ShellChunk) => void>();
  const held: ShellChunk[] = [];
  const jobOut = (stream: ShellChunk['stream']) => ({
    isatty: true as const,
    write(text: string) {
      if (text === '' || muted) return;
      const chunk = { stream, text };
      if (current) current(chunk);
      else if (listeners.size > 0) for (const l of listeners) l(chunk);
      else held.push(chunk);
    },
  });
  const commands = new Map<string, CommandSpec>((options.commands ?? registry).map((c) => [c.name, c]));
  const builtins = new Map<string, Builtin>(builtinList.map((b) => [b.name, b]));
  const top = () => stack[stack.length - 1] as Frame;

  const rt: Runtime = {
    world,
    commands,
    builtins,
    cpu: cpuBudget(),
    pause,
    interrupted: () => interrupted || fg?.interrupted === true || rt.cpu.exceeded,
    sleep: (ms) => (fg ? scheduler.sleep(fg, ms) : Promise.resolve()),
    watch: (ms) => (fg ? scheduler.watch(fg, ms) : Promise.resolve()),
    jobs,
    get task() {
      return fg;
    },
    jobOut,
    enter(place, user, shell) {
      const pod = place.machine.kind === 'pod';
      // A node's /bin/sh is dash; a pod's sh is its image's (busybox ash here).
      const flavour: Flavour = shell === 'bash' || (shell === undefined && !pod) ? 'bash' : pod ? 'ash' : 'dash';
      const frame = loginFrame(place, flavour, user ?? 'root', true);
      // Only ssh's login shell (no program named) says `logout`; `kubectl exec -it POD -- bash` does not.
      if (shell !== undefined || pod) frame.login = false;
      pending.push(frame);
    },
    enterFrame(frame) {
      pending.push(frame);
    },
    history: () => [...lines],
  };

  // The terminal itself: `isatty` lets ls choose columns, as isatty(1) does for the real one.
  const writer = (stream: ShellChunk['stream'], out: (c: ShellChunk) => void): Output & { isatty: true } => ({
    isatty: true,
    write(text: string) {
      if (text !== '') out({ stream, text });
    },
  });

  async function exec(line: string, out: (chunk: ShellChunk) => void, options: ExecOptions = {}): Promise<ExecResult> {
    interrupted = false;
    sawInterrupt = false;
    pending = [];
    execs++;
    for (const chunk of held.splice(0)) out(chunk);
    const f = top();
    if (line.trim() !== '') lines.push(line.replace(/\n$/, ''));
    const stdout = writer('stdout', out);
    const stderr = writer('stderr', out);
    current = out;
    const task = scheduler.spawn(owner);
    fg = task;
    rt.cpu = cpuBudget();
    scheduler.setForeground(owner, true);
    // The prompt was idle with jobs running in paced time: the line starts once the time that
    // really passed meanwhile is on the clock, so `at` is the instant it truly started.
    const lag = scheduler.caughtUp();
    if (lag) await lag;
    const at = world.clock.ms;
    running = { line, at };
    if (options.interruptAt !== undefined) {
      scheduler.alarm(options.interruptAt, () => {
        sawInterrupt = true;
        interrupted = true;
        scheduler.interrupt(task);
      });
    }
    let status: number;
    try {
      status = await runSource(line, f, { stdin: '', cursor: { pos: 0 }, stdout, stderr }, rt);
    } finally {
      if (options.interruptAt !== undefined) scheduler.alarm(undefined);
      scheduler.setForeground(owner, false);
      scheduler.end(task);
      fg = undefined;
      running = undefined;
    }
    if (rt.cpu.exceeded) {
      // What bash prints for a foreground job killed by SIGXCPU (strsignal), and its status.
      stderr.write('CPU time limit exceeded\n');
      status = XCPU_STATUS;
      f.aborting = undefined;
    }
    const ms = world.clock.ms - at;
    const wasInterrupted = sawInterrupt;
    // Jobs started by this line run up to their first wait before the prompt returns (their
    // early output and errors belong right after `[1] PID`, as a real terminal shows them).
    await scheduler.settled(owner);
    current = undefined;
    // Jobs that ended meanwhile are reported before the next prompt (bash's notify_and_cleanup).
    if (f.interactive) stderr.write(jobs.notices());
    f.status = status;
    if (f.exiting !== undefined) {
      f.exiting = undefined;
      f.loopJump = undefined;
      if (stack.length > 1) {
        stack.pop();
        const below = top();
        if (f.login && below.place.machine !== f.place.machine) stderr.write(`Connection to ${f.place.machine.hostname} closed.\n`);
        else if (f.place.machine.kind === 'pod' && below.place.machine.kind !== 'pod' && status !== 0) {
          stderr.write(`command terminated with exit code ${status}\n`);
        }
        below.status = status;
        pending = [];
      }
    }
    f.loopJump = undefined;
    stack.push(...pending);
    pending = [];
    return { status, at, ms, interrupted: wasInterrupted };
  }

  return {
    exec,
    async run(script, out, options) {
      const at = world.clock.ms;
      let result: ExecResult = { status: 0, at, ms: 0, interrupted: false };
      let seen = false;
      for (const chunk of splitCommands(script)) {
        const r = await exec(chunk, out, options);
        // One text, one record: where its first command started, where its last ended.
        result = seen ? { status: r.status, at: result.at, ms: r.at + r.ms - result.at, interrupted: result.interrupted || r.interrupted } : r;
        seen = true;
      }
      return result;
    },
    replaying(on) {
      muted = on;
      scheduler.setInstant(on);
    },
    idle: (ms) => scheduler.idle(ms),
    interrupt() {
      interrupted = true;
      if (fg) {
        sawInterrupt = true;
        scheduler.interrupt(fg);
      }
    },
    busy: () => (running ? { line: running.line, ms: world.clock.ms - running.at, steps: rt.cpu.used } : undefined),
    onOutput(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      if (fg) {
        interrupted = true;
        scheduler.interrupt(fg);
      }
      jobs.terminateAll();
      if (ownScheduler) scheduler.close();
    },
    complete: (line, cursor) => complete(line, cursor, { world, frame: top(), commands, builtins }),
    prompt: () => promptOf(top()),
    place: () => top().place,
    depth: () => stack.length,
    history: () => [...lines],
    save: () => ({ frames: stack.map(saveFrame), history: [...lines] }),
  };
}
