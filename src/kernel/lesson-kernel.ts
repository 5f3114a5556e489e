/**
 * The page's single kernel. LessonContent.astro renders `<div id="pw-lesson" data-scenario=...
 * data-scenario-spec=...>` (the scenario's name, and its file parsed and validated at build
 * time, as JSON); the composition root (src/lesson/page.ts) and progress call `lessonKernel()`
 * and get the same instance, hence one worker per lesson.
 */
import { connectWorker } from './connect.ts';
import { settleCapstone } from './capstone-seed.ts';
import { createKernel, type Kernel } from './kernel.ts';
import type { ScenarioSpec } from '../../sandbox/api/index.ts';
import { lessonProgress, provideProgressContext } from '../progress/client.ts';
import { hasSavedProgress } from '../progress/marker.ts';

let kernel: Kernel | undefined;

/** The lesson's root element, or undefined on pages without a lesson. */
export function lessonRoot(): HTMLElement | undefined {
  const root = document.getElementById('pw-lesson') ?? undefined;
  // A capstone page settles its seed before anyone reads the lesson's key or boots it.
  if (root) settleCapstone(root);
  return root;
}

export function lessonKernel(): Kernel {
  if (kernel !== undefined) return kernel;
  const root = lessonRoot();
  const spec = root?.dataset.scenarioSpec;
  // Only lesson pages (frontmatter `scenario:`) have a cluster; their cells and terminal call here.
  if (spec === undefined) throw new Error('lessonKernel: this page has no lesson scenario (#pw-lesson[data-scenario-spec])');
  const on = root?.dataset.on;
  const saved = (): boolean => hasSavedProgress(root?.dataset.workbook ?? '', root?.dataset.lesson ?? '');
  const capstone = root ? settleCapstone(root) : undefined;
  kernel = createKernel({
    scenario: JSON.parse(spec) as ScenarioSpec,
    ...(capstone ? { prepare: capstone.prepare } : {}),
    ...(on ? { on } : {}),
    connect: connectWorker,
    // The learner's saved lines rebuild the cluster they left (src/progress/). A first visit
    // has none: the progress code then stays off the start-up path.
    journal: () => (saved() ? lessonProgress().then((progress) => progress.journal()) : Promise.resolve([])),
  });
  provideProgressContext({ workbook: root?.dataset.workbook ?? 'packetwalk', slug: root?.dataset.lesson ?? '', kernel });
  return kernel;
}
