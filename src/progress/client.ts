/**
 * The page's door to progress. Small on purpose: git and IndexedDB code (lesson.ts and what
 * it imports) load only when first needed, so a first visit stays light; a lesson that has
 * saved progress (a marker in localStorage says so) loads it at once to show it.
 */
import type { LessonProgress, ProgressContext } from './lesson.ts';

let context: ProgressContext | undefined;
/** The page's lesson kernel hands its context here as it is made (src/kernel/lesson-kernel.ts). */
export function provideProgressContext(c: ProgressContext): void {
  context = c;
}

let loading: Promise<LessonProgress> | undefined;
const loadedListeners: ((progress: LessonProgress) => void)[] = [];

/** Calls `listener` once progress has loaded (at once if it has), without loading it. */
export function whenProgressLoads(listener: (progress: LessonProgress) => void): void {
  if (loading) void loading.then(listener);
  else loadedListeners.push(listener);
}

/** The lesson's progress, loading it on first call. Never rejects: progress failing never stops a lesson. */
export function lessonProgress(): Promise<LessonProgress> {
  loading ??= import('./lesson.ts')
    .then((module) => {
      if (!context) throw new Error('no lesson kernel on this page');
      return module.startLessonProgress(context);
    })
    .catch((error: unknown) => {
      console.warn('packetwalk: progress could not load', error);
      return unsaved(`the progress code could not load (${error instanceof Error ? error.message : String(error)})`);
    });
  for (const listener of loadedListeners.splice(0)) void loading.then(listener);
  return loading;
}

/** Progress that keeps nothing, saying why (`notSaved`; the page shows it). */
function unsaved(reason: string): LessonProgress {
  const refuse = (): Promise<never> => Promise.reject(new Error(`progress is not available: ${reason}`));
  return {
    journal: () => [],
    saved: () => ({ journal: [], cells: {}, manifests: {}, exercises: {}, home: [] }),
    hear: () => undefined,
    terminalHistory: () => [],
    cellText: () => undefined,
    cellRan: () => undefined,
    exercisePassed: () => undefined,
    history: () => Promise.resolve([]),
    restore: refuse,
    startFromScenario: () => undefined,
    subscribe: () => () => undefined,
    exportFile: refuse,
    importFile: refuse,
    notSaved: reason,
  };
}
