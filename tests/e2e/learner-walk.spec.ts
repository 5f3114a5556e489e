/**
 * A new learner, lesson by lesson: open the page, press Run all (every cell must run in the
 * browser and exit 0, so what the page shows is what check-lessons proved), reset the cluster,
 * then solve the lesson's first exercise by typing its reference solution into the terminal
 * (here-documents line by line, as a person pastes them) and press Check until it is done.
 * The lessons and their solutions are read from content/lessons, so a new lesson is walked too.
 */
import { basename } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { lessonFiles, readLesson } from '../../scripts/lesson-files.ts';
import type { ExerciseSpec } from '../../sandbox/api/index.ts';

/** The machine in a bash prompt `root@node-1:~# `. */
const hostOf = (text: string): string | undefined => /(\S+)@([^:\s]+):\S*# ?$/.exec(text.trimEnd())?.[2];

async function terminalLines(page: Page): Promise<string[]> {
  return (await page.evaluate(() => window.__pwTerminalText?.() ?? '')).split('\n');
}

/**
 * Types one line into the terminal and waits until the terminal is idle again. The terminal
 * paces virtual time in real time, so a solution that waits out a controller's period
 * (lesson 12's `sleep 30` for the kubelet's retry) takes that long here too.
 */
async function typeLine(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect(page.locator('.pw-terminal-host')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

for (const file of lessonFiles()) {
  const lesson = readLesson(file);
  const slug = basename(file).replace(/\.mdx?$/, '');
  // The capstone's exercises come from its seed, not its frontmatter: capstone.spec.ts walks it.
  if (lesson.frontmatter.capstone === true) continue;
  const exercise = (lesson.frontmatter.exercises as ExerciseSpec[] | undefined)?.[0];

  test(`a learner walks ${slug}: runs every cell and solves "${exercise?.id ?? '(no exercise)'}" in the terminal`, async ({ page }) => {
    test.setTimeout(240_000);
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
    await page.goto(`/${slug}/`);

    await page.getByRole('button', { name: 'Run all' }).click();
    const cells = page.locator('.pw-cell');
    const n = await cells.count();
    for (let i = 0; i < n; i++) {
      const cell = cells.nth(i);
      await expect(cell, `cell ${i + 1} of ${slug} finished`).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
      const output = await cell.locator('.pw-cell-output').textContent();
      await expect(cell, `cell ${i + 1} of ${slug} exited 0; it printed:\n${output}`).toHaveAttribute('data-status', '0');
    }

    expect(exercise, `${slug} has at least one exercise`).toBeDefined();
    if (!exercise) return;
    await page.getByRole('button', { name: 'Reset lesson' }).click();
    await page.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset', exact: true }).click();
    const host = page.locator('.pw-terminal-host');
    await host.scrollIntoViewIfNeeded();
    // A learner who scrolled past it in a long lesson clicks it: focus starts it too.
    await host.focus();
    await expect(host).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await page.locator('.pw-terminal .xterm-helper-textarea').focus();
    await expect.poll(async () => hostOf((await terminalLines(page)).at(-1) ?? '')).toBeDefined();

    const here = hostOf((await terminalLines(page)).at(-1) ?? '');
    const hop = here !== exercise.solution.on;
    if (hop) await typeLine(page, `ssh ${exercise.solution.on}`);
    for (const command of exercise.solution.commands) {
      for (const line of command.split('\n')) await typeLine(page, line);
    }
    if (hop) await typeLine(page, 'exit');

    const section = page.locator(`.pw-exercise[data-id="${exercise.id}"]`);
    await section.getByRole('button', { name: 'Check' }).click();
    await expect(section.locator('.pw-exercise-report')).toContainText('All checks pass.', { timeout: 30_000 });
    await expect(section.locator('.pw-exercise-done')).toBeVisible();
    expect(problems).toEqual([]);
  });
}

declare global {
  interface Window {
    __pwTerminalText?: () => string;
  }
}
