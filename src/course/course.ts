/**
 * Course progress at a glance: per lesson, which exercises passed and how many there are, kept
 * in localStorage by the lesson pages (src/lesson/page.ts) so the sidebar and the home page can
 * show ticks and counts without loading git. The lesson repositories stay the record; this is
 * their summary, rebuilt by each lesson page it visits.
 */

export interface LessonSummary {
  passed: string[];
  total: number;
}

export type CourseSummary = Record<string, LessonSummary>;

const key = (workbook: string): string => `packetwalk:course:${workbook}:${import.meta.env.BASE_URL}`;

/** The summary of every lesson of the workbook seen in this browser. */
export function readCourse(workbook: string): CourseSummary {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key(workbook)) ?? '{}');
    if (typeof value !== 'object' || value === null) return {};
    const out: CourseSummary = {};
    for (const [slug, lesson] of Object.entries(value as Record<string, unknown>)) {
      const { passed, total } = (lesson ?? {}) as { passed?: unknown; total?: unknown };
      if (Array.isArray(passed) && typeof total === 'number') out[slug] = { passed: passed.map(String), total };
    }
    return out;
  } catch {
    // Blocked or damaged storage: no ticks, nothing breaks.
    return {};
  }
}

/** Notes a lesson's passes: `reset` replaces the list, otherwise `passed` is added to it. */
export function recordCourse(workbook: string, slug: string, update: { passed: string[]; total: number; reset?: boolean }): void {
  const course = readCourse(workbook);
  const before = update.reset ? [] : (course[slug]?.passed ?? []);
  course[slug] = { passed: [...new Set([...before, ...update.passed])], total: update.total };
  try {
    localStorage.setItem(key(workbook), JSON.stringify(course));
  } catch (error) {
    console.warn('packetwalk: course progress not written', error);
  }
}

/** "2 of 3 exercises done", or "all 3 exercises done" (ticks' accessible text). */
export function describeLesson(lesson: LessonSummary): string {
  const done = Math.min(lesson.passed.length, lesson.total);
  if (lesson.total > 0 && done === lesson.total) return `all ${lesson.total} exercise${lesson.total === 1 ? '' : 's'} done`;
  return `${done} of ${lesson.total} exercise${lesson.total === 1 ? '' : 's'} done`;
}
