/**
 * The localStorage marker that says a lesson has saved progress: the page reads it to load
 * progress early (client.ts), progress writes it (lesson.ts).
 */

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
