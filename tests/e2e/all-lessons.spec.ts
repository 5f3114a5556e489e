/**
 * Every lesson of the site opens without errors and its terminal boots its scenario: catches
 * a lesson whose scenario or components break in the browser, whatever its author tested.
 */
import { expect, test } from '@playwright/test';

test('every lesson page loads and boots its cluster without errors', async ({ page }) => {
  test.setTimeout(180_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`${page.url()}: page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: console error: ${message.text()}`);
  });
  await page.goto('/');
  const links = await page.locator('main ol a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) {
    await page.goto(link);
    const host = page.locator('.pw-terminal-host');
    if ((await host.count()) === 0) continue;
    await host.scrollIntoViewIfNeeded();
    await expect(host, `terminal of ${link}`).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
    await expect.poll(() => page.evaluate(() => window.__pwTerminalText?.() ?? '')).toMatch(/\S+@\S+:\S*# ?$/);
  }
  expect(problems).toEqual([]);
});

declare global {
  interface Window {
    __pwTerminalText?: () => string;
  }
}
