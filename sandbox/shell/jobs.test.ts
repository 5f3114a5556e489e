/**
 * Background jobs on the session's virtual-time scheduler: one clock for all processes,
 * bash's job notices, jobs/kill/wait/fg, $!, and job output after the command line ended.
 */
import { describe, expect, it } from 'vitest';
import { createShell, type Shell } from './session.ts';
import { testWorld } from './test-world.ts';

async function run(sh: Shell, line: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const r = await sh.exec(line, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

function start() {
  const world = testWorld();
  return { world, sh: createShell(world, 'node-1') };
}

describe('one virtual clock for every process', () => {
  it('sleep 2 & sleep 3; wait takes 3 s, not 5', async () => {
    const { world, sh } = start();
    const t0 = world.clock.ms;
    const r = await run(sh, 'sleep 2 & sleep 3; wait');
    expect(world.clock.ms - t0).toBe(3000);
    expect(r.status).toBe(0);
    // The job ended during the foreground `sleep 3`: bash reports it when that one finishes.
    expect(r.err).toMatch(/^\[1\] [0-9]+\n\[1\]\+  Done                    sleep 2\n$/);
  });
  it('wait for a longer job advances to its end only', async () => {
    const { world, sh } = start();
    const t0 = world.clock.ms;
    await run(sh, 'sleep 5 & sleep 1');
    expect(world.clock.ms - t0).toBe(1000);
    await run(sh, 'wait');
    expect(world.clock.ms - t0).toBe(5000);
  });
  it('interleaves output of concurrent jobs in virtual-time order', async () => {
    const { sh } = start();
    const r = await run(sh, '(sleep 2; echo b) & (sleep 1; echo a) & sleep 3; echo c');
    expect(r.out).toBe('a\nb\nc\n');
  });
  it('time stands still between command lines without a pacing host', async () => {
    const { world, sh } = start();
    await run(sh, 'sleep 10 &');
    const t = world.clock.ms;
    await run(sh, 'true');
    expect(world.clock.ms).toBe(t);
    expect((await run(sh, 'jobs')).out).toBe('[1]+  Running                 sleep 10 &\n');
  });
});

describe('bash job messages', () => {
  it('[N] PID on start, Done before the next prompt, $! is the pid', async () => {
    const { sh } = start();
    const a = await run(sh, 'sleep 1 &');
    const pid = /^\[1\] ([0-9]+)\n$/.exec(a.err)?.[1];
    expect(pid).toBeDefined();
    expect((await run(sh, 'echo $!')).out).toBe(`${pid}\n`);
    const b = await run(sh, 'sleep 2');
    expect(b.err).toBe('[1]+  Done                    sleep 1\n');
    // Reported once, then forgotten; numbering starts over.
    expect((await run(sh, 'jobs')).out).toBe('');
    expect((await run(sh, 'sleep 1 &')).err).toMatch(/^\[1\] /);
  });
  it('marks + and -, Exit N for a failing job, notice before later output of the line', async () => {
    const { sh } = start();
    await run(sh, 'sleep 30 &');
    await run(sh, 'sleep 40 &');
    await run(sh, 'sleep 41 &');
    expect((await run(sh, 'jobs')).out).toBe(
      '[1]   Running                 sleep 30 &\n[2]-  Running                 sleep 40 &\n[3]+  Running                 sleep 41 &\n',
    );
    await run(sh, '(sleep 0.2; false) &');
    const r = await run(sh, 'sleep 1; echo y');
    expect(r.err).toBe('[4]+  Exit 1                  ( sleep 0.2; false )\n'.replace('( sleep 0.2; false )', '(sleep 0.2; false)'));
    expect(r.out).toBe('y\n');
  });
  it('kill %1 terminates the job; the notice comes at the next prompt; jobs shows it', async () => {
    const { sh } = start();
    await run(sh, 'sleep 100 > /dev/null &');
    expect((await run(sh, 'jobs')).out).toBe('[1]+  Running                 sleep 100 > /dev/null &\n');
    expect(await run(sh, 'kill %1')).toEqual({ out: '', err: '', status: 0 });
    const e = await run(sh, 'echo z');
    expect(e.out).toBe('z\n');
    expect(e.err).toBe('[1]+  Terminated              sleep 100 > /dev/null\n');
    expect((await run(sh, 'kill %1')).err).toBe('bash: kill: %1: no such job\n');
  });
  it('kill by pid, then jobs reports Terminated once', async () => {
    const { sh } = start();
    await run(sh, 'sleep 100 &');
    await run(sh, 'kill $!');
    expect((await run(sh, 'jobs')).out).toBe('[1]+  Terminated              sleep 100\n');
    expect((await run(sh, 'jobs')).out).toBe('');
  });
  it('wait %N returns the job status and prints no notice', async () => {
    const { sh } = start();
    await run(sh, '(sleep 1; exit 3) &');
    const r = await run(sh, 'wait %1; echo $?');
    expect(r.out).toBe('3\n');
    expect(r.err).toBe('');
    expect((await run(sh, 'wait %1')).err).toBe('bash: wait: %1: no such job\n');
  });
  it('Ctrl-C stops wait, not the job', async () => {
    const { world, sh } = start();
    await run(sh, 'sleep 100 &');
    const p = run(sh, 'wait');
    sh.interrupt();
    const r = await p;
    expect(r.status).toBe(130);
    expect(world.clock.ms).toBeLessThan(100_000);
    expect((await run(sh, 'jobs')).out).toContain('Running');
  });
  it('fg prints the command and waits for it', async () => {
    const { world, sh } = start();
    const t0 = world.clock.ms;
    await run(sh, '(sleep 4; echo done) &');
    const r = await run(sh, 'fg');
    expect(r.out).toBe('(sleep 4; echo done)\ndone\n');
    expect(world.clock.ms - t0).toBe(4000);
    expect((await run(sh, 'fg')).err).toBe('bash: fg: current: no such job\n');
  });
});

describe('jobs of scripts and subshells', () => {
  it('run concurrently but are not the interactive shell\'s jobs', async () => {
    const { world, sh } = start();
    const t0 = world.clock.ms;
    const r = await run(sh, "bash -c 'sleep 2 & echo started'; jobs; sleep 3; echo end");
    expect(r.out).toBe('started\nend\n');
    expect(r.err).toBe('');
    expect(world.clock.ms - t0).toBe(3000);
    expect((await run(sh, 'jobs')).out).toBe('');
  });
});

describe('job output after the command line ended', () => {
  it('is held for the next exec, or streamed to onOutput subscribers', async () => {
    const { sh } = start();
    await run(sh, '(sleep 1; echo late) &');
    await run(sh, 'true');
    const r = await run(sh, 'sleep 2');
    expect(r.out).toBe('late\n');
    const got: string[] = [];
    const off = sh.onOutput((c) => got.push(c.text));
    await run(sh, '(sleep 1; echo later) &');
    expect(got).toEqual([]);
    off();
  });
});
