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
import { lessonKernel, lessonRoot } from '../kernel/lesson-kernel.ts';
import { markDone } from '../components/exercise.ts';
import { hasSavedProgress, markerKey } from './client.ts';
import { emptyRecord, type LessonRecord } from './record.ts';
import type { HistoryItem } from './repo.ts';
import { openStore, StorageUnavailable, storageReason, type ProgressStore } from './store.ts';

export interface LessonProgress {
  /** The recorded lines to replay (the kernel asks on start and restart). */
  journal(): JournalEntry[];
  /** What the kernel reports, in order: a completed line, a reset (lesson-kernel.ts forwards them). */
  hear(event: KernelEvent): void;
  /** The lines typed in the terminal, oldest first. */
  terminalHistory(): string[];
  /** An apply cell's text is about to be applied (saved with the change it makes). */
  cellText(key: string, text: string): void;
  /** A cell ran: its count, status and output. */
  cellRan(key: string, count: number, status: number, output: string): void;
  exercisePassed(id: string, title: string): void;
  history(): Promise<HistoryItem[]>;
  exportFile(): Promise<{ name: string; text: string }>;
  /** Replaces all progress with an export file's; resolves with what to tell the learner. Throws ImportError. */
  importFile(text: string): Promise<string>;
  /** Why progress is not being saved, or undefined while it is. */
  readonly notSaved: string | undefined;
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

export async function startLessonProgress(): Promise<LessonProgress> {
  const root = lessonRoot();
  const slug = root?.dataset.lesson ?? '';
  const workbook = root?.dataset.workbook ?? 'packetwalk';
  const kernel = lessonKernel();
  const alert = root?.querySelector<HTMLElement>('.pw-progress-alert');

  let store: ProgressStore | undefined;
  let queue: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let record: LessonRecord = emptyRecord();
  let notSaved: string | undefined;
  /** The stored record could not be read: a reset (which rewrites it) may save again. */
  let corrupt = false;

  // What the page shows of saving: the Progress panel's summary, and `data-progress` for tests.
  const stateText = root?.querySelector<HTMLElement>('.pw-progress-state');
  let writing = 0;
  const showState = (): void => {
    const state = notSaved !== undefined ? 'off' : writing > 0 || timer !== undefined ? 'saving' : 'saved';
    if (root) root.dataset.progress = state;
    if (stateText) stateText.textContent = state === 'off' ? '(not saved)' : state === 'saving' ? '(saving…)' : '(all changes saved)';
  };
  const stop = (reason: string): void => {
    notSaved = reason;
    showState();
    if (alert) {
      alert.textContent = `Progress is not being saved: ${reason}.`;
      alert.hidden = false;
    }
  };
  /** Notes that `lesson` has saved progress (client.ts reads it to load progress early). */
  const mark = (lesson = slug): void => {
    try {
      localStorage.setItem(markerKey(workbook, lesson), '1');
    } catch (error) {
      console.warn('packetwalk: progress marker not written', error);
    }
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
  const write = (message?: string, homeFiles = false): void => {
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
    }).catch((error: unknown) => stop(error instanceof StorageUnavailable ? error.message : storageReason(error))).finally(() => {
      writing -= 1;
      showState();
    });
  };
  const commit = (message: string, homeFiles = false): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    write(message, homeFiles);
  };
  const later = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      write();
      showState();
    }, SAVE_DELAY_MS);
    showState();
  };

  // Saved lines, but the cluster started without them (the localStorage marker that says a
  // lesson has progress was gone, while IndexedDB kept it): restart it with them replayed.
  if (record.journal.length > 0 && !hasSavedProgress(workbook, slug) && kernel.state !== 'idle' && notSaved === undefined) {
    mark();
    void kernel.restart().catch(() => undefined);
  }
  showState();
  // Show what was saved.
  const cells = [...document.querySelectorAll<HTMLElement>('.pw-cell')];
  let maxCount = 0;
  cells.forEach((cell, i) => {
    const saved = record.cells[`c${i}`];
    const textarea = cell.querySelector('textarea');
    const text = record.manifests[`c${i}`];
    if (textarea && text !== undefined) textarea.value = text;
    if (!saved) return;
    const count = cell.querySelector('.pw-cell-count');
    const output = cell.querySelector<HTMLElement>('.pw-cell-output');
    if (count) count.textContent = `[${saved.count}]`;
    if (output) {
      output.textContent = saved.output;
      output.hidden = saved.output === '';
    }
    cell.dataset.state = 'done';
    cell.dataset.status = String(saved.status);
    maxCount = Math.max(maxCount, saved.count);
  });
  kernel.countFrom(maxCount);
  for (const section of document.querySelectorAll<HTMLElement>('.pw-exercise')) {
    if (record.exercises[section.dataset.id ?? ''] !== undefined) markDone(section);
  }


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
    writing += 1;
    showState();
    queue = queue.then(async () => {
      await target.use(async (repo) => {
        await repo.reset(slug);
        // Lines that ran since the reset are kept too.
        if (record.journal.length > 0) await repo.save(slug, structuredClone(record));
      });
      if (corrupt) {
        corrupt = false;
        notSaved = undefined;
        if (alert) alert.hidden = true;
      }
    }).catch((error: unknown) => stop(storageReason(error))).finally(() => {
      writing -= 1;
      showState();
    });
  }

  const progress: LessonProgress = {
    journal: () => record.journal.map(({ origin: _origin, ...entry }) => entry),
    hear(event) {
      if (event.type === 'ran') {
        record.journal.push({ ...event.entry, origin: event.origin });
        if (event.entry.changed) commit(subject(event.entry.line), true);
        else later();
      } else if (event.type === 'booted' && event.reason === 'reset') restart();
    },
    terminalHistory: () => record.journal.filter((line) => line.origin === 'terminal').flatMap((line) => line.line.split('\n')),
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
  };
  return progress;
}
