/**
 * The composition root of a lesson page: the one place that wires the kernel (the simulated
 * cluster), progress (load, save, events), the workbench (layout, tabs, terminals, busy
 * status), the cells, the exercises and the toolbar. Each of those does its one job and
 * reports events; only here do they meet. Loaded by LessonContent.astro on lesson pages.
 *
 * Page weight: git and IndexedDB (progress) load on first need, or at once when the lesson
 * has saved progress; xterm loads when a terminal is first in view (src/workbench/terminals.ts),
 * at once where the workbench is docked open.
 */
import { lessonKernel, lessonRoot } from '../kernel/lesson-kernel.ts';
import { lessonProgress, whenProgressLoads } from '../progress/client.ts';
import { hasSavedProgress } from '../progress/marker.ts';
import type { LessonProgress } from '../progress/lesson.ts';
import { createCells } from '../components/cells.ts';
import { createExercises } from '../components/exercise.ts';
import { setWalkRenderer } from '../components/probe-walk.ts';
import { PASTE_EVENT } from '../terminal/terminal-loader-event.ts';
import { createLayout } from '../workbench/layout.ts';
import { createTabs } from '../workbench/tabs.ts';
import { createTerminals } from '../workbench/terminals.ts';
import { renderActivity } from '../workbench/busy.ts';
import { addRunInTerminal } from './run-in-terminal.ts';
import { createToolbar } from './toolbar.ts';
import { createProgressPanel } from './progress-panel.ts';
import { recordCourse } from '../course/course.ts';
import { showTicks } from '../course/ticks.ts';

export function startLessonPage(root: HTMLElement): void {
  const kernel = lessonKernel();
  const workbook = root.dataset.workbook ?? '';
  const slug = root.dataset.lesson ?? '';
  const progress = lessonProgress;
  const withProgress = (use: (lesson: LessonProgress) => void): void => {
    void progress().then(use);
  };

  const toolbar = createToolbar(root, {
    runAll: () => cells.runAll(),
    async reset() {
      await kernel.reset();
    },
    async undoReset() {
      const lesson = await progress();
      // The history's newest entry is the reset; the one before it is the state to restore.
      const [latest, before] = await lesson.history();
      if (!latest?.message.startsWith('Reset lesson') || before === undefined) throw new Error('there is no reset to undo');
      await lesson.restore(before.oid, before.message);
      location.reload();
    },
    async restart() {
      await kernel.restart();
    },
    async startFromScenario() {
      const lesson = await progress();
      lesson.startFromScenario('they could not be replayed');
      await kernel.startFromScenario();
    },
  });
  const cells = createCells(document, kernel, {
    text: (key, text) => withProgress((lesson) => lesson.cellText(key, text)),
    ran: (key, count, status, output) => withProgress((lesson) => lesson.cellRan(key, count, status, output)),
  });
  const exercises = createExercises(document, kernel, async (id, title) => {
    const lesson = await progress();
    lesson.exercisePassed(id, title);
    recordCourse(workbook, slug, { passed: [id], total: exercises.list.length });
    showTicks(document, workbook);
  });

  // A failed Check's "where" hint draws its probe's walk with the pictures' code (loaded then).
  setWalkRenderer((target, walk, check) => {
    void (async () => {
      const [{ createWalkView }, { lessonHost }] = await Promise.all([import('../pictures/walk-view.ts'), import('../pictures/lesson.ts')]);
      const view = createWalkView(lessonHost, `Walk of the probe: ${check}`);
      target.replaceChildren(view.element);
      view.update(walk, await kernel.topology({ expand: walk.machines }));
    })().catch((error: unknown) => {
      target.textContent = `The probe's walk could not be drawn: ${error instanceof Error ? error.message : String(error)}`;
    });
  });

  const bench = root.querySelector<HTMLElement>('#pw-workbench');
  const panels = bench?.querySelector<HTMLElement>('.pw-bench-body');
  const tablist = bench?.querySelector<HTMLElement>('[role="tablist"]');
  if (bench && panels && tablist) {
    const layout = createLayout(bench);
    const tabs = createTabs(tablist, panels);
    const terminals = createTerminals({
      kernel,
      tabs,
      bench,
      history: async (session) => (await progress()).terminalHistory(session),
      reveal: layout.reveal,
    });
    layout.onOpen(() => terminals.loadFirst());
    // Docked and open (a wide screen): Terminal 1 is in view, so it starts now, its code
    // preloaded from the head (src/terminal/preload-integration.mjs), without waiting a frame
    // for the visibility observer.
    if (bench.dataset.open === 'true') terminals.loadFirst();
    kernel.subscribe((event) => {
      if (event.type === 'activity') renderActivity(bench, event);
    });
    document.addEventListener(PASTE_EVENT, (event) => terminals.paste((event as CustomEvent<string>).detail));
    // The Pictures tab draws from the live cluster; its code loads when the tab is first shown.
    const element = bench.querySelector<HTMLElement>('[data-pw-panel="pictures"]');
    let mounted = false;
    tabs.onSelect((panel) => {
      if (!element || panel !== element.id || mounted) return;
      mounted = true;
      void Promise.all([import('../pictures/mount.ts'), import('../pictures/lesson.ts')]).then(([{ mountPictures }, { lessonHost }]) =>
        mountPictures(element, { kernel, paste: lessonHost.paste }),
      ).catch((error: unknown) => {
        element.textContent = `The pictures could not load: ${error instanceof Error ? error.message : String(error)}`;
      });
    });
  }

  kernel.subscribe((event) => {
    toolbar.kernelEvent(event);
    // Tests and the bench read the kernel's life from here.
    if (event.type === 'state') root.dataset.kernel = event.state;
    if (event.type === 'booted') performance.mark(`pw:kernel-${event.reason}`);
    if (event.type === 'booted' && event.reason === 'reset') {
      cells.clear();
      exercises.clear();
      recordCourse(workbook, slug, { passed: [], total: exercises.list.length, reset: true });
    }
    // Progress hears every completed line and every reset, in order (loading on the first).
    if (event.type === 'ran' || (event.type === 'booted' && event.reason === 'reset')) {
      withProgress((lesson) => lesson.hear(event));
    }
  });

  /** Progress, once loaded: show what was saved, and whether saving works. */
  const showProgress = (lesson: LessonProgress): void => {
    const saved = lesson.saved();
    cells.restore(saved.cells, saved.manifests);
    exercises.restore(saved.exercises);
    recordCourse(workbook, slug, { passed: Object.keys(saved.exercises), total: exercises.list.length, reset: true });
    toolbar.notSaved(lesson.notSaved);
    toolbar.saving(lesson.notSaved === undefined ? 'saved' : 'off');
    lesson.subscribe((event) => {
      if (event.type === 'saving') toolbar.saving(event.state);
      else toolbar.notSaved(event.reason);
    });
  };
  whenProgressLoads(showProgress);
  // A returning learner: show the saved cells and exercises now, not when the cluster starts.
  if (hasSavedProgress(workbook, slug)) void progress();
  createProgressPanel(root, progress);
  addRunInTerminal(document);
}

const root = lessonRoot();
if (root) startLessonPage(root);
