/**
 * The workbench, driven as a learner would: the docked terminal stays in view and
 * wide; a phone stacks it one tap away; a second terminal works while the first runs `ping`;
 * a cell waiting behind that ping says so and can be stopped; a pass survives a reload at any
 * instant; saved work that cannot replay, or a poisoned import, never wedges the lesson; Ctrl-C
 * ends a nested busy loop; an OSC 8 sequence in a prompt is shown, never made a link; the
 * phone key bar types Tab and Ctrl-C.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { lessonFiles } from '../../scripts/lesson-files.ts';
import { expect, LESSON, openTerminal, outputOf, PROMPT, settled, terminalText, test } from './fixtures.ts';

const FIX = 'ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink';

/** Pastes text into the terminal in view, as "Run in terminal" does (one event, not a key per character). */
async function paste(page: Page, text: string): Promise<void> {
  await page.evaluate((detail) => document.dispatchEvent(new CustomEvent('pw:terminal-paste', { detail })), text);
}

/**
 * Enters a line as a paste (typing a long line key by key costs a minute on a loaded machine)
 * and waits for the prompt.
 */
async function enter(page: Page, line: string, session = '1'): Promise<void> {
  await paste(page, line);
  await page.keyboard.press('Enter');
  await expect(page.locator(`#pw-panel-t${session} .pw-terminal-host`)).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
}

/** The text of the terminal of `session` (test hook of src/terminal/mount.ts). */
const textOf = (page: Page, session: string): Promise<string> =>
  page.evaluate((s) => window.__pwTerminalTexts?.[s]?.() ?? '', session);

/** A progress file holding only a work tree (no commits): lesson 1 with `lines` in its journal. */
function progressFile(lines: string[]): string {
  const journal = lines.map((line, i) => `${JSON.stringify({ line, at: i * 1000, ms: 10, status: 0, origin: 'terminal' })}\n`).join('');
  return JSON.stringify({
    format: 'packetwalk-progress',
    version: 1,
    workbook: 'packetwalk',
    exportedAt: new Date().toISOString(),
    commits: [],
    worktree: { 'lessons/01-pod-ip-model/journal.jsonl': journal },
  });
}

async function importProgress(page: Page, text: string): Promise<void> {
  await page.locator('.pw-progress summary').click();
  await Promise.all([
    page.waitForEvent('load'),
    page.locator('.pw-import').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(text) }),
  ]);
}

test.describe('at 1440x900', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the terminal stays in view and at least 100 columns wide at the last exercise of every lesson', async ({ page }) => {
    test.setTimeout(180_000);
    for (const file of lessonFiles()) {
      const slug = file.replace(/^.*\//, '').replace(/\.mdx?$/, '');
      await page.goto(`/${slug}/`);
      await page.locator('.pw-exercise').last().scrollIntoViewIfNeeded();
      const host = page.locator('#pw-panel-t1 .pw-terminal-host');
      await expect(host, `terminal of ${slug}`).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
      await expect(host).toBeInViewport({ ratio: 0.9 });
      await expect(page.locator('.pw-exercise').last()).toBeInViewport();
      const columns = await page.evaluate(() => window.__pwTerminalSize?.().columns ?? 0);
      expect(columns, `columns of ${slug}'s terminal`).toBeGreaterThanOrEqual(100);
    }
  });

  test('the divider resizes the workbench from the keyboard; Hide folds it and gives the text the room', async ({ lesson }) => {
    const bench = lesson.locator('#pw-workbench');
    const divider = lesson.getByRole('separator', { name: 'Resize the workbench' });
    const before = (await bench.boundingBox())!.width;
    await divider.focus();
    await lesson.keyboard.press('ArrowRight');
    await expect.poll(async () => (await bench.boundingBox())!.width).toBeLessThan(before - 40);
    await lesson.getByRole('button', { name: 'Hide' }).click();
    await expect(bench).toHaveAttribute('data-open', 'false');
    expect((await bench.boundingBox())!.width).toBeLessThan(60);
    expect((await lesson.locator('main').boundingBox())!.width).toBeGreaterThan(1200);
    await lesson.getByRole('button', { name: 'Show', exact: true }).click();
    await expect(bench).toHaveAttribute('data-open', 'true');
  });

  test('a second terminal answers while the first runs ping; a cell queued behind that ping can be stopped', async ({ lesson }) => {
    await openTerminal(lesson);
    await paste(lesson, 'ping 127.0.0.1');
    await lesson.keyboard.press('Enter');
    await expect.poll(() => terminalText(lesson)).toMatch(/bytes from 127\.0\.0\.1/);
    await expect(lesson.locator('.pw-busy')).toContainText('Terminal 1: ping 127.0.0.1');

    // A cell runs in the first terminal's session: it waits, says why, and offers Stop.
    const cell = lesson.locator('.pw-cell', { has: lesson.locator('code', { hasText: /^node-1\$ ip route$/ }) }).first();
    await cell.getByRole('button', { name: /^Run/ }).click();
    await expect(cell).toHaveAttribute('data-state', 'queued');
    await expect(cell.locator('.pw-cell-state')).toHaveText('Waiting for Terminal 1 (running: ping 127.0.0.1)');
    await cell.getByRole('button', { name: 'Stop' }).click();
    await expect(cell.locator('.pw-cell-state')).toHaveText('Stopped before it ran.');
    await expect(cell.getByRole('button', { name: 'Stop' })).toBeHidden();
    await expect(cell.locator('.pw-cell-count')).toHaveText('[ ]');

    // A second terminal on the same cluster answers at once.
    await lesson.getByRole('button', { name: '+ New terminal' }).click();
    await expect(lesson.getByRole('tab', { name: 'Terminal 2' })).toHaveAttribute('aria-selected', 'true');
    const second = lesson.locator('#pw-panel-t2 .pw-terminal-host');
    await expect(second).toHaveAttribute('data-state', 'ready');
    await paste(lesson, 'ip addr add 192.0.2.5/32 dev lo && echo added');
    await lesson.keyboard.press('Enter');
    await expect.poll(() => textOf(lesson, '2')).toContain('\nadded');
    // The ping goes on in the first terminal meanwhile.
    await expect(lesson.locator('#pw-panel-t1 .pw-terminal-host')).toHaveAttribute('data-state', 'busy');

    // Stop on a running cell is Ctrl-C: run the cell, then interrupt the ping from its tab.
    await lesson.getByRole('tab', { name: 'Terminal 1' }).click();
    await lesson.locator('#pw-panel-t1 .xterm-helper-textarea').focus();
    await lesson.keyboard.press('Control+C');
    await settled(lesson);
    expect(await outputOf(lesson, 'ping 127.0.0.1')).toContain('--- 127.0.0.1 ping statistics ---');
    await enter(lesson, 'ip -br addr show lo');
    expect(await outputOf(lesson, 'ip -br addr show lo')).toContain('192.0.2.5/32');
  });

  test('Stop on a running cell interrupts it as Ctrl-C does', async ({ lesson }) => {
    await openTerminal(lesson);
    await lesson.evaluate(() => {
      // A cell's command, as a lesson author could write it: a ping that never ends by itself.
      const cell = document.querySelector<HTMLElement>('.pw-cell[data-command="ip route"]')!;
      cell.dataset.command = 'ping 127.0.0.1';
    });
    const cell = lesson.locator('.pw-cell[data-command="ping 127.0.0.1"]').first();
    await cell.getByRole('button', { name: /^Run/ }).click();
    await expect(cell.locator('.pw-cell-output')).toContainText('bytes from 127.0.0.1');
    await cell.getByRole('button', { name: 'Stop' }).click();
    await expect(cell.locator('.pw-cell-output')).toContainText('--- 127.0.0.1 ping statistics ---');
    await expect(cell).toHaveAttribute('data-state', 'done');
    await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');
  });

  for (const delay of [0, 10, 50, 100]) {
    test(`a pass shown as done survives a reload ${delay} ms after the tick`, async ({ lesson }) => {
      await openTerminal(lesson);
      await enter(lesson, FIX);
      const exercise = lesson.locator('.pw-exercise').first();
      await exercise.getByRole('button', { name: 'Check' }).click();
      await expect(exercise.locator('.pw-exercise-done')).toBeVisible();
      if (delay > 0) await lesson.waitForTimeout(delay);
      await lesson.reload();
      await expect(lesson.locator('.pw-exercise-done').first()).toBeVisible();
      await openTerminal(lesson);
      await enter(lesson, 'ip route show 10.244.2.0/24');
      expect(await outputOf(lesson, 'ip route show 10.244.2.0/24')).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
      // And the history has the pass as a commit.
      await lesson.locator('.pw-progress summary').click();
      await expect(lesson.locator('.pw-history-message').first()).toHaveText('Pass exercise: Pods on node-1 cannot reach pods on node-3');
    });
  }

  // Known defect, kept visible: one 9,000-replica create holds the worker for seconds in one
  // synchronous controller pass, and on a loaded machine the watchdog declares it hung before
  // the line ends. The fix is controllers that yield between rounds (sandbox/cluster/reconcile.ts).
  test.fixme('three huge deployments: the reload replays what fits its budget and the lesson stays usable', async ({ lesson }) => {
    test.setTimeout(240_000);
    await openTerminal(lesson);
    for (const name of ['a', 'b', 'c']) {
      await enter(lesson, `kubectl create deployment big-${name} --image=nginx --replicas=9000`);
    }
    await expect(lesson.locator('#pw-lesson')).toHaveAttribute('data-progress', 'saved');
    await lesson.reload();
    await expect(lesson.locator('#pw-lesson')).toHaveAttribute('data-kernel', 'ready', { timeout: 60_000 });
    await openTerminal(lesson);
    await enter(lesson, 'echo usable');
    expect(await outputOf(lesson, 'echo usable')).toBe('usable');
    // Whether or not the replay was cut, "Reset lesson" boots clean.
    await lesson.getByRole('button', { name: 'Reset lesson' }).click();
    await lesson.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset', exact: true }).click();
    await expect(lesson.locator('.pw-kernel-status')).toHaveText('Lesson reset', { timeout: 60_000 });
    await lesson.locator('#pw-panel-t1 .xterm-helper-textarea').focus();
    await enter(lesson, 'kubectl get deployments');
    expect(await outputOf(lesson, 'kubectl get deployments')).not.toContain('big-');
  });

  test('a poisoned import (a nested endless loop) replays within its budget; the lesson stays usable', async ({ lesson }) => {
    test.setTimeout(120_000);
    await importProgress(lesson, progressFile([FIX, 'while :; do while :; do :; done; done', 'ip addr add 192.0.2.8/32 dev lo']));
    await expect(lesson.locator('#pw-lesson')).toHaveAttribute('data-kernel', 'ready', { timeout: 60_000 });
    await openTerminal(lesson);
    await enter(lesson, 'ip route show 10.244.2.0/24');
    expect(await outputOf(lesson, 'ip route show 10.244.2.0/24')).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
    // The kernel banner, if any, offers to start from the scenario; the terminal answers meanwhile.
    const fresh = lesson.getByRole('button', { name: 'Start from the scenario' });
    if (await fresh.isVisible()) {
      await fresh.click();
      await expect(lesson.locator('.pw-kernel-status')).toHaveText('Started from the scenario');
    }
    await lesson.locator('#pw-panel-t1 .xterm-helper-textarea').focus();
    await enter(lesson, 'echo still-here');
    expect(await outputOf(lesson, 'echo still-here')).toBe('still-here');
  });

  test('Ctrl-C ends a nested endless loop at once, and the prompt comes back', async ({ lesson }) => {
    await openTerminal(lesson);
    await paste(lesson, 'while :; do while :; do :; done; done');
    await lesson.keyboard.press('Enter');
    await expect(lesson.locator('#pw-panel-t1 .pw-terminal-host')).toHaveAttribute('data-state', 'busy');
    await lesson.keyboard.press('Control+C');
    // Within a second (the watchdog never needed).
    await expect(lesson.locator('#pw-panel-t1 .pw-terminal-host')).toHaveAttribute('data-state', 'ready', { timeout: 1_000 });
    await expect(lesson.locator('#pw-lesson')).toHaveAttribute('data-kernel', 'ready');
    await enter(lesson, 'echo $?');
    expect(await outputOf(lesson, 'echo $?')).toBe('130');
  });

  test('an OSC 8 hyperlink in an ssh user name is shown as text, never as a link', async ({ lesson }) => {
    const user = '\x1b]8;;https://evil.example/\x07learner\x1b]8;;\x07';
    await importProgress(lesson, progressFile([`ssh "${user}@node-2"`]));
    await openTerminal(lesson);
    // Not root: bash's prompt ends in `$`.
    await expect.poll(() => terminalText(lesson)).toContain('^[]8;;https://evil.example/^Glearner^[]8;;^G@node-2:~$');
    // xterm makes OSC 8 text a link (underlined, with a pointer); none exists.
    const row = lesson.locator('#pw-panel-t1 .xterm-rows span', { hasText: 'learner' }).first();
    await row.hover({ force: true });
    expect(await lesson.locator('#pw-panel-t1 .xterm-rows [style*="underline"], #pw-panel-t1 .xterm-underline-1').count()).toBe(0);
    await expect(lesson.locator('#pw-panel-t1 .xterm-screen')).not.toHaveCSS('cursor', 'pointer');
    // Recalled from the history, the line is shown the same way.
    await lesson.keyboard.press('ArrowUp');
    await expect.poll(() => terminalText(lesson)).toMatch(/\$ ssh "\^\[\]8;;https:\/\/evil\.example\/\^Glearner\^\[\]8;;\^G@node-2"$/);
  });

  test('clear clears the screen', async ({ lesson }) => {
    await openTerminal(lesson);
    await enter(lesson, 'echo before-clear');
    await enter(lesson, 'clear');
    await expect.poll(() => terminalText(lesson)).not.toContain('before-clear');
    expect(await terminalText(lesson)).not.toContain('^[');
  });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the workbench is stacked under the text, one tap away; the key bar sends Tab and Ctrl-C', async ({ lesson }) => {
    const bench = lesson.locator('#pw-workbench');
    await expect(bench).toHaveAttribute('data-open', 'false');
    await lesson.getByRole('button', { name: 'Show the terminal' }).tap();
    await expect(bench).toHaveAttribute('data-open', 'true');
    const host = lesson.locator('#pw-panel-t1 .pw-terminal-host');
    await expect(host).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
    // Full width.
    expect((await bench.boundingBox())!.width).toBe(390);
    await lesson.locator('#pw-panel-t1 .xterm-helper-textarea').focus();
    await paste(lesson, 'kubec');
    await lesson.getByRole('button', { name: 'Tab (complete)' }).tap();
    await expect.poll(async () => (await terminalText(lesson)).split('\n').at(-1)).toBe(`${PROMPT} kubectl`);
    await lesson.getByRole('button', { name: 'Ctrl-C (interrupt)' }).tap();
    await expect.poll(async () => (await terminalText(lesson)).split('\n').slice(-2)).toEqual([`${PROMPT} kubectl ^C`, PROMPT]);
    // Up recalls history from the bar too.
    await paste(lesson, 'echo phone');
    await lesson.keyboard.press('Enter');
    await settled(lesson);
    await lesson.getByRole('button', { name: 'Up (previous command)' }).tap();
    await expect.poll(async () => (await terminalText(lesson)).split('\n').at(-1)).toBe(`${PROMPT} echo phone`);
  });
});

test('course progress: a passed exercise shows as a count in the sidebar and on the home page', async ({ lesson }) => {
  await openTerminal(lesson);
  await enter(lesson, FIX);
  const exercise = lesson.locator('.pw-exercise').first();
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.locator('.pw-exercise-done')).toBeVisible();
  const total = await lesson.locator('.pw-exercise').count();
  await lesson.goto('/');
  const link = lesson.locator('.pw-course a[href$="/01-pod-ip-model/"]');
  await expect(link.locator('.pw-tick')).toHaveText(total === 1 ? `✓ 1/1` : `1/${total}`);
  await expect(link).toContainText(`1 of ${total} exercise`);
  await lesson.goto(LESSON);
  await lesson.getByRole('button', { name: 'Lessons' }).click();
  await expect(lesson.locator('nav.sidebar a[href$="/01-pod-ip-model/"] .pw-tick')).toBeVisible();
});

test('Reset asks first, and Undo brings the lesson back', async ({ lesson }) => {
  await openTerminal(lesson);
  await enter(lesson, FIX);
  const exercise = lesson.locator('.pw-exercise').first();
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.locator('.pw-exercise-done')).toBeVisible();
  await lesson.getByRole('button', { name: 'Reset lesson' }).click();
  const confirm = lesson.getByRole('group', { name: 'Confirm reset' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(exercise.locator('.pw-exercise-done')).toBeVisible();
  await lesson.getByRole('button', { name: 'Reset lesson' }).click();
  await confirm.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(exercise.locator('.pw-exercise-done')).toBeHidden();
  await lesson.getByRole('button', { name: 'Undo reset' }).click();
  await lesson.waitForEvent('load');
  await expect(lesson.locator('.pw-exercise-done').first()).toBeVisible();
  await openTerminal(lesson);
  await enter(lesson, 'ip route show 10.244.2.0/24');
  expect(await outputOf(lesson, 'ip route show 10.244.2.0/24')).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
});

test('the page carries its Content-Security-Policy in a meta tag for hosts that send no headers', async ({ page }) => {
  await page.goto(LESSON);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
  expect(policy).not.toContain('frame-ancestors');
  const html = await readFile('dist/01-pod-ip-model/index.html', 'utf8');
  expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<script'));
});

declare global {
  interface Window {
    __pwTerminalTexts?: Record<string, () => string>;
    __pwTerminalSize?: () => { columns: number };
  }
}
