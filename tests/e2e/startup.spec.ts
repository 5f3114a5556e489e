/**
 * Start-up: the lesson's simulator worker is created while the page parses (LessonContent.astro)
 * and the kernel adopts that worker instead of starting a second one (src/kernel/connect.ts).
 */
import { expect, openTerminal, outputOf, run, test } from './fixtures.ts';

const sandboxWorkers = (page: import('@playwright/test').Page): number =>
  page.workers().filter((worker) => worker.url().includes('sandbox.worker')).length;

test('the worker starts with the page, and the terminal runs on that one worker', async ({ lesson }) => {
  // Nothing touched yet: the worker exists (the docked workbench starts its terminal at once).
  await expect.poll(() => sandboxWorkers(lesson)).toBe(1);
  await openTerminal(lesson);
  await run(lesson, 'ip route');
  expect(await outputOf(lesson, 'ip route')).toContain('10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1');
  expect(sandboxWorkers(lesson)).toBe(1);
});
