/**
 * The virtual clock: the only source of time in the simulator. Time moves only when the
 * simulator advances it (a packet's flight, a timeout, `sleep`), so a run is reproducible.
 * `advanceTo` is the one place virtual time is written. Who calls it, and so when time
 * moves, is decided in one place above: fabric/time.ts (see fabric/README.md).
 */

/** Milliseconds since the simulated boot; plain data so a snapshot can copy it. */
export interface ClockState {
  /** Virtual milliseconds elapsed. */
  ms: number;
  /** Wall-clock epoch (ms) that virtual time 0 stands for, used for printed dates. */
  epochMs: number;
}

/** A clock starting at virtual 0, printing dates from `epochMs`. */
export const createClock = (epochMs = Date.UTC(2026, 10, 23, 16, 49, 0)): ClockState => ({ ms: 0, epochMs });

/** Moves virtual time forward to `t` (virtual ms); an instant already passed leaves it. */
export function advanceTo(clock: ClockState, t: number): void {
  if (t > clock.ms) clock.ms = t;
}

/** Moves virtual time forward by `ms` (never backwards). */
export function advance(clock: ClockState, ms: number): void {
  if (ms > 0) advanceTo(clock, clock.ms + ms);
}

/** The wall-clock Date that the current virtual time stands for. */
export const wallDate = (clock: ClockState): Date => new Date(clock.epochMs + clock.ms);
