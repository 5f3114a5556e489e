/**
 * Shared e2e fixtures: a `lesson` page that fails the test on any page error or console error
 * (in the page or its worker), and helpers to drive the terminal as a learner does: focus it,
 * type, press keys, and read what it shows.
 */
import { test as base, expect, type Page } from '@playwright/test';

export const LESSON = '/01-pod-ip-model/';
export const PROMPT = 'root@node-1:~#';

export const test = base.extend<{ lesson: Page }>({
  lesson: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} at ${message.location().url}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('worker', (worker) => {
      worker.on('console', (message) => {
        if (message.type() === 'error') problems.push(`worker console error: ${message.text()}`);
      });
    });
    await page.goto(LESSON);
    await use(page);
    expect(problems, 'no page errors or console errors').toEqual([]);
  },
});

export { expect };

/** Opens the workbench if it is folded (a phone), as a learner taps its bar. */
export async function openWorkbench(page: Page): Promise<void> {
  const toggle = page.locator('.pw-bench-toggle');
  if ((await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
  await expect(page.locator('#pw-workbench')).toHaveAttribute('data-open', 'true');
}

/** Brings the first terminal into view (which loads it), waits for its prompt and focuses it. */
export async function openTerminal(page: Page): Promise<void> {
  await openWorkbench(page);
  const host = page.locator('#pw-panel-t1 .pw-terminal-host');
  await host.scrollIntoViewIfNeeded();
  await expect(host).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await page.locator('#pw-panel-t1 .xterm-helper-textarea').focus();
}

/** The terminal's text (wrapped rows joined), through the page's test hook. */
export function terminalText(page: Page): Promise<string> {
  return page.evaluate(() => window.__pwTerminalText?.() ?? '');
}

/** Waits until the terminal is idle again (the command finished and the prompt is back). */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('#pw-panel-t1 .pw-terminal-host')).toHaveAttribute('data-state', 'ready');
}

/** Types a line into the terminal key by key and presses Enter, then waits for the prompt. */
export async function run(page: Page, line: string): Promise<void> {
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await settled(page);
}

/** The text printed after the last prompt line that ran `line`. */
export async function outputOf(page: Page, line: string): Promise<string> {
  const lines = (await terminalText(page)).split('\n');
  const start = lines.findLastIndex((l) => l.endsWith(`# ${line.trimEnd()}`));
  if (start < 0) return '';
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^\S+@\S+:.*# ?/.test(l) || /^\/ # /.test(l));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

/** The line being edited: the text after the prompt on the terminal's last line. */
export async function currentLine(page: Page): Promise<string> {
  const lines = (await terminalText(page)).split('\n');
  const last = lines[lines.length - 1] ?? '';
  const match = /^\S+@\S+:\S*# ?(.*)$/.exec(last);
  return match ? (match[1] ?? '') : last;
}

declare global {
  interface Window {
    __pwTerminalText?: () => string;
    __pwTerminalReadyAt?: number;
  }
}
