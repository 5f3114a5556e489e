/**
 * Screenshots of the workbench for a person to look at (desktop 1440x900 and phone 390x844,
 * light and dark), written to test-results/workbench/. Runs only when asked:
 * `PW_SCREENSHOT=1 npx playwright test workbench-shots --workers=1`.
 */
import { expect, LESSON, openTerminal, run, test } from './fixtures.ts';

for (const theme of ['light', 'dark'] as const) {
  for (const [name, size] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 390, height: 844 }]] as const) {
    test(`workbench screenshot: ${name}, ${theme}`, async ({ lesson }) => {
      test.skip(!process.env.PW_SCREENSHOT, 'set PW_SCREENSHOT=1 to take the workbench screenshots');
      await lesson.setViewportSize(size);
      await lesson.evaluate((t) => localStorage.setItem('starlight-theme', t), theme);
      await lesson.goto(LESSON);
      await openTerminal(lesson);
      await run(lesson, 'kubectl get pods -o wide');
      await lesson.locator('.pw-exercise').first().scrollIntoViewIfNeeded();
      await lesson.mouse.move(0, 0);
      await expect(lesson.locator('html')).toHaveAttribute('data-theme', theme);
      await lesson.screenshot({ path: `test-results/workbench/${name}-${theme}.png` });
    });
  }
}
