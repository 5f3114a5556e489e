/**
 * The CLI (`node scripts/sim.ts`) and the terminal print the same text for the same commands
 * on the same scenario: both are the same sandbox behind different hosts. Trailing blanks are
 * compared trimmed (a terminal screen cannot tell them from empty cells).
 */
import { spawnSync } from 'node:child_process';
import { expect, openTerminal, outputOf, run, test } from './fixtures.ts';

const commands = ['ip route', 'ip addr', 'ip -br link', 'ip link show cni0', 'ip -4 addr show eth0', 'foo', 'ip route shwo'];

/** Runs the CLI with stdout and stderr on one pipe, in the order it wrote them, as a terminal shows them. */
function cli(args: string[]): { out: string; status: number } {
  const result = spawnSync(
    'sh',
    ['-c', 'exec "$0" "$@" 2>&1', process.execPath, 'scripts/sim.ts', '--scenario', 'content/scenarios/pod-ip-model.yaml', '--on', 'node-1', ...args],
    { encoding: 'utf8' },
  );
  return { out: result.stdout, status: result.status ?? -1 };
}

const tidy = (text: string): string => text.split('\n').map((line) => line.trimEnd()).join('\n').replace(/\n+$/, '');

test('the CLI prints what the terminal prints', async ({ lesson }) => {
  test.setTimeout(120_000);
  await openTerminal(lesson);
  for (const command of commands) {
    await run(lesson, command);
    const terminal = tidy(await outputOf(lesson, command));
    const fromCli = tidy(cli(['-c', command]).out);
    expect(terminal, `terminal output of ${command}`).not.toBe('');
    expect(terminal, `terminal vs CLI for: ${command}`).toBe(fromCli);
  }
});

test('the CLI exits with the last status and keeps state across -c', async ({ lesson }) => {
  expect(cli(['-c', 'foo']).status).toBe(127);
  const both = cli(['-c', 'foo', '-c', 'echo $?']);
  await openTerminal(lesson);
  await run(lesson, 'foo');
  await run(lesson, 'echo $?');
  expect(tidy(both.out)).toBe(`${await outputOf(lesson, 'foo')}\n${await outputOf(lesson, 'echo $?')}`);
});
