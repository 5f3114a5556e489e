/**
 * The capstone page (Capstone.astro): the plan comes from the seed the lesson root settled
 * (src/kernel/capstone-seed.ts); each symptom is an exercise whose Check is locked until the
 * learner has named its layer. Naming is graded here against the plan (the key travels with
 * the page: a determined learner can read it in the browser's tools, as with any client-side
 * quiz); fixing is graded by the worker's check on the live cluster. The score counts both.
 */
import type { CapstonePlan } from '../../sandbox/api/capstone.ts';
import { lessonKernel, lessonRoot } from '../kernel/lesson-kernel.ts';
import { lessonProgress } from '../progress/client.ts';
import { checkSection, markDone, revealNextHint } from './exercise.ts';
import { settleCapstone } from '../kernel/capstone-seed.ts';

interface State {
  named: boolean[];
  fixed: boolean[];
  over: boolean;
}

function score(box: HTMLElement, plan: CapstonePlan, state: State): void {
  const named = state.named.filter(Boolean).length;
  const fixed = state.fixed.filter(Boolean).length;
  const n = plan.symptoms.length;
  box.textContent = `${state.over ? "Time's up. " : ''}Layers named: ${named} of ${n}. Fixed: ${fixed} of ${n}.${fixed === n ? ' The packet makes it everywhere again.' : ''}`;
}

function build(section: HTMLElement, plan: CapstonePlan): void {
  const kernel = lessonKernel();
  const list = section.querySelector<HTMLElement>('.pw-capstone-symptoms');
  const template = section.querySelector<HTMLTemplateElement>('.pw-capstone-symptom');
  const scoreBox = section.querySelector<HTMLElement>('.pw-capstone-score');
  if (!list || !template || !scoreBox) return;
  const state: State = { named: plan.symptoms.map(() => false), fixed: plan.symptoms.map(() => false), over: false };
  const seedLabel = section.querySelector<HTMLElement>('.pw-capstone-seed');
  if (seedLabel) seedLabel.textContent = `(seed ${plan.seed})`;
  for (const [i, symptom] of plan.symptoms.entries()) {
    const item = template.content.firstElementChild!.cloneNode(true) as HTMLElement;
    const ex = symptom.exercise;
    item.dataset.id = ex.id;
    item.dataset.title = ex.title;
    item.querySelector('.pw-capstone-title')!.textContent = `${i + 1}. ${ex.title}`;
    const layers = item.querySelector<HTMLElement>('.pw-capstone-layers')!;
    for (const layer of plan.layers) {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = `${ex.id}-layer`;
      input.value = layer;
      label.append(input, ` ${layer}`);
      layers.append(label);
    }
    const hints = item.querySelector<HTMLElement>('.pw-exercise-hints')!;
    for (const hint of ex.hints) {
      const li = document.createElement('li');
      li.hidden = true;
      li.textContent = hint;
      hints.append(li);
    }
    item.querySelector('.pw-capstone-fix-on')!.textContent = ex.solution.on;
    item.querySelector('.pw-capstone-fix')!.textContent = ex.solution.commands.join('\n');
    const check = item.querySelector<HTMLButtonElement>('.pw-check')!;
    const hint = item.querySelector<HTMLButtonElement>('.pw-hint')!;
    const verdict = item.querySelector<HTMLElement>('.pw-capstone-verdict')!;
    item.querySelector('form')!.addEventListener('submit', (event) => {
      event.preventDefault();
      if (state.over) return;
      const chosen = item.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.value;
      if (chosen === undefined) {
        verdict.textContent = 'Choose a layer first.';
        return;
      }
      const right = chosen === symptom.layer;
      state.named[i] = right;
      verdict.textContent = right ? `✓ Right: ${symptom.layer}. Now fix it.` : `✗ Not ${chosen}: it breaks at ${symptom.layer}. Now fix it.`;
      verdict.className = `pw-capstone-verdict ${right ? 'pw-pass' : 'pw-fail'}`;
      for (const input of item.querySelectorAll<HTMLInputElement>('input[type="radio"]')) input.disabled = true;
      item.querySelector<HTMLButtonElement>('.pw-capstone-submit')!.disabled = true;
      check.disabled = false;
      hint.disabled = false;
      score(scoreBox, plan, state);
    });
    hint.addEventListener('click', () => revealNextHint(item));
    check.addEventListener('click', () => {
      if (state.over) return;
      check.disabled = true;
      checkSection(kernel, item, ex)
        .then((report) => {
          if (!report.passed) return;
          state.fixed[i] = true;
          markDone(item);
          score(scoreBox, plan, state);
          void lessonProgress().then((progress) => progress.exercisePassed(ex.id, ex.title));
        })
        .catch((error: unknown) => {
          item.querySelector('.pw-exercise-report')!.textContent = `Could not check: ${error instanceof Error ? error.message : String(error)}`;
        })
        .finally(() => {
          check.disabled = state.over;
        });
    });
    list.append(item);
  }
  score(scoreBox, plan, state);
  const minutes = Number(new URL(window.location.href).searchParams.get('minutes') ?? lessonRoot()?.dataset.capstoneMinutes ?? '');
  if (Number.isInteger(minutes) && minutes > 0) startTimer(section, minutes, () => {
    state.over = true;
    for (const button of section.querySelectorAll<HTMLButtonElement>('button')) button.disabled = true;
    score(scoreBox, plan, state);
  });
}

/** Timed mode: a countdown in real time (an exam's clock); `end` runs when it reaches zero. */
function startTimer(section: HTMLElement, minutes: number, end: () => void): void {
  const timer = section.querySelector<HTMLElement>('.pw-capstone-timer');
  if (!timer) return;
  timer.hidden = false;
  const deadline = Date.now() + minutes * 60_000;
  const tick = (): void => {
    const left = Math.max(0, deadline - Date.now());
    const m = Math.floor(left / 60_000);
    const s = Math.floor((left % 60_000) / 1000);
    timer.textContent = `Time left ${m}:${String(s).padStart(2, '0')}`;
    if (left === 0) end();
    else setTimeout(tick, 1000);
  };
  tick();
}

const section = document.querySelector<HTMLElement>('.pw-capstone');
const root = lessonRoot();
const plan = root ? settleCapstone(root) : undefined;
if (section && plan) {
  build(section, plan);
  const fresh = section.querySelector<HTMLAnchorElement>('.pw-capstone-new');
  if (fresh) {
    const url = new URL(window.location.href);
    url.searchParams.set('seed', String((plan.seed % 0x7ffffffe) + 1 + Math.floor(Math.random() * 1000)));
    fresh.href = url.toString();
  }
}
