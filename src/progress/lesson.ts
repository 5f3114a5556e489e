/**
 * A lesson page's progress: keeps the lesson's record (record.ts) in step with what the
 * learner does and saves it in the progress repository (store.ts).
 *
 * - Every command line the kernel completes is appended to the journal; a line that changed
 *   the cluster, and a passed exercise, make a commit. Cell runs and other lines are saved
 *   to the work tree shortly after (uncommitted, like edits not yet committed).
 * - On load the saved record is shown (cells' outputs, passed exercises) and handed to the
 *   kernel, which replays the journal on top of the scenario.
 * - When saving is impossible (no IndexedDB, storage full, a corrupted store, the lesson open
 *   in another tab) the lesson still runs and the banner says why progress is not saved.
 */
import './buffer-global.ts';
import type { JournalEntry } from '../../sandbox/api/types.ts';
import type { KernelEvent } from '../kernel/kernel.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { hasSavedProgress, markerKey } from './marker.ts';
import { emptyRecord, toFiles, type LessonRecord } from './record.ts';
import { openWal } from './wal.ts';
import { payOwed } from './recover.ts';
import type { HistoryItem } from './repo.ts';
import { openStore, StorageUnavailable, storageReason, type ProgressStore } from './store.ts';

/** What progress tells the page (the composition root renders it). */
export type ProgressEvent =
  /** Saving's state: `off` when progress is not being saved (see `notSaved`). */
  | { type: 'saving'; state: 'saving' | 'saved' | 'off' }
  /** Progress stopped being saved, with the reason; `reason: undefined` when it saves again. */
  | { type: 'not-saved'; reason: string | undefined };

export interface LessonProgress {
  /** The recorded lines to replay (the kernel asks on start and restart). */
  journal(): JournalEntry[];
  /** The lesson's saved state as loaded (cells, manifests, passed exercises) for the page to show. */
  saved(): Readonly<LessonRecord>;
  /** What the kernel reports, in order: a completed line, a reset (the composition root forwards them). */
  hear(event: KernelEvent): void;
  /** The lines typed in a terminal, oldest first (session "1" when none is given: the first terminal). */
  terminalHistory(session?: string): string[];
  /** An apply cell's text is about to be applied (saved with the change it makes). */
  cellText(key: string, text: string): void;
  /** A cell ran: its count, status and output. */
  cellRan(key: string, count: number, status: number, output: string): void;
  /** An exercise passed: recorded at once in a write-ahead log that survives a reload, then committed. */
  exercisePassed(id: string, title: string): void;
  history(): Promise<HistoryItem[]>;
  /** Brings back the lesson as it was at commit `oid` (a new commit); the page reloads after. */
  restore(oid: string, label: string): Promise<void>;
  /**
   * The saved lines could not be replayed: the cluster starts from the scenario. The lines stay
   * in the history (a commit records the attempt); passed exercises are kept.
   */
  startFromScenario(why: string): void;
  exportFile(): Promise<{ name: string; text: string }>;
  /** Replaces all progress with an export file's; resolves with what to tell the learner. Throws ImportError. */
  importFile(text: string): Promise<string>;
  /** Why progress is not being saved, or undefined while it is. */
  readonly notSaved: string | undefined;
  subscribe(listener: (event: ProgressEvent) => void): () => void;
}

/** Cell outputs are kept up to this size (a runaway `ping` is not worth megabytes). */
const MAX_OUTPUT = 64 * 1024;
/** Saves that are not commits wait this long for more changes. */
const SAVE_DELAY_MS = 400;

/** A commit message's subject for a line: its first line, shortened. */
function subject(line: string): string {
  const first = line.split('\n')[0]!.trim();
  return `Run: ${first.length > 72 ? `${first.slice(0, 71)}…` : first}`;
}

/** What progress needs from the page: whose lesson it is, and the kernel it hears and restarts. */
export interface ProgressContext {
  workbook: string;
  slug: string;
  kernel: Pick<Kernel, 'homeFiles' | 'restart' | 'state'>;
}

export async function startLessonProgress({ workbook, slug, kernel }: ProgressContext): Promise<LessonProgress> {
  const listeners = new Set<(event: ProgressEvent) => void>();
  const emit = (event: ProgressEvent): void => {
    for (const listener of listeners) listener(event);
  };

  let store: ProgressStore | undefined;
  let queue: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let record: LessonRecord = emptyRecord();
  let notSaved: string | undefined;
  /** The stored record could not be read: a reset (which rewrites it) may save again. */
  let corrupt = false;
  const wal = openWal(`packetwalk:wal:${workbook}:${import.meta.env.BASE_URL}:${slug}`, localStorage);

  let writing = 0;
  const showState = (): void => {
    emit({ type: 'saving', state: notSaved !== undefined ? 'off' : writing > 0 || timer !== undefined ? 'saving' : 'saved' });
  };
  const stop = (reason: string): void => {
    notSaved = reason;
    showState();
    emit({ type: 'not-saved', reason });
  };
  /** Notes that `lesson` has saved progress (client.ts reads it to load progress early). */
  const mark = (lesson = slug): void => {
    try {
      localStorage.setItem(markerKey(workbook, lesson), '1');
    } catch (error) {
      console.warn('packetwalk: progress marker not written', error);
    }
  };

  /** Changes not yet in the repository wait here, in the write-ahead log, from the moment they happen. */
  const logAhead = (owe?: { message: string } | { reset: true }): number => {
    if (notSaved !== undefined || store === undefined) return 0;
    mark();
    return wal.append(record, owe);
  };

  try {
    store = await openStore(workbook, import.meta.env.BASE_URL);
    if (!(await store.claimLesson(slug))) {
      stop('this lesson is open in another tab; what you do here is not saved (close the other tab and reload this one)');
    }
    try {
      record = await store.use((repo) => repo.load(slug));
    } catch (error) {
      corrupt = true;
      stop(`the saved progress of this lesson could not be read (${error instanceof Error ? error.message : String(error)}); "Reset lesson" starts it again`);
    }
  } catch (error) {
    stop(error instanceof StorageUnavailable ? error.message : storageReason(error));
  }

  // Writes, one after another; a failure stops saving and says why.
  const write = (message?: string, homeFiles = false, seq = 0): void => {
    if (notSaved !== undefined || store === undefined) return;
    const target = store;
    // The record as it is now: a reset may replace it before this write's turn comes.
    const snapshot = structuredClone(record);
    const live = record;
    writing += 1;
    showState();
    queue = queue.then(async () => {
      if (notSaved !== undefined) return;
      if (homeFiles) {
        snapshot.home = await kernel.homeFiles();
        live.home = snapshot.home;
      }
      await target.use((repo) => repo.save(slug, snapshot, message));
      mark();
      wal.written(seq);
    }).catch((error: unknown) => stop(error instanceof StorageUnavailable ? error.message : storageReason(error))).finally(() => {
      writing -= 1;
      showState();
    });
  };
  const commit = (message: string, homeFiles = false): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    write(message, homeFiles, logAhead({ message }));
  };
  const later = (): void => {
    const seq = logAhead();
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      write(undefined, false, seq);
      showState();
    }, SAVE_DELAY_MS);
    showState();
  };

  // Changes logged before a reload that the repository did not get: commit them now.
  if (notSaved === undefined && store !== undefined) {
    try {
      const owed = wal.read();
      if (owed !== undefined) {
        const target = store;
        record = owed.record;
        writing += 1;
        queue = queue.then(() => target.use((repo) => payOwed(repo, slug, owed))).then(() => wal.written(owed.seq)).catch((error: unknown) => stop(storageReason(error))).finally(() => {
          writing -= 1;
          showState();
        });
      }
    } catch (error) {
      console.warn('packetwalk: unsaved changes could not be recovered', error);
      wal.written(Number.MAX_SAFE_INTEGER);
    }
  }

  // Saved lines, but the cluster started without them (the localStorage marker that says a
  // lesson has progress was gone, while IndexedDB kept it): restart it with them replayed.
  if (record.journal.length > 0 && !hasSavedProgress(workbook, slug) && kernel.state !== 'idle' && notSaved === undefined) {
    mark();
    void kernel.restart().catch(() => undefined);
  }
  showState();
  const loaded = structuredClone(record);

  /**
   * Reset lesson (the kernel booted the scenario afresh; lines typed after it come next): the
   * record starts over at once, and the repository goes back to the lesson's start commit as a
   * new commit, so earlier attempts stay in the history. A corrupted lesson is rewritten so.
   */
  function restart(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    record = emptyRecord();
    const target = store;
    if (target === undefined || (notSaved !== undefined && !corrupt)) return;
    const seq = corrupt ? 0 : logAhead({ reset: true });
    writing += 1;
    showState();
    queue = queue.then(async () => {
      await target.use(async (repo) => {
        await repo.reset(slug);
        // Lines that ran since the reset are kept too.
        if (record.journal.length > 0) await repo.save(slug, structuredClone(record));
      });
      wal.written(seq);
      if (corrupt) {
        corrupt = false;
        notSaved = undefined;
        emit({ type: 'not-saved', reason: undefined });
      }
    }).catch((error: unknown) => stop(storageReason(error))).finally(() => {
      writing -= 1;
      showState();
    });
  }

  const progress: LessonProgress = {
    journal: () => record.journal.map(({ origin: _origin, ...entry }) => entry),
    saved: () => loaded,
    hear(event) {
      if (event.type === 'ran') {
        record.journal.push({ ...event.entry, origin: event.origin });
        if (event.entry.changed) commit(subject(event.entry.line), true);
        else later();
      } else if (event.type === 'booted' && event.reason === 'reset') restart();
    },
    terminalHistory: (session = '1') => record.journal
      .filter((line) => line.origin === 'terminal' && (line.session ?? '1') === session)
      .flatMap((line) => line.line.split('\n')),
    cellText(key, text) {
      record.manifests[key] = text;
    },
    cellRan(key, count, status, output) {
      record.cells[key] = { count, status, output: output.length > MAX_OUTPUT ? output.slice(-MAX_OUTPUT) : output };
      later();
    },
    exercisePassed(id, title) {
      if (record.exercises[id] !== undefined) return;
      record.exercises[id] = new Date().toISOString();
      commit(`Pass exercise: ${title}`);
    },
    async history() {
      await queue;
      return store ? store.use((repo) => repo.history(slug)) : [];
    },
    async restore(oid, label) {
      if (!store || notSaved !== undefined) throw new Error(`progress cannot be restored here: ${notSaved ?? 'storage is off'}`);
      const target = store;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      await queue;
      record = await target.use((repo) => repo.restore(slug, oid, `Restore: ${label}`));
      wal.written(Number.MAX_SAFE_INTEGER);
      mark();
      // The page reloads and rebuilds from the restored record; nothing more is saved from this one.
      notSaved = 'an earlier state was just restored; reloading';
    },
    startFromScenario(why) {
      const lines = record.journal.length;
      record = { ...emptyRecord(), exercises: record.exercises };
      commit(`Start from the scenario: ${lines} saved line${lines === 1 ? '' : 's'} not replayed (${why})`);
    },
    async exportFile() {
      if (!store) throw new Error(`there is no saved progress to export: ${notSaved ?? 'storage is off'}`);
      await queue;
      const day = new Date().toISOString().slice(0, 10);
      return { name: `packetwalk-progress-${workbook}-${day}.json`, text: await store.exportText() };
    },
    async importFile(text) {
      if (!store) throw new Error(`progress cannot be imported here: ${notSaved ?? 'storage is off'}`);
      await queue;
      const lessons = await store.importText(text);
      for (const lesson of lessons) mark(lesson);
      // The lesson rebuilds from the imported record on the next load; nothing more is saved from this one.
      notSaved = 'progress was just imported; reloading';
      return `Imported progress for ${lessons.length} lesson${lessons.length === 1 ? '' : 's'}.`;
    },
    get notSaved() {
      return notSaved;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return progress;
}
