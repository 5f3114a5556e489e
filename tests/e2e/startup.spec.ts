/**
 * Start-up: the lesson's simulator worker is created from the page's head (LessonHead.astro),
 * which fetches the scenario's world image (src/pages/worlds/) while the worker loads; the
 * worker boots from that image, and the kernel adopts that worker instead of starting a second
 * one (src/kernel/connect.ts). Without the image the worker builds the same world itself.
 */
import type { Page, Worker } from '@playwright/test';
import { expect, LESSON, openTerminal, outputOf, run, test } from './fixtures.ts';

const sandboxWorkers = (page: Page): Worker[] => page.workers().filter((worker) => worker.url().includes('sandbox.worker'));

/** How the worker's boots made their worlds (src/worker/early-boot.ts marks each boot's end). */
const bootsFrom = (page: Page): Promise<unknown[]> =>
  sandboxWorkers(page)[0]!.evaluate(() => performance.getEntriesByName('pw:boot-end').map((mark) => (mark as PerformanceMark).detail));

const ROUTE = '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1';

test('the worker starts with the page, boots from the world image, and the terminal runs on that one worker', async ({ lesson }) => {
  // Nothing touched yet: the worker exists (the docked workbench starts its terminal at once).
  await expect.poll(() => sandboxWorkers(lesson).length).toBe(1);
  await openTerminal(lesson);
  await run(lesson, 'ip route');
  expect(await outputOf(lesson, 'ip route')).toContain(ROUTE);
  expect(sandboxWorkers(lesson).length).toBe(1);
  expect(await bootsFrom(lesson)).toEqual(['image']);
});

test('without the world image the worker builds the world itself, the same one', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route('**/worlds/*.json', (route) => route.abort());
  await page.goto(LESSON);
  await openTerminal(page);
  await run(page, 'ip route');
  expect(await outputOf(page, 'ip route')).toContain(ROUTE);
  expect(await bootsFrom(page)).toEqual(['scenario']);
  expect(errors).toEqual([]);
});
