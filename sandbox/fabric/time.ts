/**
 * How the world waits: the one primitive "run the world until this holds or that instant",
 * in two flavours.
 *
 * - `waitFor` (async) is how a process waits: a command blocked on its socket or capture.
 *   Events already due run now, in time order; otherwise the process sleeps through the
 *   scheduler (scheduler.ts, the world's one clock-keeper) towards the next packet event or
 *   its deadline, so other processes (a background tcpdump, another terminal's ping) run at
 *   their own instants in between, a pacing host turns virtual time into real time, and
 *   Ctrl-C ends the wait.
 * - `runUntil` (sync) is for code that cannot wait and owns the world while it runs:
 *   grading, which probes a copy of the world. It runs the events due by the deadline in time
 *   order, the clock following them, and stops as soon as the condition holds.
 *
 * Virtual time is written only by core/clock.ts `advanceTo`, called from here, from the
 * scheduler and from the event queue as it runs events (net/datapath/queue.ts `pump`, which
 * nothing else calls). Sockets are passive: the world drives them.
 */
import type { World } from './world.ts';
import { advanceTo } from '../core/index.ts';
import { nextEventTime } from '../net/datapath/queue.ts';
import { pump } from '../net/datapath/pump.ts';

/** What a waiting process can do: sleep (the host paces virtual time) and notice Ctrl-C. */
export interface Waiter {
  sleep(ms: number): Promise<void>;
  /** Sleeps like `sleep` but returns as soon as the network runs an event (the scheduler's watch). */
  watch?(ms: number): Promise<void>;
  interrupted(): boolean;
}

/**
 * Runs the world until `done()` holds, `deadline` (virtual ms) passes, or Ctrl-C, as a
 * blocked process: due events at once, then a sleep towards the next event or the deadline.
 */
export async function waitFor(world: World, io: Waiter, done: () => boolean, deadline: number): Promise<'done' | 'timeout' | 'interrupted'> {
  for (;;) {
    if (done()) return 'done';
    if (io.interrupted()) return 'interrupted';
    const now = world.clock.ms;
    if (now >= deadline) return 'timeout';
    const next = nextEventTime(world);
    if (next !== undefined && next <= now) {
      pump(world, now, done);
      continue;
    }
    const wake = Math.min(deadline, next ?? Infinity, now + 1000);
    if (io.watch) {
      // The scheduler moves the clock and wakes us at the next packet event, whoever caused it.
      await io.watch(wake - now);
      continue;
    }
    await io.sleep(wake - now);
    // A waiter without a scheduler: its sleep may not move the clock. One cut short by
    // Ctrl-C leaves the clock where it is (the next turn notices).
    if (!io.interrupted()) advanceTo(world.clock, wake);
  }
}

/**
 * Runs the world synchronously until `done()` holds or every event due by `deadline`
 * (virtual ms) has run; the clock stands at the last event run. Returns whether `done()` holds.
 */
export function runUntil(world: World, done: () => boolean, deadline: number): boolean {
  return pump(world, deadline, done);
}
