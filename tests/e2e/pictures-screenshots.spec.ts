/**
 * Screenshots of every lesson's pictures in light and dark (docs/pictures/), for the README
 * and for looking at: `PW_SCREENSHOT=1 npx playwright test pictures-screenshots --workers=1`.
 * Each lesson's first Topology, and its first packet walk with its most telling step selected
 * (where it died, else a NAT rewrite, else the encapsulation).
 */
import { expect, test } from '@playwright/test';

const LESSONS = ['01-pod-ip-model', '02-veth-and-bridge', '03-between-nodes', '04-services', '05-dns', '06-network-policy', '07-egress', '08-ingress', '11-calico'];
/** What to apply before the walk, so the lesson's walk shows what its section is about. */
const BEFORE: Record<string, string> = { '06-network-policy': 'Default deny for shop' };
const FOCUS = [/where it died/, /: (DNAT|SNAT): /, /encapsulated by/, /bridged by cni0/];

for (const slug of LESSONS) {
  test(`pictures of ${slug} in light and dark`, async ({ page }) => {
    test.skip(!process.env.PW_SCREENSHOT, 'set PW_SCREENSHOT=1 to refresh docs/pictures/');
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/${slug}/`);
    // Starlight's fixed header would cover parts of tall figures in element screenshots.
    await page.addStyleTag({ content: 'header.header { position: absolute !important; }' });
    const topo = page.locator('.pw-picture[data-picture="topology"]').first();
    await topo.scrollIntoViewIfNeeded();
    await expect(topo).toHaveAttribute('data-state', 'drawn', { timeout: 60_000 });
    const apply = BEFORE[slug];
    if (apply) {
      const cell = page.locator('.pw-apply', { hasText: apply });
      await cell.getByRole('button', { name: /^Apply/ }).click();
      await expect(cell).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    }
    const walk = page.locator('.pw-picture[data-picture="walk"]').first();
    await walk.scrollIntoViewIfNeeded();
    await walk.locator('.pw-walk-run').click();
    await expect(walk).toHaveAttribute('data-state', 'drawn', { timeout: 60_000 });
    for (const re of FOCUS) {
      const step = walk.locator('.pw-steps button', { hasText: re }).first();
      if ((await step.count()) > 0) {
        await step.click();
        break;
      }
    }
    await page.mouse.move(0, 0);
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
      await topo.locator('figure').screenshot({ path: `docs/pictures/${slug}-topology-${theme}.png` });
      await walk.locator('figure').screenshot({ path: `docs/pictures/${slug}-walk-${theme}.png` });
    }
  });
}
