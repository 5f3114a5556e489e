/**
 * Accessibility of the lesson page: an axe audit (no serious or critical violations) with the
 * terminal loaded and a cell's output shown; Run/Check are real, named buttons; the terminal
 * can be entered and left with the keyboard alone.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, openTerminal, test } from './fixtures.ts';

test('axe finds no serious or critical violations on the lesson page', async ({ lesson }) => {
  await lesson.locator('.pw-cell').first().getByRole('button', { name: /^Run/ }).click();
  await expect(lesson.locator('.pw-cell').first().locator('.pw-cell-count')).toHaveText('[1]');
  await openTerminal(lesson);
  const results = await new AxeBuilder({ page: lesson }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('the terminal is reachable and leavable from the keyboard', async ({ lesson }) => {
  const host = lesson.locator('.pw-terminal-host');
  await expect(host).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  // From the workbench's bar, Tab reaches the terminal: typing goes to the shell.
  await lesson.locator('.pw-bench-toggle').focus();
  await lesson.keyboard.press('Tab');
  await expect(lesson.locator('.pw-terminal .xterm-helper-textarea')).toBeFocused();
  await lesson.keyboard.press('Escape');
  await expect(lesson.locator('section.pw-terminal')).toBeFocused();
});

test('on a phone, "Open the terminal" from the keyboard starts the terminal with the focus in it', async ({ lesson }) => {
  await lesson.setViewportSize({ width: 390, height: 844 });
  await lesson.reload();
  await lesson.locator('.pw-open-bench').first().focus();
  await lesson.keyboard.press('Enter');
  await expect(lesson.locator('.pw-terminal-host').first()).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect(lesson.locator('.pw-terminal .xterm-helper-textarea')).toBeFocused();
});

for (const [name, size] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
  test(`axe finds no serious or critical violations in the workbench (${name}, two terminals, pictures tab, reset asked)`, async ({ lesson }) => {
    await lesson.setViewportSize(size);
    await openTerminal(lesson);
    await lesson.getByRole('button', { name: '+ New terminal' }).click();
    await expect(lesson.locator('#pw-panel-t2 .pw-terminal-host')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
    await lesson.getByRole('button', { name: 'Reset lesson' }).click();
    const first = await new AxeBuilder({ page: lesson }).analyze();
    await lesson.getByRole('tab', { name: 'Pictures' }).click();
    const second = await new AxeBuilder({ page: lesson }).analyze();
    const bad = [...first.violations, ...second.violations].filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
}

test('cells and toolbar use real, labelled buttons', async ({ lesson }) => {
  await expect(lesson.getByRole('button', { name: 'Run all' })).toBeVisible();
  await expect(lesson.getByRole('button', { name: 'Reset lesson' })).toBeVisible();
  expect(await lesson.locator('.pw-cell button.pw-run').count()).toBeGreaterThan(0);
  const checks = await lesson.locator('.pw-exercise').getByRole('button', { name: 'Check' }).all();
  expect(checks.length).toBeGreaterThan(0);
  for (const check of checks) await expect(check).toBeVisible();
  for (const button of await lesson.locator('.pw-cell button.pw-run').all()) {
    expect(await button.evaluate((b) => b.tagName)).toBe('BUTTON');
    await expect(button).toHaveText(/^(Run|Apply)$/);
  }
});

test('the lesson reads on a phone-sized screen', async ({ lesson }) => {
  await lesson.setViewportSize({ width: 390, height: 844 });
  await openTerminal(lesson);
  const width = await lesson.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
