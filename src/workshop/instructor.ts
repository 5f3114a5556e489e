/**
 * Instructor notes (<InstructorNote>) are in the page but hidden. They show when the URL says
 * `?instructor` (or `?instructor=on`); the choice is remembered for the tab (sessionStorage) so
 * it survives moving between lessons, and `?instructor=off` forgets it. A build with
 * INSTRUCTOR_NOTES=show renders them visible for everyone (the instructor's own copy).
 */
export const STORAGE_KEY = 'packetwalk:instructor';

/** Whether notes are to be shown, from the URL's query and the tab's remembered choice. */
export function instructorMode(search: string, remembered: string | null): boolean {
  const params = new URLSearchParams(search);
  if (params.has('instructor')) return params.get('instructor') !== 'off';
  return remembered === 'on';
}

/** Applies the mode to the page: unhides (or hides) every note; returns how many there are. */
export function applyInstructorMode(doc: Document, show: boolean): number {
  const notes = doc.querySelectorAll<HTMLElement>('[data-instructor-note]');
  for (const note of notes) {
    if (note.dataset.instructorNote !== 'always') note.hidden = !show;
  }
  doc.documentElement.toggleAttribute('data-instructor', show);
  return notes.length;
}

/** Reads the URL and storage, remembers the choice and applies it. */
export function initInstructorMode(win: Window): void {
  let remembered: string | null = null;
  try {
    remembered = win.sessionStorage.getItem(STORAGE_KEY);
  } catch (error) {
    // Storage can be disabled; the URL still decides for this page.
    console.info('packetwalk: instructor mode not remembered:', error instanceof Error ? error.message : error);
  }
  const show = instructorMode(win.location.search, remembered);
  try {
    if (new URLSearchParams(win.location.search).has('instructor')) win.sessionStorage.setItem(STORAGE_KEY, show ? 'on' : 'off');
  } catch (error) {
    console.info('packetwalk: instructor mode not remembered:', error instanceof Error ? error.message : error);
  }
  applyInstructorMode(win.document, show);
}
