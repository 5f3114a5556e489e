/**
 * What commands that send packets need from the world: running the event queue while they
 * wait (in virtual time, sleeping through idle gaps so Ctrl-C and the host's pacing work),
 * capture taps on devices (tcpdump), hop taps (pwru), and the recent packet walks the
 * sandbox API's `traces()` returns. Everything happens on the shared queue: a background
 * `tcpdump ... &` sees the packets the foreground `curl` sends because both run the same
 * queue in the same virtual time.
 */
import type { World } from './world.ts';
import type { Netns } from '../net/types.ts';
import type { Hop, HopTap, Tap } from '../net/datapath/types.ts';
import { datapathOf } from '../net/datapath/state.ts';
import { nextEventTime, pump } from '../net/datapath/queue.ts';

/** What a waiting command can do: sleep (the host paces virtual time) and notice Ctrl-C. */
export interface Waiter {
  sleep(ms: number): Promise<void>;
  /** Sleeps like `sleep` but returns as soon as the network runs an event (the scheduler's watch). */
  watch?(ms: number): Promise<void>;
  interrupted(): boolean;
}

/**
 * Runs the world until `done()` holds, `deadline` (virtual ms) passes, or Ctrl-C.
 * Packets already due run now, in time order; otherwise the command sleeps towards the next
 * event or its deadline, as a blocked process would. The sleep goes through the shell's
 * scheduler (fabric/scheduler.ts), which runs the packets due as it moves the one clock, so
 * other processes (a background tcpdump) run at their own times in between.
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
    if (!io.interrupted() && world.clock.ms < wake) world.clock.ms = wake;
  }
}

/** Runs every event already due (at or before the current virtual time). */
export function settle(world: World): void {
  pump(world, world.clock.ms);
}

/** Starts capturing on device `ifindex` of `ns` (tcpdump opening its pcap handle). */
export function openTap(world: World, ns: Netns, ifindex: number): Tap {
  const dp = datapathOf(world);
  const tap: Tap = { id: dp.nextTap++, netns: ns.id, ifindex, records: [] };
  dp.taps.push(tap);
  return tap;
}

/** Stops a capture. */
export function closeTap(world: World, tap: Tap): void {
  const dp = datapathOf(world);
  dp.taps = dp.taps.filter((t) => t.id !== tap.id);
}

/** Starts receiving every hop of every packet (pwru attaching its probes). */
export function openHopTap(world: World): HopTap {
  const dp = datapathOf(world);
  const tap: HopTap = { id: dp.nextTap++, hops: [] };
  dp.hopTaps.push(tap);
  return tap;
}

/** Stops receiving hops. */
export function closeHopTap(world: World, tap: HopTap): void {
  const dp = datapathOf(world);
  dp.hopTaps = dp.hopTaps.filter((t) => t.id !== tap.id);
}

/** The packet walks of the most recent commands, oldest first (SandboxApi.traces). */
export function recentTraces(world: World): { command: string; hops: Hop[] }[] {
  return datapathOf(world).traces.map((t) => ({ command: t.command, hops: t.hops.map((h) => ({ ...h })) }));
}

export { startTrace } from '../net/datapath/state.ts';
