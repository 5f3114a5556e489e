/**
 * A notebook cell's waits pass in virtual time (issue 14): lesson 4's `sleep 30` cell asks the
 * simulator for an instant run, finishes with its 30 simulated seconds on the clock, and Run
 * all does not wait half a minute; the terminal keeps real-time pacing for what is typed.
 */
import { expect, openTerminal, outputOf, run, test } from './fixtures.ts';

declare global {
  interface Window {
    /** Every message the page posted to a worker, as JSON (recorded by this spec's init script). */
    __pwPosted?: string[];
  }
}

test.beforeEach(async ({ page }) => {
  // Records the calls the page sends to the simulator's worker (comlink messages).
  await page.addInitScript(() => {
    const posted: string[] = [];
    window.__pwPosted = posted;
    const send = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, ...args: Parameters<Worker['postMessage']>) {
      try {
        posted.push(JSON.stringify(args[0]));
      } catch {
        posted.push('(not JSON)');
      }
      return send.apply(this, args);
    } as Worker['postMessage'];
  });
});

test('lesson 4: Run all lets `sleep 30` pass in virtual time, and the cell says how long it took', async ({ lesson }) => {
  test.setTimeout(180_000);
  await lesson.goto('/04-services/');
  await lesson.getByRole('button', { name: 'Run all' }).click();
  const cells = lesson.locator('.pw-cell');
  const n = await cells.count();
  for (let i = 0; i < n; i++) await expect(cells.nth(i)).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  // The clock: the cell's line took 30 s of simulated time (ExecReport.entry.ms).
  const cell = lesson.locator('.pw-cell[data-command="sleep 30"]');
  await expect(cell).toHaveAttribute('data-status', '0');
  await expect(cell.locator('.pw-cell-state')).toHaveText('30 s of simulated time passed.');

  // The mode: the cell asked the simulator for virtual time, the terminal's line did not
  // (sandbox/api/instant.test.ts shows such a line is never paced).
  await openTerminal(lesson);
  await run(lesson, 'echo paced');
  expect(await outputOf(lesson, 'echo paced')).toBe('paced');
  const execs = (await lesson.evaluate(() => window.__pwPosted ?? [])).filter((m) => m.includes('"exec"'));
  expect(execs.find((m) => m.includes('"sleep 30"'))).toContain('"instant":true');
  expect(execs.find((m) => m.includes('"echo paced"'))).not.toContain('"instant"');
});
