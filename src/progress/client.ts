/**
 * The page's door to progress. Small on purpose: git and IndexedDB code (lesson.ts and what
 * it imports) load only when first needed, so a first visit stays light; a lesson that has
 * saved progress (a marker in localStorage says so) loads it at once to show it.
 */
import type { LessonProgress } from './lesson.ts';

let loading: Promise<LessonProgress> | undefined;

/** The lesson's progress, loading it on first call. Never rejects: progress failing never stops a lesson. */
export function lessonProgress(): Promise<LessonProgress> {
  loading ??= import('./lesson.ts')
    .then((module) => module.startLessonProgress())
    .catch((error: unknown) => {
      console.warn('packetwalk: progress could not load', error);
      return unsaved(`the progress code could not load (${error instanceof Error ? error.message : String(error)})`);
    });
  return loading;
}

/** Progress that keeps nothing, saying why. */
function unsaved(reason: string): LessonProgress {
  const alert = document.querySelector<HTMLElement>('.pw-progress-alert');
  if (alert) {
    alert.textContent = `Progress is not being saved: ${reason}.`;
    alert.hidden = false;
  }
  const refuse = (): Promise<never> => Promise.reject(new Error(`progress is not available: ${reason}`));
  return {
    journal: () => [],
    hear: () => undefined,
    terminalHistory: () => [],
    cellText: () => undefined,
    cellRan: () => undefined,
    exercisePassed: () => undefined,
    history: () => Promise.resolve([]),
    exportFile: refuse,
    importFile: refuse,
    notSaved: reason,
  };
}

/** The localStorage key saying that `slug` has saved progress in this workbook. */
export function markerKey(workbook: string, slug: string): string {
  return `packetwalk:progress:${workbook}:${import.meta.env.BASE_URL}:${slug}`;
}

/** Whether this browser has saved progress for the lesson (false when storage is off). */
export function hasSavedProgress(workbook: string, slug: string): boolean {
  try {
    return localStorage.getItem(markerKey(workbook, slug)) !== null;
  } catch {
    // Storage disabled: lesson.ts says so once progress loads.
    return false;
  }
}
