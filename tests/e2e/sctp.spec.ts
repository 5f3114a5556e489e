/**
 * The Services lesson's SCTP Service, as a learner runs it: Apply the agnhost pod and the
 * SCTP Service, Run socat from toolbox (the pod's hostname comes back), then the -p sctp rules
 * and the flow's SCTP conntrack entry. Screenshots (light desktop, dark phone) go to
 * test-results/ for a person to look at.
 */
import { expect, test } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';

const applyCell = (page: Page, label: string): Locator => page.locator('.pw-apply', { has: page.locator('.pw-apply-label', { hasText: label }) });
const cell = (page: Page, command: RegExp): Locator => page.locator('.pw-cell', { has: page.locator('code', { hasText: command }) }).first();

async function runSctpSection(page: Page): Promise<Locator> {
  await page.goto('/04-services/');
  for (const label of ['Pod sctp-echo', 'Service sctp-echo']) {
    const c = applyCell(page, label);
    await c.scrollIntoViewIfNeeded();
    await c.getByRole('button', { name: 'Apply' }).click();
    await expect(c.locator('.pw-cell-output')).toContainText(/(pod|service)\/sctp-echo created/, { timeout: 30_000 });
  }
  const socat = cell(page, /socat - SCTP:10\.96\.100\.40:9999/);
  await socat.getByRole('button', { name: /^Run/ }).click();
  await expect(socat.locator('.pw-cell-output')).toContainText('sctp-echo', { timeout: 30_000 });
  await expect(socat.locator('.pw-cell-output')).toContainText('pod/sctp-echo condition met');
  const rules = cell(page, /default\/sctp-echo/);
  await rules.getByRole('button', { name: /^Run/ }).click();
  await expect(rules.locator('.pw-cell-output')).toContainText('-p sctp -m comment --comment "default/sctp-echo cluster IP" -m sctp --dport 9999');
  const ct = cell(page, /^node-1\$ conntrack -L -p sctp$/);
  await ct.getByRole('button', { name: /^Run/ }).click();
  await expect(ct.locator('.pw-cell-output')).toContainText(/sctp {5}132 \d+ CLOSED src=\S+ dst=10\.96\.100\.40 sport=\d+ dport=9999 src=10\.244\.\d+\.\d+ .*\[ASSURED\]/);
  return ct;
}

test('an SCTP Service answers socat through kube-proxy, desktop light', async ({ lesson }) => {
  await lesson.setViewportSize({ width: 1440, height: 900 });
  const ct = await runSctpSection(lesson);
  await ct.scrollIntoViewIfNeeded();
  await lesson.screenshot({ path: 'test-results/sctp-desktop-light.png' });
});

test('an SCTP Service answers socat through kube-proxy, phone dark', async ({ lesson }) => {
  await lesson.emulateMedia({ colorScheme: 'dark' });
  await lesson.setViewportSize({ width: 390, height: 844 });
  const ct = await runSctpSection(lesson);
  await ct.scrollIntoViewIfNeeded();
  await lesson.screenshot({ path: 'test-results/sctp-phone-dark.png' });
});
