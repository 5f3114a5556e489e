/**
 * Replaying a journal (types.ts `SandboxApi.replay`): the records of completed command lines,
 * run again right after boot from the same scenario and seed, each in its session, in
 * recorded order. Time is instant even with a pacing host and output is discarded; before a
 * line the idle time the learner's prompt saw passes (jobs run as they ran), and an
 * interrupted line gets its Ctrl-C at the same virtual instant.
 *
 * Replay has a budget of its own: a journal that cannot be replayed in time (a saved line
 * that computes for seconds, an imported file made to hang) is cut short at a line boundary
 * with a report that says so, instead of wedging the page; the caller hears progress after
 * every line.
 *
 * Imports the api's types only; the sandbox (sandbox.ts) supplies the sessions.
 */
import type { JournalEntry, ReplayCut, ReplayProgress } from './types.ts';

/**
 * Longest idle gap (virtual ms) replay lets pass before a line: a tab left open for hours
 * with `ping ... &` running would otherwise make a reload replay hours of packets. A longer
 * recorded gap is replayed as this much; the lines after it then run that much earlier than
 * they did (jobs at the idle prompt are the only thing that notices).
 */
export const IDLE_CAP_MS = 10 * 60 * 1000;

/** Host milliseconds a replay may take by default before it is cut short. */
export const REPLAY_BUDGET_MS = 10_000;

/** Validates entries (from JSON the page stored or a learner imported) before anything runs. */
export function checkEntries(entries: unknown): JournalEntry[] {
  if (!Array.isArray(entries)) throw new TypeError('replay: entries must be an array');
  entries.forEach((e: unknown, i) => {
    const x = e as Partial<JournalEntry> | null;
    const bad = (what: string): never => {
      throw new TypeError(`replay: entry ${i}: ${what}`);
    };
    if (typeof x !== 'object' || x === null) bad('not an object');
    else {
      if (typeof x.line !== 'string') bad('line must be a string');
      for (const k of ['at', 'ms', 'status'] as const) if (typeof x[k] !== 'number' || !Number.isFinite(x[k])) bad(`${k} must be a finite number`);
      if (x.interrupted !== undefined && typeof x.interrupted !== 'boolean') bad('interrupted must be a boolean');
      if (x.session !== undefined && (typeof x.session !== 'string' || !/^[1-9][0-9]{0,5}$/.test(x.session))) bad('session must be a session id ("2", "3" ...)');
      if (x.on !== undefined && (typeof x.on !== 'string' || x.on === '')) bad('on must be a machine name');
    }
  });
  return entries as JournalEntry[];
}

/** Entries whose status differed on replay. */
export type Divergence = { index: number; line: string; expected: number; got: number };

/** What replay needs from the sandbox. */
export interface ReplayTarget {
  /** The virtual clock now (ms). */
  now(): number;
  /** Runs one entry's line in its session (opened on first use), output discarded. */
  run(entry: JournalEntry, interruptAt: number | undefined): Promise<{ status: number }>;
  /** Lets `ms` of idle virtual time pass, jobs running. */
  idle(ms: number): Promise<void>;
  /** The host's clock (ms) for the budget; absent: no time budget. */
  hostNow?: () => number;
  /** The caller asked to stop (Ctrl-C or Stop during replay). */
  stopped(): boolean;
}

/** How a replay ended. */
export interface ReplayOutcome {
  replayed: number;
  diverged: Divergence[];
  /** Status of the last line of each session that ran one. */
  status: Map<string, number>;
  cut?: ReplayCut;
}

/**
 * Replays `entries` on `target` within `budgetMs` of the host's time, calling `progress`
 * before each line (a stop asked for there lands before that line) and once at the end.
 */
export async function replayEntries(
  target: ReplayTarget, entries: JournalEntry[], budgetMs: number, progress?: (p: ReplayProgress) => void,
): Promise<ReplayOutcome> {
  const diverged: Divergence[] = [];
  const status = new Map<string, number>();
  const began = target.hostNow?.();
  const total = entries.length;
  let prevEnd = target.now();
  for (const [index, e] of entries.entries()) {
    progress?.({ done: index, total, line: e.line });
    const spent = began === undefined ? 0 : target.hostNow!() - began;
    const why = target.stopped() ? 'it was stopped' : spent > budgetMs ? `it took longer than ${Math.round(budgetMs / 1000)} s` : undefined;
    if (why !== undefined) {
      const cut = { index, line: e.line, message: `cannot replay: ${why}; ${index} of ${total} lines replayed, stopped before \`${firstLine(e.line)}\`` };
      progress?.({ done: index, total });
      return { replayed: index, diverged, status, cut };
    }
    const gap = Math.min(e.at - prevEnd, IDLE_CAP_MS);
    if (gap > 0) await target.idle(gap);
    prevEnd = e.at + Math.max(0, e.ms);
    const start = target.now();
    const r = await target.run(e, e.interrupted ? start + Math.max(0, e.ms) : undefined);
    if (r.status !== e.status) diverged.push({ index, line: e.line, expected: e.status, got: r.status });
    status.set(e.session ?? '1', r.status);
  }
  progress?.({ done: total, total });
  return { replayed: total, diverged, status };
}

function firstLine(line: string): string {
  const l = line.split('\n')[0] ?? '';
  return l.length > 60 ? `${l.slice(0, 57)}...` : l;
}
