/**
 * Learner progress: what a learner does survives a reload, a reset starts over but
 * keeps the history, export/import carries progress to another browser, and bad files,
 * missing storage and a second tab never lose or corrupt it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, LESSON, openTerminal, outputOf, run, terminalText, test } from './fixtures.ts';

const FIX = 'ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink';
const SHOW = 'ip route show 10.244.2.0/24';

/** Fixes lesson 1's broken route in the terminal and passes its first exercise. */
async function fixAndPass(page: Page): Promise<void> {
  await openTerminal(page);
  await run(page, FIX);
  const exercise = page.locator('.pw-exercise').first();
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.locator('.pw-exercise-report')).toContainText('All checks pass.');
}

/** Waits until every change is written (the page says so: "All changes saved"). */
async function saved(page: Page): Promise<void> {
  await expect(page.locator('#pw-lesson')).toHaveAttribute('data-progress', 'saved');
}

/** The lesson's history as the Progress panel lists it (messages only, newest first). */
async function historyOf(page: Page): Promise<string[]> {
  const panel = page.locator('.pw-progress');
  if (!(await panel.evaluate((el) => (el as HTMLDetailsElement).open))) await panel.locator('summary').click();
  await expect(panel.locator('.pw-history li').first()).toBeVisible();
  return panel.locator('.pw-history-message').allTextContents();
}

async function exportProgress(page: Page, path: string): Promise<void> {
  const panel = page.locator('.pw-progress');
  if (!(await panel.evaluate((el) => (el as HTMLDetailsElement).open))) await panel.locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export progress' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^packetwalk-progress-packetwalk-\d{4}-\d\d-\d\d\.json$/);
  await download.saveAs(path);
}

/** Clears this site's storage as "Clear site data" would, from a page without the lesson open. */
async function clearStorage(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(async () => {
    localStorage.clear();
    for (const db of await indexedDB.databases()) {
      await new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(db.name!);
        request.onsuccess = resolve;
        request.onerror = reject;
      });
    }
  });
}

test('a passed exercise and the learner\'s change survive a reload; cells and terminal history come back', async ({ lesson }) => {
  const cell = lesson.locator('.pw-cell').first();
  await cell.getByRole('button', { name: /^Run/ }).click();
  await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');
  const cellOutput = await cell.locator('.pw-cell-output').textContent();
  await fixAndPass(lesson);
  await saved(lesson);
  expect(await historyOf(lesson)).toEqual([
    'Pass exercise: Pods on node-1 cannot reach pods on node-3', `Run: ${FIX}`, 'Start lesson 01-pod-ip-model',
  ]);

  await lesson.reload();
  await expect(lesson.locator('.pw-exercise-done').first()).toBeVisible();
  await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');
  await expect(cell.locator('.pw-cell-output')).toHaveText(cellOutput ?? '');
  await openTerminal(lesson);
  expect(await terminalText(lesson)).toMatch(/\[progress restored: \d+ saved command lines? replayed\]/);
  // The cluster has the learner's change: the route they replaced, not the scenario's unreachable one.
  await run(lesson, SHOW);
  expect(await outputOf(lesson, SHOW)).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  // The terminal's history: Up twice brings back the fix.
  await lesson.keyboard.press('ArrowUp');
  await lesson.keyboard.press('ArrowUp');
  await expect.poll(() => terminalText(lesson)).toMatch(new RegExp(`# ${FIX.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`));
  // A cell numbered after the reload goes on counting.
  await lesson.locator('.pw-cell').nth(1).getByRole('button', { name: /^Run/ }).click();
  await expect(lesson.locator('.pw-cell').nth(1).locator('.pw-cell-count')).toHaveText('[2]');
});

test('Reset lesson starts over, keeps the attempt in the history, and stays reset after a reload', async ({ lesson }) => {
  await fixAndPass(lesson);
  await lesson.getByRole('button', { name: 'Reset lesson' }).click();
  await lesson.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(lesson.locator('.pw-kernel-status')).toHaveText('Lesson reset');
  await expect(lesson.locator('.pw-exercise-done').first()).toBeHidden();
  expect(await historyOf(lesson)).toEqual([
    'Reset lesson 01-pod-ip-model', 'Pass exercise: Pods on node-1 cannot reach pods on node-3', `Run: ${FIX}`, 'Start lesson 01-pod-ip-model',
  ]);
  await lesson.reload();
  await openTerminal(lesson);
  await run(lesson, SHOW);
  expect(await outputOf(lesson, SHOW)).toBe('unreachable 10.244.2.0/24');
  await expect(lesson.locator('.pw-exercise-done').first()).toBeHidden();
});

test('export, clear the browser\'s storage, import: progress is back', async ({ lesson }, info) => {
  await fixAndPass(lesson);
  await saved(lesson);
  const file = info.outputPath('progress.json');
  await exportProgress(lesson, file);

  await clearStorage(lesson);
  await lesson.goto(LESSON);
  await expect(lesson.locator('.pw-exercise-done').first()).toBeHidden();

  await lesson.locator('.pw-progress summary').click();
  await lesson.locator('.pw-import').setInputFiles(file);
  await lesson.waitForEvent('load');
  await expect(lesson.locator('.pw-exercise-done').first()).toBeVisible();
  await openTerminal(lesson);
  await run(lesson, SHOW);
  expect(await outputOf(lesson, SHOW)).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
});

test('a corrupt file and another workbook\'s file are refused with a clear message; progress stays', async ({ lesson }, info) => {
  await fixAndPass(lesson);
  await saved(lesson);
  const good = info.outputPath('progress.json');
  await exportProgress(lesson, good);
  const corrupt = info.outputPath('corrupt.json');
  await writeFile(corrupt, (await readFile(good, 'utf8')).slice(0, 200));
  const foreign = info.outputPath('foreign.json');
  await writeFile(foreign, (await readFile(good, 'utf8')).replace('"workbook":"packetwalk"', '"workbook":"kubecon-lab"'));
  const message = lesson.locator('.pw-progress-message');

  await lesson.locator('.pw-import').setInputFiles(corrupt);
  await expect(message).toHaveText('This file is not a packetwalk progress file (it is not JSON). Your progress is unchanged.');
  await lesson.locator('.pw-import').setInputFiles(foreign);
  await expect(message).toHaveText('This file holds progress for another workbook ("kubecon-lab"), not for "packetwalk". Your progress is unchanged.');

  await lesson.reload();
  await expect(lesson.locator('.pw-exercise-done').first()).toBeVisible();
  await openTerminal(lesson);
  await run(lesson, SHOW);
  expect(await outputOf(lesson, SHOW)).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
});

test('without IndexedDB the lesson still runs and says why progress is not saved', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  await page.goto(LESSON);
  await fixAndPass(page);
  await expect(page.locator('.pw-progress-alert')).toHaveText(
    'Progress is not being saved: this browser gives the page no IndexedDB storage (private browsing, or site data blocked).',
  );
  await expect(page.locator('.pw-exercise-done').first()).toBeVisible();
  await expect(page.locator('.pw-progress-state')).toHaveText('(not saved)');
});

test.describe(() => {
  // The offline service worker would serve the chunk past the blocked route.
  test.use({ serviceWorkers: 'block' });
  test('when the progress code cannot load, the lesson still runs and says so', async ({ page }) => {
    // The chunk with git and IndexedDB (src/progress/lesson.ts) is the only script named lesson.*.js.
    await page.route(/\/_astro\/lesson\.[\w-]+\.js$/, (route) => route.abort());
    await page.goto(LESSON);
    await fixAndPass(page);
    await expect(page.locator('.pw-progress-alert')).toContainText('Progress is not being saved: the progress code could not load');
    await expect(page.locator('.pw-exercise-done').first()).toBeVisible();
  });
});

test('a corrupted store: the lesson still runs and says that the progress could not be read', async ({ page }) => {
  await page.goto(LESSON);
  await fixAndPass(page);
  await saved(page);
  // Overwrite every file lightning-fs keeps (all but its file table) with bytes that are no git object and no record.
  await page.goto('/');
  await page.evaluate(async () => {
    const name = 'packetwalk:packetwalk:/';
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const store = db.transaction(`${name}_files`, 'readwrite').objectStore(`${name}_files`);
    const keys = await new Promise<IDBValidKey[]>((resolve) => {
      const request = store.getAllKeys();
      request.onsuccess = () => resolve(request.result);
    });
    for (const key of keys) if (key !== '!root') store.put(new TextEncoder().encode('{"c0": "garbage'), key);
    await new Promise((resolve) => {
      store.transaction.oncomplete = resolve;
    });
    db.close();
  });
  await page.goto(LESSON);
  await openTerminal(page);
  await expect(page.locator('.pw-progress-alert')).toContainText('Progress is not being saved: the saved progress could not be read');
  await run(page, SHOW);
  expect(await outputOf(page, SHOW)).toBe('unreachable 10.244.2.0/24');
});

test('a lesson open in two tabs is saved by the first only; the second says so', async ({ lesson, context }) => {
  await openTerminal(lesson);
  // The first tab's progress loads (and claims the lesson) with its first line.
  await run(lesson, 'ip route');
  await saved(lesson);
  const second = await context.newPage();
  await second.goto(LESSON);
  await openTerminal(second);
  await run(second, 'ip addr add 192.0.2.9/32 dev lo');
  await expect(second.locator('.pw-progress-alert')).toContainText('this lesson is open in another tab');
  await expect(lesson.locator('.pw-progress-alert')).toBeHidden();
  await run(lesson, FIX);
  await saved(lesson);
  await second.close();

  await lesson.reload();
  await openTerminal(lesson);
  await run(lesson, SHOW);
  expect(await outputOf(lesson, SHOW)).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  await run(lesson, 'ip -br addr show lo');
  expect(await outputOf(lesson, 'ip -br addr show lo')).not.toContain('192.0.2.9');
});
