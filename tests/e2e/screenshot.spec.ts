/**
 * Takes the README's screenshot (docs/lesson-terminal.png): a lesson beside its docked
 * workbench at 1440x900, after a cell and a few commands. Runs only when asked:
 * `PW_SCREENSHOT=1 npx playwright test screenshot`.
 */
import { expect, openTerminal, test } from './fixtures.ts';

test('README screenshot of a lesson with its terminal', async ({ lesson }) => {
  test.skip(!process.env.PW_SCREENSHOT, 'set PW_SCREENSHOT=1 to refresh docs/lesson-terminal.png');
  await lesson.setViewportSize({ width: 1440, height: 900 });
  await lesson.getByRole('button', { name: 'Run: kubectl get pods -o wide' }).click();
  await openTerminal(lesson);
  for (const line of ['ip route', 'kubectl get pods -o wide', 'kubectl exec toolbox -- ip -br addr']) {
    // Entered as a paste: the picture, not the typing, is what this test is for.
    await lesson.evaluate((detail) => document.dispatchEvent(new CustomEvent('pw:terminal-paste', { detail })), `${line}\r`);
    await expect(lesson.locator('#pw-panel-t1 .pw-terminal-host')).toHaveAttribute('data-state', 'ready');
  }
  await lesson.getByRole('button', { name: 'Run: kubectl get pods -o wide' }).scrollIntoViewIfNeeded();
  await lesson.mouse.move(0, 0);
  await lesson.screenshot({ path: 'docs/lesson-terminal.png' });
});
