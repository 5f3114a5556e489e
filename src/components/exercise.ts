/**
 * Exercises (Exercise.astro): Check grades the lesson's cluster with the sandbox's check(spec)
 * and shows the report progressively (feedback.ts): the problem at once; where the packet
 * died, the rule, then the authored hints one per "Show a hint"; the reference solution only
 * after the last hint. A failed probe's walk goes to the pictures' hook (probe-walk.ts). A
 * pass is reported to the composition root (src/lesson/page.ts), which saves it with the
 * lesson's progress.
 */
import type { CheckReport } from '../../sandbox/api/types.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { diagnosticSteps, shownAtOnce } from './feedback.ts';
import { drawWalk } from './probe-walk.ts';

/** The last report of each exercise section, for the diagnostic hint steps. */
const lastReport = new WeakMap<HTMLElement, CheckReport>();

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
  lastReport.delete(section);
  fillDiagnostics(section);
}

/** Renders what a report shows at once: the summary and each check, ✓ or the problem. */
export function renderReport(target: HTMLElement, report: CheckReport): void {
  const shown = shownAtOnce(report);
  const summary = document.createElement('p');
  summary.className = report.passed ? 'pw-pass' : 'pw-fail';
  summary.textContent = shown.summary;
  const list = document.createElement('ul');
  list.className = 'pw-check-results';
  for (const check of shown.checks) {
    const item = document.createElement('li');
    item.className = check.passed ? 'pw-pass' : 'pw-fail';
    item.textContent = check.text;
    list.append(item);
  }
  target.replaceChildren(summary, list);
}

/** Writes the where/rule hint steps from the section's last report (and draws the walk). */
function fillDiagnostics(section: HTMLElement): void {
  const report = lastReport.get(section);
  const steps = diagnosticSteps(report);
  const where = section.querySelector<HTMLElement>('.pw-hint-where .pw-hint-text');
  const rule = section.querySelector<HTMLElement>('.pw-hint-rule .pw-hint-text');
  if (where) where.textContent = steps.where;
  if (rule) rule.textContent = steps.rule;
  const walkBox = section.querySelector<HTMLElement>('.pw-exercise-walk');
  const failed = report?.results.find((r) => !r.passed && r.walk !== undefined);
  if (walkBox) {
    walkBox.replaceChildren();
    if (failed?.walk) drawWalk(walkBox, failed.walk, failed.name);
  }
}

/** Reveals the next hint step; the solution after the last one. */
export function revealNextHint(section: HTMLElement): void {
  const next = section.querySelector<HTMLElement>('.pw-exercise-hints li[hidden]');
  if (next) next.hidden = false;
  if (!section.querySelector('.pw-exercise-hints li[hidden]')) {
    const solution = section.querySelector<HTMLElement>('.pw-exercise-solution');
    if (solution) solution.hidden = false;
    const button = section.querySelector<HTMLButtonElement>('.pw-hint');
    if (button) button.disabled = true;
  }
}

/** Grades one exercise section with `spec` and shows the report; resolves with it. */
export async function checkSection(kernel: Kernel, section: HTMLElement, spec: unknown): Promise<CheckReport> {
  const target = section.querySelector<HTMLElement>('.pw-exercise-report');
  const report = await kernel.check(spec);
  if (target) renderReport(target, report);
  lastReport.set(section, report);
  fillDiagnostics(section);
  const walked = report.results.find((r) => !r.passed && r.walk !== undefined);
  if (walked) section.dispatchEvent(new CustomEvent('pw:probe-walk', { bubbles: true, detail: { check: walked.name, walk: walked.walk } }));
  return report;
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
  // The lesson's own exercises; the capstone's symptoms (capstone.ts) carry their spec in code.
  const sections = [...document.querySelectorAll<HTMLElement>('.pw-exercise[data-spec]')];
  for (const section of sections) {
    const id = section.dataset.id ?? '';
    fillDiagnostics(section);
    section.querySelector<HTMLButtonElement>('.pw-hint')?.addEventListener('click', () => revealNextHint(section));
    const button = section.querySelector<HTMLButtonElement>('.pw-check');
    const target = section.querySelector<HTMLElement>('.pw-exercise-report');
    button?.addEventListener('click', () => {
      if (!target) return;
      button.disabled = true;
      target.textContent = 'Checking…';
      const spec: unknown = JSON.parse(section.dataset.spec ?? 'null');
      checkSection(kernel, section, spec)
        .then(async (report) => {
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
