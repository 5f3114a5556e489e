/**
 * A command line that computes forever cannot wedge the terminal: the worker gives the page a turn every few hundred steps, so Ctrl-C reaches the
 * nested loop that defeated it before. (Left alone, the line ends on its CPU budget: unit
 * tests in sandbox/shell/cpu-budget.test.ts; its duration is in bench/workbench.bench.ts.)
 * Every test fails on any page or console error (fixtures.ts).
 */
import { expect, openTerminal, outputOf, PROMPT, run, settled, terminalText, test } from './fixtures.ts';

const LOOP = 'while :; do while :; do :; done; done';

test('Ctrl-C stops a nested loop that never waits, and the next line runs', async ({ lesson }) => {
  await openTerminal(lesson);
  await lesson.keyboard.type(LOOP);
  await lesson.keyboard.press('Enter');
  await expect(lesson.locator('.pw-terminal-host')).toHaveAttribute('data-state', 'busy');
  await lesson.keyboard.press('Control+C');
  await settled(lesson);
  expect((await terminalText(lesson)).split('\n').at(-1)).toBe(PROMPT);
  await run(lesson, 'echo $?');
  expect(await outputOf(lesson, 'echo $?')).toBe('130');
});
