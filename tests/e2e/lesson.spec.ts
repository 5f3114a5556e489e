/**
 * The lesson "The pod IP model", driven as a learner would: the terminal (typing, editing,
 * completion, history, Ctrl-C), the cells (Run, counter, output, Run all), Reset lesson.
 * Every test fails on any page or console error (fixtures.ts).
 */
import { currentLine, expect, openTerminal, outputOf, PROMPT, run, settled, terminalText, test } from './fixtures.ts';

test('on a phone the terminal loads only when the learner opens the workbench, then shows the prompt', async ({ lesson }) => {
  await lesson.setViewportSize({ width: 390, height: 844 });
  await lesson.reload();
  // The workbench is folded under the text: nothing of xterm is on the page yet.
  await expect(lesson.locator('#pw-workbench')).toHaveAttribute('data-open', 'false');
  await expect(lesson.locator('.pw-terminal-host')).toHaveAttribute('data-state', 'idle');
  expect(await lesson.locator('.xterm').count()).toBe(0);
  // One tap on its bar opens it.
  await lesson.getByRole('button', { name: 'Show the terminal' }).click();
  await openTerminal(lesson);
  expect(await terminalText(lesson)).toContain(PROMPT);
});

test('at desktop width the docked terminal starts by itself', async ({ lesson }) => {
  await expect(lesson.locator('.pw-terminal-host')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect.poll(() => terminalText(lesson)).toContain(PROMPT);
});

test('ip route in the terminal prints the node routes', async ({ lesson }) => {
  await openTerminal(lesson);
  await run(lesson, 'ip route');
  const out = await outputOf(lesson, 'ip route');
  expect(out).toMatch(/^default via \S+ dev eth0/m);
  expect(out).toMatch(/dev cni0 proto kernel scope link src /);
  expect(out).toMatch(/via \S+ dev flannel\.1 onlink/);
});

test('an unknown command answers like bash, with status 127', async ({ lesson }) => {
  await openTerminal(lesson);
  await run(lesson, 'foo');
  expect(await outputOf(lesson, 'foo')).toBe('bash: foo: command not found');
  await run(lesson, 'echo $?');
  expect(await outputOf(lesson, 'echo $?')).toBe('127');
});

test('Tab completes a command name', async ({ lesson }) => {
  await openTerminal(lesson);
  await lesson.keyboard.type('kubec');
  await lesson.keyboard.press('Tab');
  await settled(lesson);
  await expect.poll(() => currentLine(lesson)).toBe('kubectl');
});

test('line editing and history: Home, Ctrl-U, up/down', async ({ lesson }) => {
  await openTerminal(lesson);
  await run(lesson, 'echo one');
  await run(lesson, 'echo two');
  await lesson.keyboard.press('ArrowUp');
  await lesson.keyboard.press('ArrowUp');
  await expect.poll(() => currentLine(lesson)).toBe('echo one');
  await lesson.keyboard.press('ArrowDown');
  await expect.poll(() => currentLine(lesson)).toBe('echo two');
  await lesson.keyboard.press('Home');
  await lesson.keyboard.type('# ');
  await expect.poll(() => currentLine(lesson)).toBe('# echo two');
  // Ctrl-U kills from the start to the cursor (readline unix-line-discard).
  await lesson.keyboard.press('Control+U');
  await expect.poll(() => currentLine(lesson)).toBe('echo two');
  await lesson.keyboard.press('End');
  await lesson.keyboard.press('Control+U');
  await expect.poll(() => currentLine(lesson)).toBe('');
  await lesson.keyboard.press('ArrowUp');
  await lesson.keyboard.press('Enter');
  await settled(lesson);
  expect(await outputOf(lesson, 'echo two')).toBe('two');
});

test('Ctrl-C interrupts a running ping and the prompt comes back', async ({ lesson }) => {
  await openTerminal(lesson);
  await lesson.keyboard.type('ping 127.0.0.1');
  await lesson.keyboard.press('Enter');
  await expect(lesson.locator('.pw-terminal-host')).toHaveAttribute('data-state', 'busy');
  await expect.poll(() => terminalText(lesson)).toMatch(/bytes from 127\.0\.0\.1/);
  await lesson.keyboard.press('Control+C');
  await settled(lesson);
  const out = await outputOf(lesson, 'ping 127.0.0.1');
  expect(out).toContain('--- 127.0.0.1 ping statistics ---');
  expect((await terminalText(lesson)).split('\n').at(-1)).toBe(PROMPT);
});

test('Ctrl-C on an idle line abandons it', async ({ lesson }) => {
  await openTerminal(lesson);
  await lesson.keyboard.type('ip ro');
  await lesson.keyboard.press('Control+C');
  await expect.poll(async () => (await terminalText(lesson)).split('\n').slice(-2)).toEqual([`${PROMPT} ip ro^C`, PROMPT]);
});

test('a pasted multi-line text runs line by line; control sequences do not escape', async ({ lesson }) => {
  await openTerminal(lesson);
  await lesson.evaluate(() => {
    document.dispatchEvent(new CustomEvent('pw:terminal-paste', { detail: 'echo first\recho \x1b[2Jsecond\r' }));
  });
  await expect.poll(() => outputOf(lesson, 'echo second')).toBe('second');
  expect(await outputOf(lesson, 'echo first')).toBe('first');
});

test('a cell runs with Run, shows its counter and its output', async ({ lesson }) => {
  const cell = lesson.locator('.pw-cell', { has: lesson.locator('code', { hasText: /^node-1\$ ip route$/ }) }).first();
  // Keyboard: a real button, focused and pressed with Enter.
  await cell.getByRole('button', { name: /^Run/ }).focus();
  await lesson.keyboard.press('Enter');
  await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');
  await expect(cell.locator('.pw-cell-output')).toContainText('dev cni0 proto kernel scope link');
  // Running it again counts on.
  await cell.getByRole('button', { name: /^Run/ }).click();
  await expect(cell.locator('.pw-cell-count')).toHaveText('[2]');
});

test('a cell on node-2 runs there and leaves the terminal on node-1', async ({ lesson }) => {
  const cell = lesson.locator('.pw-cell[data-on="node-2"]').first();
  await cell.getByRole('button', { name: /^Run/ }).click();
  await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');
  const node2 = await cell.locator('.pw-cell-output').textContent();
  const node1Cell = lesson.locator('.pw-cell[data-on="node-1"][data-command="ip route"]').first();
  await node1Cell.getByRole('button', { name: /^Run/ }).click();
  await expect(node1Cell.locator('.pw-cell-count')).toHaveText('[2]');
  expect(await node1Cell.locator('.pw-cell-output').textContent()).not.toBe(node2);
  await openTerminal(lesson);
  expect((await terminalText(lesson)).split('\n').at(-1)).toBe(PROMPT);
});

test('Run all runs every cell in order', async ({ lesson }) => {
  await lesson.getByRole('button', { name: 'Run all' }).click();
  const cells = lesson.locator('.pw-cell');
  const n = await cells.count();
  await expect(cells.nth(n - 1).locator('.pw-cell-count')).toHaveText(`[${n}]`);
  for (let i = 0; i < n; i += 1) await expect(cells.nth(i).locator('.pw-cell-count')).toHaveText(`[${i + 1}]`);
});

test('Reset lesson undoes changes and clears the cells', async ({ lesson }) => {
  await openTerminal(lesson);
  await run(lesson, 'ip addr add 192.0.2.7/32 dev lo');
  await run(lesson, 'ip -br addr show lo');
  expect(await outputOf(lesson, 'ip -br addr show lo')).toContain('192.0.2.7/32');
  const cell = lesson.locator('.pw-cell').first();
  await cell.getByRole('button', { name: /^Run/ }).click();
  await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');

  await lesson.getByRole('button', { name: 'Reset lesson' }).click();
  await lesson.getByRole('group', { name: 'Confirm reset' }).getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(lesson.locator('.pw-kernel-status')).toHaveText('Lesson reset');
  await expect(cell.locator('.pw-cell-count')).toHaveText('[ ]');
  await expect.poll(() => terminalText(lesson)).toContain('[lesson reset: the cluster is back to its starting state]');
  await lesson.locator('.pw-terminal .xterm-helper-textarea').focus();
  await run(lesson, 'ip -br addr show lo');
  expect(await outputOf(lesson, 'ip -br addr show lo')).not.toContain('192.0.2.7');
});

test('an apply cell sends its edited manifest through kubectl apply -f -', async ({ lesson }) => {
  const cell = lesson.locator('.pw-apply').first();
  const editor = cell.getByRole('textbox', { name: /Pod manifest/ });
  const text = await editor.inputValue();
  await editor.fill(text.replace('name: hello', 'name: edited'));
  await cell.getByRole('button', { name: 'Apply' }).click();
  await expect(cell.locator('.pw-cell-output')).toHaveText('pod/edited created\n');
  await expect(cell.locator('.pw-cell-count')).toHaveText('[1]');
  await openTerminal(lesson);
  await run(lesson, 'kubectl get pod edited');
  expect(await outputOf(lesson, 'kubectl get pod edited')).toMatch(/^edited\s+1\/1\s+Running/m);
});

test('an exercise fails with the problem only, reveals where, the rule and the fix hint by hint, then passes after the fix', async ({ lesson }) => {
  const exercise = lesson.locator('.pw-exercise').first();
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.locator('.pw-exercise-report')).toContainText('do not pass yet');
  await expect(exercise.locator('.pw-exercise-report')).toContainText('pod/toolbox cannot reach pod/whoami-3:80');
  await expect(exercise.locator('.pw-exercise-report')).not.toContainText('10.244.2.0/24');
  await expect(exercise.locator('.pw-exercise-solution')).toBeHidden();
  const hint = exercise.getByRole('button', { name: 'Show a hint' });
  await hint.click();
  await expect(exercise.locator('.pw-hint-where')).toContainText('dropped in node-1');
  await expect(exercise.locator('.pw-hint-rule')).toBeHidden();
  await hint.click();
  await expect(exercise.locator('.pw-hint-rule')).toContainText('SKB_DROP_REASON');
  while (await hint.isEnabled()) await hint.click();
  await expect(exercise.locator('.pw-exercise-solution')).toBeVisible();
  await openTerminal(lesson);
  await run(lesson, 'ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink');
  await exercise.getByRole('button', { name: 'Check' }).click();
  await expect(exercise.locator('.pw-exercise-report')).toContainText('All checks pass.');
  await expect(exercise.locator('.pw-exercise-done')).toBeVisible();
});

test('"Run in terminal" on a shell code block puts the command on the terminal line', async ({ lesson }) => {
  const button = lesson.getByRole('button', { name: 'Run in terminal' }).first();
  await button.click();
  await expect(lesson.locator('.pw-terminal-host')).toHaveAttribute('data-state', 'ready', { timeout: 20_000 });
  await expect.poll(() => currentLine(lesson)).toBe('kubectl exec toolbox -- ip addr show eth0');
  await lesson.keyboard.press('Enter');
  await settled(lesson);
  expect(await outputOf(lesson, 'kubectl exec toolbox -- ip addr show eth0')).toMatch(/eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450/);
});

test('the lesson\'s Simulator notes are drawn as notes, with their title, not as loose paragraphs', async ({ lesson }) => {
  const note = lesson.locator('aside.starlight-aside--note', { hasText: 'Simulator' }).first();
  await expect(note).toBeVisible();
  await expect(note.locator('.starlight-aside__title')).toHaveText('Simulator');
  expect(await lesson.locator('.sl-markdown-content div > p:first-child', { hasText: /^Simulator$/ }).count()).toBe(0);
});
