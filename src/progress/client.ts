/**
 * The page's door to progress. Small on purpose: git and IndexedDB code (lesson.ts and what
 * it imports) load only when first needed, so a first visit stays light; a lesson that has
 * saved progress (a marker in localStorage says so) loads it at once to show it.
 */
import type { LessonProgress } from './lesson.ts';

let loading: Promise<LessonProgress> | undefined;

/** The lesson's progress, loading it on first call. */
export function lessonProgress(): Promise<LessonProgress> {
  loading ??= import('./lesson.ts').then((module) => module.startLessonProgress());
  return loading;
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
