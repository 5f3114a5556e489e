/**
 * Takes the README's screenshot (docs/lesson-terminal.png): the lesson with its terminal after
 * a few commands. Runs only when asked: `PW_SCREENSHOT=1 npx playwright test screenshot`.
 */
import { openTerminal, run, test } from './fixtures.ts';

test('README screenshot of a lesson with its terminal', async ({ lesson }) => {
  test.skip(!process.env.PW_SCREENSHOT, 'set PW_SCREENSHOT=1 to refresh docs/lesson-terminal.png');
  await lesson.setViewportSize({ width: 1280, height: 900 });
  await lesson.getByRole('button', { name: /^Run: kubectl get pods/ }).click();
  await openTerminal(lesson);
  await run(lesson, 'ip route');
  await run(lesson, 'kubectl exec toolbox -- ip -br addr');
  await lesson.locator('section.pw-terminal').evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await lesson.mouse.move(0, 0);
  await lesson.screenshot({ path: 'docs/lesson-terminal.png' });
});
