/**
 * Exercises (Exercise.astro): Check grades the lesson's cluster with the sandbox's check(spec)
 * and renders the CheckReport as it comes (every check, its message and hint); hints reveal
 * one at a time. A pass is reported to the composition root (src/lesson/page.ts), which saves
 * it with the lesson's progress.
 */
import type { CheckReport } from '../../sandbox/api/types.ts';
import type { Kernel } from '../kernel/kernel.ts';

/** Shows an exercise as passed. */
export function markDone(section: HTMLElement): void {
  section.dataset.done = 'true';
  const badge = section.querySelector<HTMLElement>('.pw-exercise-done');
  if (badge) badge.hidden = false;
}

/** Shows an exercise as not passed yet (after a lesson reset). */
export function clearDone(section: HTMLElement): void {
  delete section.dataset.done;
  const badge = section.querySelector<HTMLElement>('.pw-exercise-done');
  if (badge) badge.hidden = true;
  const report = section.querySelector<HTMLElement>('.pw-exercise-report');
  if (report) report.replaceChildren();
}

/** Renders a report as a list: ✓/✗, what was checked, where it failed, the hint. */
export function renderReport(target: HTMLElement, report: CheckReport): void {
  target.replaceChildren();
  const summary = document.createElement('p');
  summary.className = report.passed ? 'pw-pass' : 'pw-fail';
  const failed = report.results.filter((result) => !result.passed).length;
  summary.textContent = report.passed
    ? 'All checks pass.'
    : `${failed} of ${report.results.length} checks do not pass yet.`;
  const list = document.createElement('ul');
  list.className = 'pw-check-results';
  for (const result of report.results) {
    const item = document.createElement('li');
    item.className = result.passed ? 'pw-pass' : 'pw-fail';
    const name = document.createElement('span');
    name.textContent = `${result.passed ? '✓' : '✗'} ${result.name}`;
    item.append(name);
    for (const [cls, text] of [['pw-check-message', result.message], ['pw-check-hint', result.hint]] as const) {
      if (!text || result.passed) continue;
      const detail = document.createElement('div');
      detail.className = cls;
      detail.textContent = cls === 'pw-check-hint' ? `Hint: ${text}` : text;
      item.append(detail);
    }
    list.append(item);
  }
  target.append(summary, list);
}

export interface Exercises {
  /** Marks the saved passes (a reload with saved progress). */
  restore(passed: Record<string, string>): void;
  /** Every exercise as not passed (after Reset lesson). */
  clear(): void;
  /** Ids and titles of the page's exercises, in order. */
  readonly list: { id: string; title: string }[];
}

export function createExercises(document: Document, kernel: Kernel, onPassed: (id: string, title: string) => Promise<void>): Exercises {
  const sections = [...document.querySelectorAll<HTMLElement>('.pw-exercise')];
  for (const section of sections) {
    const id = section.dataset.id ?? '';
    const hintButton = section.querySelector<HTMLButtonElement>('.pw-hint');
    hintButton?.addEventListener('click', () => {
      const next = section.querySelector<HTMLElement>('.pw-exercise-hints li[hidden]');
      if (next) next.hidden = false;
      if (!section.querySelector('.pw-exercise-hints li[hidden]')) hintButton.disabled = true;
    });
    const button = section.querySelector<HTMLButtonElement>('.pw-check');
    const target = section.querySelector<HTMLElement>('.pw-exercise-report');
    button?.addEventListener('click', () => {
      if (!target) return;
      button.disabled = true;
      target.textContent = 'Checking…';
      const spec: unknown = JSON.parse(section.dataset.spec ?? 'null');
      kernel
        .check(spec)
        .then(async (report) => {
          renderReport(target, report);
          if (report.passed) {
            // The tick shows once the pass is saved (progress/wal.ts): a reload then keeps it.
            await onPassed(id, section.dataset.title ?? id);
            markDone(section);
          }
        })
        .catch((error: unknown) => {
          target.textContent = `Could not check: ${error instanceof Error ? error.message : String(error)}`;
        })
        .finally(() => {
          button.disabled = false;
        });
    });
  }
  return {
    restore(passed) {
      for (const section of sections) if (passed[section.dataset.id ?? ''] !== undefined) markDone(section);
    },
    clear() {
      for (const section of sections) clearDone(section);
    },
    list: sections.map((section) => ({ id: section.dataset.id ?? '', title: section.dataset.title ?? '' })),
  };
}
