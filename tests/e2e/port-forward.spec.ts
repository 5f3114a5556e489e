/**
 * `kubectl port-forward` as a learner uses it, in a real browser: terminal 1 forwards
 * localhost:8080 to whoami-2's port 80 and keeps running; terminal 2, on the same machine,
 * curls localhost:8080 and gets the pod's own answer (whoami names its host); terminal 1 shows
 * `Handling connection for 8080` (client-go tools/portforward handleConnection); Ctrl-C ends
 * it and the listener is gone. Source: kubectl's docs page
 * https://kubernetes.io/docs/tasks/access-application-cluster/port-forward-access-application-cluster/.
 */
import type { Page } from '@playwright/test';
import { expect, openTerminal, outputOf, settled, terminalText, test } from './fixtures.ts';

/** Pastes text into the terminal in view, as "Run in terminal" does. */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((detail) => document.dispatchEvent(new CustomEvent('pw:terminal-paste', { detail })), text);
}

/** The text of the terminal of `session` (test hook of src/terminal/mount.ts). */
const textOf = (page: Page, session: string): Promise<string> =>
  page.evaluate((s) => window.__pwTerminalTexts?.[s]?.() ?? '', session);

test.use({ viewport: { width: 1440, height: 900 } });

test('port-forward in terminal 1, curl in terminal 2, Ctrl-C ends it', async ({ lesson }) => {
  await openTerminal(lesson);
  await paste(lesson, 'kubectl port-forward pod/whoami-2 8080:80');
  await lesson.keyboard.press('Enter');
  await expect.poll(() => terminalText(lesson)).toContain('Forwarding from [::1]:8080 -> 80');
  expect(await terminalText(lesson)).toContain('Forwarding from 127.0.0.1:8080 -> 80');
  await expect(lesson.locator('#pw-panel-t1 .pw-terminal-host')).toHaveAttribute('data-state', 'busy');

  await lesson.getByRole('button', { name: '+ New terminal' }).click();
  await expect(lesson.getByRole('tab', { name: 'Terminal 2' })).toHaveAttribute('aria-selected', 'true');
  await expect(lesson.locator('#pw-panel-t2 .pw-terminal-host')).toHaveAttribute('data-state', 'ready');
  await paste(lesson, 'ss -tln | grep 8080; curl -s localhost:8080 | head -n 1');
  await lesson.keyboard.press('Enter');
  await expect.poll(() => textOf(lesson, '2')).toContain('Hostname: whoami-2');
  expect(await textOf(lesson, '2')).toMatch(/LISTEN 0 +4096 +127\.0\.0\.1:8080 +0\.0\.0\.0:\*/);

  await lesson.getByRole('tab', { name: 'Terminal 1' }).click();
  await expect.poll(() => textOf(lesson, '1')).toContain('Handling connection for 8080');
  if (process.env.PW_SCREENSHOT) await lesson.screenshot({ path: 'test-results/port-forward/terminal-1.png' });
  await lesson.locator('#pw-panel-t1 .xterm-helper-textarea').focus();
  await lesson.keyboard.press('Control+C');
  await settled(lesson);
  expect(await outputOf(lesson, 'kubectl port-forward pod/whoami-2 8080:80')).toContain('Handling connection for 8080');

  await lesson.getByRole('tab', { name: 'Terminal 2' }).click();
  await paste(lesson, 'curl -sS localhost:8080; echo "status=$?"');
  await lesson.keyboard.press('Enter');
  await expect.poll(() => textOf(lesson, '2')).toContain('status=7');
  expect(await textOf(lesson, '2')).toContain('curl: (7) Failed to connect to localhost port 8080');
});
