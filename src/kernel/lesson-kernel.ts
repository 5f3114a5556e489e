/**
 * The page's single kernel. LessonHead.astro puts the lesson's scenario in the head
 * (`<meta name="pw-scenario" content=JSON data-on=...>`: its file parsed and validated at build
 * time, and the machine the terminal starts on) and LessonContent.astro renders
 * `<div id="pw-lesson" ...>`; the composition root (src/lesson/page.ts) and progress call
 * `lessonKernel()` and get the same instance, hence one worker per lesson.
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

/** The lesson's scenario tag in the head, or undefined on pages without a lesson. */
function scenarioTag(): HTMLMetaElement | undefined {
  return document.querySelector<HTMLMetaElement>('meta[name="pw-scenario"]') ?? undefined;
}

/** The lesson's scenario as validated at build time, or undefined on pages without a lesson. */
export function lessonScenarioSpec(): ScenarioSpec | undefined {
  const tag = scenarioTag();
  return tag ? (JSON.parse(tag.content) as ScenarioSpec) : undefined;
}

export function lessonKernel(): Kernel {
  if (kernel !== undefined) return kernel;
  const root = lessonRoot();
  const scenario = lessonScenarioSpec();
  // Only lesson pages (frontmatter `scenario:`) have a cluster; their cells and terminal call here.
  if (scenario === undefined) throw new Error('lessonKernel: this page has no lesson scenario (meta[name="pw-scenario"])');
  const on = scenarioTag()?.dataset.on;
  const saved = (): boolean => hasSavedProgress(root?.dataset.workbook ?? '', root?.dataset.lesson ?? '');
  const capstone = root ? settleCapstone(root) : undefined;
  kernel = createKernel({
    scenario,
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
