/**
 * Predict cells: the learner answers before anything runs; the worker answers from the live
 * cluster and judges; the cell then runs its evidence. Lesson 3 asks whether 1,450 and 1,451
 * bytes fit pod-a's eth0 (MTU 1450 on the VXLAN overlay).
 */
import { expect, test } from './fixtures.ts';

test('a predict cell grades the answer against the cluster, right and wrong', async ({ lesson: page }) => {
  await page.goto('/03-between-nodes/');
  const fits = page.locator('.pw-predict').filter({ hasText: 'Does a 1,450-byte IP packet' });
  await fits.scrollIntoViewIfNeeded();
  await fits.getByRole('button', { name: 'Answer' }).click();
  await expect(fits.locator('.pw-predict-verdict')).toHaveText(/Choose or type an answer first/);
  await fits.getByRole('radio', { name: 'yes' }).check();
  await fits.getByRole('button', { name: 'Answer' }).click();
  await expect(fits.locator('.pw-predict-verdict')).toHaveText('✓ Right: yes. (it leaves by eth0, whose MTU is 1450)', { timeout: 30_000 });
  const more = page.locator('.pw-predict').filter({ hasText: 'one byte more' });
  await more.getByRole('radio', { name: 'yes' }).check();
  await more.getByRole('button', { name: 'Answer' }).click();
  await expect(more.locator('.pw-predict-verdict')).toHaveText('✗ You said yes; the cluster says no. (it leaves by eth0, whose MTU is 1450)');
  await fits.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/predict.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 390, height: 844 });
  await fits.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/predict-phone-dark.png' });
});

test('a predict cell with a command runs it after the answer', async ({ lesson: page }) => {
  await page.goto('/01-pod-ip-model/');
  const cell = page.locator('.pw-predict').filter({ hasText: 'which source address does whoami-2 see' });
  await cell.scrollIntoViewIfNeeded();
  await cell.getByRole('radio', { name: '10.0.16.11' }).check();
  await cell.getByRole('button', { name: 'Answer' }).click();
  await expect(cell.locator('.pw-predict-verdict')).toHaveText(/^✗ You said 10\.0\.16\.11; the cluster says 10\.244\.0\.3\. \(the SYN arrived as 10\.244\.0\.3:\d+ > 10\.244\.1\.3:80 tcp SYN\)$/, { timeout: 30_000 });
});
