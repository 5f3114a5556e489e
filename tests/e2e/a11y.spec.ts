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
  await host.focus();
  await expect(host).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  // Focus moved into xterm's textarea: typing reaches the shell.
  await expect(lesson.locator('.pw-terminal .xterm-helper-textarea')).toBeFocused();
  await lesson.keyboard.press('Escape');
  await expect(lesson.locator('section.pw-terminal')).toBeFocused();
});

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
