/**
 * Ticks and counts beside the lesson links of the sidebar and the home page: `✓ 3/3` for a
 * finished lesson, `1/3` for one begun (course.ts has the figures). The link's accessible name
 * gets the words ("all 3 exercises done").
 *
 * Runs on every page (CourseSidebar.astro); the workbook's id comes from `[data-pw-workbook]`.
 */
import { describeLesson, readCourse } from './course.ts';

export function showTicks(document: Document, workbook: string): void {
  const course = readCourse(workbook);
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.sidebar a[href], .pw-course a[href]')) {
    const href = link.getAttribute('href') ?? '';
    if (!href.startsWith(base)) continue;
    const slug = href.slice(base.length).replace(/\/$/, '');
    const lesson = course[slug];
    for (const old of link.querySelectorAll('.pw-tick, .pw-tick-words')) old.remove();
    if (!lesson || (lesson.passed.length === 0 && lesson.total === 0)) continue;
    const done = Math.min(lesson.passed.length, lesson.total);
    if (done === 0) continue;
    const tick = document.createElement('span');
    tick.className = 'pw-tick';
    tick.dataset.done = String(done === lesson.total);
    tick.textContent = `${done === lesson.total ? '✓ ' : ''}${done}/${lesson.total}`;
    const words = document.createElement('span');
    words.className = 'sr-only pw-tick-words';
    words.textContent = ` (${describeLesson(lesson)})`;
    tick.setAttribute('aria-hidden', 'true');
    link.append(tick, words);
  }
}

const marker = document.querySelector<HTMLElement>('[data-pw-workbook]');
if (marker) showTicks(document, marker.dataset.pwWorkbook ?? '');
