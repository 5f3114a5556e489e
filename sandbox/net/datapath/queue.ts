/**
 * The event queue: everything that happens later in virtual time (a frame reaching the far
 * end of a veth, a retransmission timer, an app's reply, an ARP retry) is an event ordered
 * by time, then by scheduling order. Scheduling is kept apart from running (pump.ts), which
 * calls into the datapath and the sockets: they schedule here without importing what runs them.
 */
import type { DpWorld as World } from './types.ts';
import type { NetEvent } from './types.ts';
import { datapathOf } from './state.ts';

/** Event without its tie-breaker; `schedule` numbers it. */
export type NewEvent = NetEvent extends infer E ? (E extends NetEvent ? Omit<E, 'seq'> : never) : never;

/** Queues `ev` (kept sorted by time, stable for equal times). */
export function schedule(world: World, ev: NewEvent): void {
  const dp = datapathOf(world);
  const full = { ...ev, seq: dp.seq++ } as NetEvent;
  const q = dp.queue;
  // Binary search for the first event later than this one: equal times keep FIFO order.
  let lo = 0;
  let hi = q.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (q[mid]!.t <= full.t) lo = mid + 1;
    else hi = mid;
  }
  q.splice(lo, 0, full);
}

/** Virtual ms of the next queued event, if any. */
export function nextEventTime(world: World): number | undefined {
  return datapathOf(world).queue[0]?.t;
}
