/**
 * The write-ahead log of a lesson's progress: the latest record and the commits it still owes,
 * in localStorage, written synchronously on every change. Git in IndexedDB takes tens of
 * milliseconds per commit and a reload cancels what is in flight; localStorage is written
 * before the call returns, so a pass shown as done survives a reload at any instant. Once the
 * repository holds a state, the log entries up to it are dropped; on load, what is left is
 * committed (lesson.ts).
 */
import { z } from 'zod/mini';
import { fromFiles, toFiles, type LessonRecord } from './record.ts';

/** A commit still owed: its message, or a reset to the lesson's start. */
export type OwedCommit = { seq: number; message: string } | { seq: number; reset: true };

export interface WalState {
  /** Counts changes; an entry is dropped once a write of a state at least as new completes. */
  seq: number;
  /** The record's files (record.ts), so the log parses as strictly as the repository. */
  files: Record<string, string>;
  owed: OwedCommit[];
}

const WalSchema = z.strictObject({
  seq: z.int(),
  files: z.record(z.string(), z.string()),
  owed: z.array(z.union([
    z.strictObject({ seq: z.int(), message: z.string() }),
    z.strictObject({ seq: z.int(), reset: z.literal(true) }),
  ])),
});

export interface Wal {
  /** The logged state, if a change was not yet written to the repository. Throws on a damaged log. */
  read(): { record: LessonRecord; owed: OwedCommit[]; seq: number } | undefined;
  /** Logs the record after a change (and the commit it owes, if any); returns the change's number. */
  append(record: LessonRecord, owe?: { message: string } | { reset: true }): number;
  /** The repository now holds the state of change `seq`: owed commits up to it are paid. */
  written(seq: number): void;
}

export function openWal(key: string, storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): Wal {
  let state: WalState = { seq: 0, files: {}, owed: [] };
  let latest = 0;
  const load = (): WalState | undefined => {
    const text = storage.getItem(key);
    if (text === null) return undefined;
    const parsed = WalSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error('the log of unsaved changes is damaged');
    return parsed.data as WalState;
  };
  const save = (): void => {
    try {
      if (state.owed.length === 0 && state.seq <= latest) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(state));
    } catch (error) {
      // Full or blocked: the repository still gets every change, only a reload mid-write can lose it.
      console.warn('packetwalk: the log of unsaved progress could not be written', error);
    }
  };
  return {
    read() {
      const found = load();
      if (found === undefined) return undefined;
      state = found;
      latest = found.seq - 1;
      return { record: fromFiles(new Map(Object.entries(found.files))), owed: found.owed, seq: found.seq };
    },
    append(record, owe) {
      const seq = state.seq + 1;
      state = {
        seq,
        files: Object.fromEntries(toFiles(record)),
        owed: owe === undefined ? state.owed : [...state.owed, { seq, ...owe }],
      };
      save();
      return seq;
    },
    written(seq) {
      latest = Math.max(latest, seq);
      state = { ...state, owed: state.owed.filter((commit) => commit.seq > seq) };
      save();
    },
  };
}
