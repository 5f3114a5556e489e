/**
 * The world's one clock-keeper: a cooperative virtual-time scheduler. The sandbox makes one
 * per world and every shell session on it shares it, so all sessions live on one clock.
 * Every process a shell runs (each session's foreground command, each `cmd &` job) is a
 * task, owned by its session; a task waits only
 * through `sleep` (a timer) or `block` (another task's end). Virtual time moves to the
 * earliest timer only when every live task is waiting, so two sleeping processes share
 * one clock (`sleep 2 & sleep 3; wait` takes 3 s, not 5) and the order of everything is
 * exact and deterministic for a seed. Packets in flight (the datapath queue) run in time
 * order as the clock passes them.
 *
 * With a pacing host (`wait`, the browser terminal) each advance also takes that much real
 * time, and time keeps flowing while the prompt is idle so background jobs go on; without
 * one (tests, the CLI) time is instant and stands still between commands.
 *
 * Replaying a journal (api/journal.ts) needs three more things, all in virtual time:
 * `setInstant` (no pacing, no idle flow, even with a host), `idle` (let the idle time the
 * learner's prompt saw pass, jobs running as they did) and `alarm` (Ctrl-C at the recorded
 * instant). `caughtUp` lets a new command line start only after the time that really passed
 * at the idle prompt is on the clock, so the journal records the instant it truly started.
 */
import type { World } from './world.ts';
import { nextEventTime } from '../net/datapath/queue.ts';
import { pump } from '../net/datapath/pump.ts';
import { advanceTo as moveClock } from '../core/index.ts';

/** A process as the scheduler sees it. */
export interface Task {
  readonly id: number;
  /** The session that runs it (api session id; '' for a shell made without one). */
  readonly owner: string;
  /** True while the task waits in `sleep` or `block`. */
  blocked: boolean;
  /** Set by `interrupt` (Ctrl-C for the foreground, a signal for a job); sleeps return at once. */
  interrupted: boolean;
  ended: boolean;
}

interface Timer {
  t: number;
  /** Also wakes when the network runs an event (a packet arrives somewhere): see `watch`. */
  watch?: boolean;
  seq: number;
  task: Task;
  wake: () => void;
}

/** Options of a scheduler. */
export interface SchedulerOptions {
  /** Real-time pacing (ShellOptions.wait): resolves early when `cut()` holds; returns ms waited. */
  wait?: (ms: number, cut: () => boolean) => Promise<number>;
  /** Runs after each clock advance (the cluster's periodic agents). */
  onAdvance?: () => void;
  /**
   * Gives the host a turn (a macrotask in the worker, so Ctrl-C and other sessions' calls
   * get in). Instant time calls it every 64 advances so an endless `while :; do sleep 1; done`
   * stays interruptible. Default: `hostTurn` (a zero-delay timer).
   */
  pause?: () => Promise<void>;
}

export interface Scheduler {
  /** Starts a task (live until `end`) for session `owner`. */
  spawn(owner?: string): Task;
  end(task: Task): void;
  /** Lets `ms` of virtual time pass for `task`. */
  sleep(task: Task, ms: number): Promise<void>;
  /**
   * Like `sleep`, but also returns at the virtual instant the datapath runs any event (a
   * blocked process polling its socket or capture: time.ts waitFor).
   */
  watch(task: Task, ms: number): Promise<void>;
  /** Waits until `target` ends (the `wait` builtin); returns early when `task` is interrupted. */
  join(task: Task, target: Task): Promise<void>;
  /** Wakes `task` now (its sleeps return early) and marks it interrupted. */
  interrupt(task: Task): void;
  /**
   * Resolves once no task of session `owner` (of any session when omitted) can run without
   * time passing (every one waits or has ended). Another session busy in a CPU-bound loop
   * does not hold up this one's prompt.
   */
  settled(owner?: string): Promise<void>;
  /** Stops moving time for good (the session ended): pending sleeps never return. */
  close(): void;
  /**
   * Whether session `owner` runs a foreground command: without a pacing host time only moves
   * while some session does.
   */
  setForeground(owner: string, active: boolean): void;
  /**
   * Instant time even with a pacing host, and no idle flow at the prompt (replay): while on,
   * the scheduler behaves as without `wait`. Turning it off resumes pacing and idle flow.
   */
  setInstant(on: boolean): void;
  /**
   * Lets `ms` of virtual time pass at the idle prompt as a pacing host would (jobs run at
   * their instants), instantly. Only for an idle session (no foreground task).
   */
  idle(ms: number): Promise<void>;
  /**
   * Arms a deadline at virtual `t` (replay's Ctrl-C): everything due by `t` still runs; when
   * every task waits and the next instant to move to lies beyond `t` (or there is none), the
   * clock moves to `t` and `fire` runs, once. `undefined` disarms it.
   */
  alarm(t: number | undefined, fire?: () => void): void;
  /**
   * While a paced idle wait is under way (the prompt was idle with jobs running), a promise
   * that resolves once it has been cut short and the time that really passed is on the
   * clock; otherwise undefined (nothing to wait for).
   */
  caughtUp(): Promise<void> | undefined;
}

/**
 * A turn for the host: a macrotask, so queued messages and I/O callbacks (Node's SIGINT, a
 * worker's messages) run first. A zero-delay timer (setImmediate where there is no timer);
 * where there is neither (a bare JS engine) nothing can arrive, so no wait. A browser worker
 * passes its own (a MessageChannel turn: nested timers are clamped to 4 ms there).
 */
export function hostTurn(): Promise<void> {
  const g = globalThis as unknown as { setImmediate?: (cb: () => void) => unknown; setTimeout?: (cb: () => void, ms: number) => unknown };
  return new Promise<void>((resolve) => {
    if (g.setTimeout) g.setTimeout(resolve, 0);
    else if (g.setImmediate) g.setImmediate(resolve);
    else resolve();
  });
}

/** Real-time debt below this (ms) is carried over instead of paced, so a burst of packets is one step. */
const PACE_MIN_MS = 10;

export function createScheduler(world: World, options: SchedulerOptions = {}): Scheduler {
  const tasks = new Set<Task>();
  const joiners = new Map<Task, Timer[]>();
  const timers: Timer[] = [];
  let nextId = 1;
  let seq = 0;
  const foreground = new Set<string>();
  let driving = false;
  let gen = 0;
  let advances = 0;
  let debt = 0;
  let closed = false;
  let instant = false;
  let deadline: { t: number; fire: () => void } | undefined;
  let pacingWait = false;
  const caughtUpWaiters: (() => void)[] = [];
  const paced = () => options.wait !== undefined && !instant;

  const runnable = (owner?: string) => {
    for (const t of tasks) if (!t.blocked && (owner === undefined || t.owner === owner)) return true;
    return false;
  };

  function addTimer(timer: Timer): void {
    let i = timers.length;
    while (i > 0 && (timers[i - 1]!.t > timer.t || (timers[i - 1]!.t === timer.t && timers[i - 1]!.seq > timer.seq))) i--;
    timers.splice(i, 0, timer);
  }

  /** Moves the clock to `t`, running packets due on the way, and wakes timers due by then. */
  function advanceTo(t: number): void {
    let ran = false;
    pump(world, t, () => {
      ran = true;
      return false;
    });
    moveClock(world.clock, t);
    options.onAdvance?.();
    for (let i = 0; i < timers.length; ) {
      const timer = timers[i]!;
      if (timer.t <= world.clock.ms || (ran && timer.watch)) {
        timers.splice(i, 1);
        timer.wake();
      } else i++;
    }
  }

  /** The next instant to move to: the earliest timer, or a packet event before it if someone watches. */
  function nextTarget(): number {
    const t = timers[0]!.t;
    if (!timers.some((x) => x.watch)) return t;
    const e = nextEventTime(world);
    return e !== undefined && e < t ? Math.max(e, world.clock.ms) : t;
  }

  async function drive(): Promise<void> {
    if (driving) return;
    driving = true;
    try {
      while (!closed && tasks.size > 0 && !runnable() && (timers.length > 0 || deadline) && (foreground.size > 0 || paced())) {
        const target = timers.length > 0 ? nextTarget() : Infinity;
        if (deadline && target > deadline.t) {
          // Replay's Ctrl-C: nothing else is due by the recorded instant, so it lands now.
          const { t, fire } = deadline;
          deadline = undefined;
          if (t > world.clock.ms) advanceTo(t);
          fire();
          continue;
        }
        const gap = target - world.clock.ms;
        if (paced() && gap > 0 && debt + gap >= PACE_MIN_MS) {
          const start = gen;
          pacingWait = true;
          let waited: number;
          try {
            waited = await options.wait!(debt + gap, () => gen !== start);
          } finally {
            pacingWait = false;
          }
          debt = 0;
          if (closed) break;
          if (gen !== start && waited < gap) {
            // Cut short (Ctrl-C, a new command line): only the time that really passed.
            advanceTo(world.clock.ms + Math.max(0, waited));
            for (const w of caughtUpWaiters.splice(0)) w();
            continue;
          }
          for (const w of caughtUpWaiters.splice(0)) w();
        } else if (paced()) {
          debt += Math.max(0, gap);
        } else if (++advances % 64 === 0) {
          // Instant time: yield to the host now and then so an endless loop stays interruptible.
          await (options.pause ?? hostTurn)();
          if (runnable() || timers.length === 0 || nextTarget() !== target) continue;
        }
        advanceTo(target);
      }
    } finally {
      driving = false;
      // Whatever ended the loop, nobody waits for a paced wait that no longer runs.
      for (const w of caughtUpWaiters.splice(0)) w();
    }
  }

  function sleepFor(task: Task, ms: number, watch: boolean): Promise<void> {
    if (task.interrupted || !(ms > 0) || task.ended) return Promise.resolve();
    return new Promise<void>((resolve) => {
      task.blocked = true;
      addTimer({
        t: world.clock.ms + ms,
        seq: seq++,
        task,
        watch,
        wake: () => {
          task.blocked = false;
          resolve();
        },
      });
      kick();
    });
  }

  const settlers: { owner: string | undefined; resolve: () => void }[] = [];
  const kick = () => {
    for (let i = 0; i < settlers.length; ) {
      const s = settlers[i]!;
      if (runnable(s.owner)) i++;
      else {
        settlers.splice(i, 1);
        s.resolve();
      }
    }
    void drive();
  };

  const settled = (owner?: string): Promise<void> =>
    new Promise<void>((resolve) => {
      settlers.push({ owner, resolve });
      kick();
    });

  return {
    spawn(owner = '') {
      const task: Task = { id: nextId++, owner, blocked: false, interrupted: false, ended: false };
      tasks.add(task);
      gen++;
      return task;
    },
    end(task) {
      task.ended = true;
      tasks.delete(task);
      // Waiters become runnable now, before the clock can move again.
      for (const j of joiners.get(task) ?? []) j.wake();
      joiners.delete(task);
      for (let i = timers.length - 1; i >= 0; i--) if (timers[i]!.task === task) timers.splice(i, 1);
      kick();
    },
    sleep: (task, ms) => sleepFor(task, ms, false),
    watch: (task, ms) => sleepFor(task, ms, true),
    join(task, target) {
      if (target.ended || task.interrupted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        task.blocked = true;
        const list = joiners.get(target) ?? [];
        list.push({ t: Infinity, seq: seq++, task, wake: () => { task.blocked = false; resolve(); } });
        joiners.set(target, list);
        kick();
      });
    },
    interrupt(task) {
      task.interrupted = true;
      gen++;
      for (let i = timers.length - 1; i >= 0; i--) {
        const timer = timers[i]!;
        if (timer.task === task) {
          timers.splice(i, 1);
          timer.wake();
        }
      }
      for (const [target, list] of joiners) {
        const mine = list.filter((j) => j.task === task);
        if (mine.length === 0) continue;
        joiners.set(target, list.filter((j) => j.task !== task));
        for (const j of mine) j.wake();
      }
    },
    settled,
    close() {
      closed = true;
      gen++;
    },
    setForeground(owner, active) {
      if (active) foreground.add(owner);
      else foreground.delete(owner);
      gen++;
      kick();
    },
    setInstant(on) {
      instant = on;
      debt = 0;
      gen++;
      kick();
    },
    async idle(ms) {
      const until = world.clock.ms + Math.max(0, ms);
      // Each round: let every job run until it waits, then move to the next instant due.
      for (;;) {
        await settled();
        if (closed) return;
        const next = timers.length > 0 ? nextTarget() : Infinity;
        if (next > until) break;
        advanceTo(next);
      }
      if (world.clock.ms < until) advanceTo(until);
    },
    alarm(t, fire) {
      deadline = t === undefined || !fire ? undefined : { t, fire };
      kick();
    },
    caughtUp() {
      if (!pacingWait) return undefined;
      return new Promise<void>((resolve) => caughtUpWaiters.push(resolve));
    },
  };
}
