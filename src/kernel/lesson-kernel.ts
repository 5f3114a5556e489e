/**
 * The page's single kernel. LessonContent.astro renders `<div id="pw-lesson" data-scenario=...
 * data-scenario-text=...>` (the scenario's name and YAML); every cell, exercise and the
 * terminal calls `lessonKernel()` and gets the same instance, hence one worker per lesson.
 */
import { connectWorker } from './connect.ts';
import { createKernel, type Kernel } from './kernel.ts';

let kernel: Kernel | undefined;

/** The lesson's root element, or undefined on pages without a lesson. */
export function lessonRoot(): HTMLElement | undefined {
  return document.getElementById('pw-lesson') ?? undefined;
}

export function lessonKernel(): Kernel {
  if (kernel !== undefined) return kernel;
  const root = lessonRoot();
  const name = root?.dataset.scenario ?? 'default';
  const yaml = root?.dataset.scenarioText ?? '';
  const on = root?.dataset.on;
  kernel = createKernel({
    // The scenario file's text when the lesson's scenario has one, else the built-in name.
    scenario: yaml.trim() === '' ? name : yaml,
    ...(on ? { on } : {}),
    connect: connectWorker,
  });
  // Tests and the bench read the kernel's life from here.
  kernel.subscribe((event) => {
    if (event.type === 'state' && root) root.dataset.kernel = event.state;
    if (event.type === 'booted') performance.mark(`pw:kernel-${event.reason}`);
  });
  return kernel;
}
