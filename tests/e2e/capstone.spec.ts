/**
 * The capstone as a learner walks it, for one seed: the page breaks the cluster from the
 * seed in the URL, lists the symptoms the generator made, grades the layer named for each,
 * keeps Check locked until then, fails each Check with the problem only, and passes each one
 * after the learner types the fix in the terminal; the score ends at all fixed.
 */
import type { Page } from '@playwright/test';
import { generateCapstone } from '../../sandbox/api/capstone.ts';
import { expect, openTerminal, run, terminalText, test } from './fixtures.ts';

const SEED = 2;
const plan = generateCapstone(SEED);

/** The terminal's last line is a prompt of `machine`. */
async function promptOf(page: Page, machine: string): Promise<void> {
  await expect.poll(async () => (await terminalText(page)).trimEnd().split('\n').at(-1) ?? '').toMatch(new RegExp(`^root@${machine}:\\S*# ?$`));
}

async function fixOn(page: Page, on: string, lines: string[]): Promise<void> {
  if (on !== 'node-1') {
    await run(page, `ssh ${on}`);
    await promptOf(page, on);
  }
  for (const line of lines) {
    await run(page, line);
    await promptOf(page, on);
  }
  if (on !== 'node-1') {
    await run(page, 'exit');
    await promptOf(page, 'node-1');
  }
}

test(`the capstone for seed ${SEED}: name each layer, then fix each symptom`, async ({ lesson: page }) => {
  test.setTimeout(180_000);
  expect(plan.symptoms.every((s) => s.exercise.solution.commands.every((c) => !c.includes('\n'))), 'this seed\'s fixes are one-line commands').toBe(true);
  await page.goto(`/09-capstone/?seed=${SEED}`);
  const capstone = page.locator('.pw-capstone');
  await expect(capstone.locator('.pw-capstone-seed')).toHaveText(`(seed ${SEED})`);
  const items = capstone.locator('.pw-capstone-item');
  await expect(items).toHaveCount(plan.symptoms.length);
  await expect(capstone.locator('.pw-capstone-score')).toHaveText(`Layers named: 0 of ${plan.symptoms.length}. Fixed: 0 of ${plan.symptoms.length}.`);

  for (const [i, symptom] of plan.symptoms.entries()) {
    const item = items.nth(i);
    await expect(item.locator('.pw-capstone-title')).toHaveText(`${i + 1}. ${symptom.exercise.title}`);
    await expect(item.getByRole('button', { name: 'Check' })).toBeDisabled();
    // The first symptom gets a wrong name: the page says so and still opens the Check.
    const named = i === 0 ? plan.layers.find((l) => l !== symptom.layer)! : symptom.layer;
    await item.getByRole('radio', { name: named, exact: true }).check();
    await item.getByRole('button', { name: 'Name the layer' }).click();
    await expect(item.locator('.pw-capstone-verdict')).toHaveText(i === 0 ? `✗ Not ${named}: it breaks at ${symptom.layer}. Now fix it.` : `✓ Right: ${symptom.layer}. Now fix it.`);
    await item.getByRole('button', { name: 'Check' }).click();
    await expect(item.locator('.pw-exercise-report')).toContainText('do not pass yet', { timeout: 30_000 });
    // The problem, in the learner's terms; never the fix.
    for (const line of symptom.exercise.solution.commands) await expect(item.locator('.pw-exercise-report')).not.toContainText(line);
    await expect(item.locator('.pw-exercise-solution')).toBeHidden();
  }

  for (const [i, symptom] of plan.symptoms.entries()) {
    // Check took the focus: back to the terminal, as a learner clicks into it.
    await openTerminal(page);
    await fixOn(page, symptom.exercise.solution.on, symptom.exercise.solution.commands);
    const item = items.nth(i);
    await item.getByRole('button', { name: 'Check' }).click();
    await expect(item.locator('.pw-exercise-report')).toContainText('All checks pass.');
    await expect(item.locator('.pw-exercise-done')).toBeVisible();
  }
  const n = plan.symptoms.length;
  await expect(capstone.locator('.pw-capstone-score')).toHaveText(`Layers named: ${n - 1} of ${n}. Fixed: ${n} of ${n}. The packet makes it everywhere again.`);
  await capstone.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/capstone.png', fullPage: false });
});

test('a new seed is a new capstone, and the timed mode counts down', async ({ lesson: page }) => {
  await page.goto('/09-capstone/?seed=7&minutes=45');
  const other = generateCapstone(7);
  await expect(page.locator('.pw-capstone-item')).toHaveCount(other.symptoms.length);
  await expect(page.locator('.pw-capstone-item .pw-capstone-title').first()).toHaveText(`1. ${other.symptoms[0]!.exercise.title}`);
  await expect(page.locator('.pw-capstone-timer')).toHaveText(/^Time left 4[45]:\d\d$/);
  await page.goto('/09-capstone/');
  await expect(page).toHaveURL(/[?&]seed=\d+/);
});
