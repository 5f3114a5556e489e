// One CPU budget per command line: nested loops,
// command substitution and pipelines draw on the same budget and the whole line ends as a
// process over its RLIMIT_CPU does; the host gets a turn every PAUSE_STEPS steps, so a Ctrl-C
// sent from that turn stops even a loop that never waits.
import { describe, expect, it } from 'vitest';
import { createShell, type Shell, type ShellOptions } from './session.ts';
import { testWorld } from './test-world.ts';
import { CPU_STEPS, PAUSE_STEPS } from './interpreter.ts';

async function run(sh: Shell, line: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const r = await sh.exec(line, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

const shell = (options: ShellOptions = {}): Shell => createShell(testWorld(), 'node-1', options);
const XCPU = { out: '', err: 'CPU time limit exceeded\n', status: 152 };

describe('the CPU budget of a command line', () => {
  it('is shared by nested loops: the inner loop cannot reset it, the whole line stops', async () => {
    const sh = shell();
    expect(await run(sh, 'while :; do while :; do :; done; echo inner-done; done; echo after')).toEqual(XCPU);
    expect(await run(sh, 'echo next')).toEqual({ out: 'next\n', err: '', status: 0 });
  }, 30_000);

  it('covers command substitution', async () => {
    expect(await run(shell(), 'x=$(while :; do :; done); echo "got[$x]"')).toEqual(XCPU);
  }, 30_000);

  it('covers pipelines and `sh -c`', async () => {
    const sh = shell();
    expect(await run(sh, 'while :; do echo y; done | wc -l; echo after')).toEqual(XCPU);
    expect(await run(sh, "sh -c 'while :; do :; done'; echo after")).toEqual(XCPU);
  }, 30_000);

  it('is per line: two lines that each use most of it both finish', async () => {
    const sh = shell();
    // Each turn is two steps (the loop turn and `:`): 60% of the budget per line.
    const turns = Math.floor((CPU_STEPS * 0.6) / 2);
    for (let i = 0; i < 2; i++) expect(await run(sh, `for i in $(seq 1 ${turns}); do :; done; echo ok`)).toEqual({ out: 'ok\n', err: '', status: 0 });
  }, 30_000);

  it('gives a background job its own budget, ending it with status 152', async () => {
    const sh = shell();
    // The job runs until it first waits before the prompt returns: here, until its budget ends.
    const r = await run(sh, 'echo $(seq 1 3) && while :; do :; done &');
    expect(r.err).toMatch(/^\[1\] \d+\n\[1\]\+  Exit 152 {16}echo \$\(seq 1 3\) && while :; do :; done\n$/);
    expect(r.out).toBe('1 2 3\n');
    expect(await run(sh, 'echo fg')).toEqual({ out: 'fg\n', err: '', status: 0 });
  }, 30_000);
});

describe('interrupting a loop that never waits', () => {
  it('lands at the next host turn: the host calls interrupt from its pause hook', async () => {
    let turns = 0;
    let sh: Shell | undefined;
    const pause: ShellOptions['pause'] = async () => {
      turns++;
      const busy = sh!.busy();
      expect(busy?.line).toBe('while :; do while :; do :; done; done');
      expect(busy?.steps).toBe(turns * PAUSE_STEPS);
      if (turns === 4) sh!.interrupt();
    };
    sh = shell({ pause });
    const r = await run(sh, 'while :; do while :; do :; done; done');
    expect(r.status).toBe(130);
    // No further turn was needed: the loops stopped within PAUSE_STEPS steps of Ctrl-C.
    expect(turns).toBe(4);
    expect(sh.busy()).toBeUndefined();
    expect((await run(sh, 'echo next')).out).toBe('next\n');
  });
});
