/**
 * The headless CLI (`npm run --silent sim`): -c commands run in order in one shell, stdin
 * scripts are split like a paste (here-documents included), output has no prompts, and the
 * exit status is the last command's. Bad arguments and scenarios are reported, not thrown.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../scripts/sim.ts', import.meta.url));

function sim(args: string[], input = ''): { out: string; err: string; status: number } {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8', timeout: 120_000 });
  return { out: r.stdout, err: r.stderr, status: r.status ?? -1 };
}

// Each case starts Node and builds a cluster: allow for a busy machine.
describe('sim CLI', { timeout: 180_000 }, () => {
  it('runs each -c in one shell and exits with the last status', () => {
    const r = sim(['-c', 'X=kept; hostname', '-c', 'ssh node-2', '-c', 'hostname; echo $X', '-c', 'exit', '-c', 'hostname; false']);
    expect(r.out).toBe('node-1\nnode-2\n\nnode-1\n');
    expect(r.err).toBe('logout\nConnection to node-2 closed.\n');
    expect(r.status).toBe(1);
  });
  it('reads a script from stdin, here-documents and loops spanning lines', () => {
    const r = sim(['--on', 'node-2'], 'cat <<EOF\non $(hostname)\nEOF\nfor i in 1 2; do\n  echo $i\ndone\nnosuch\n');
    expect(r).toEqual({ out: 'on node-2\n1\n2\n', err: 'bash: nosuch: command not found\n', status: 127 });
  });
  it('reports a bad scenario, machine or argument', () => {
    const bad = sim(['--scenario', 'nope', '-c', 'true']);
    expect(bad).toMatchObject({ out: '', status: 2 });
    expect(bad.err).toContain('no scenario file or scenario named "nope" (content/scenarios: ');
    expect(sim(['--on', 'nohost', '-c', 'true']).status).toBe(2);
    expect(sim(['--bogus']).err).toContain('sim: unknown argument --bogus');
  });
});
