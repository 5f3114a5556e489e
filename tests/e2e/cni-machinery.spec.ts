/**
 * Lesson 12 (CNI under the hood) as a learner meets it: the cells list node-2's plugins and
 * run the bridge plugin by hand (its error JSON comes back from the simulated plugin), a
 * Check on an exercise reports it not done before any fix, and the page is photographed at
 * desktop and phone sizes in light and dark (test-results/cni-machinery-*.png).
 */
import { expect, test } from '@playwright/test';

const LESSON = '/12-cni-machinery/';

test('lesson 12: plugin cells run on node-2, an exercise is not done at the start', async ({ page }) => {
  test.setTimeout(120_000);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(LESSON);
  const cell = (command: string) => page.locator('.pw-cell', { has: page.locator('code', { hasText: command }) }).first();
  const bin = cell('ls /opt/cni/bin');
  await bin.getByRole('button', { name: /^Run/ }).click();
  await expect(bin.locator('.pw-cell-output')).toContainText('bridge  flannel  host-local  portmap', { timeout: 30_000 });
  const byHand = cell('CNI_COMMAND=ADD /opt/cni/bin/bridge < /root/lab.json');
  await byHand.getByRole('button', { name: /^Run/ }).click();
  await expect(byHand.locator('.pw-cell-output')).toContainText('"code": 4');
  await expect(byHand.locator('.pw-cell-output')).toContainText('required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH] missing');
  const ex = page.locator('.pw-exercise').first();
  await ex.getByRole('button', { name: 'Check' }).click();
  await expect(ex.locator('.pw-exercise-report')).toContainText('do not pass yet', { timeout: 30_000 });
  await byHand.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/cni-machinery-desktop-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/cni-machinery-desktop-dark.png' });
  await page.setViewportSize({ width: 390, height: 844 });
  await byHand.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/cni-machinery-phone-dark.png' });
  expect(problems).toEqual([]);
});
