// The sandbox API as the worker, the CLI and the tests drive it: boot a scenario, run lines,
// grade without side effects, snapshot and restore the world with the learner's place.
import { describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

const lab = scenarioText('reference-lab')!;

async function run(sb: ReturnType<typeof createSandbox>, line: string): Promise<{ status: number; out: string }> {
  let out = '';
  const r = await sb.exec(line, (c) => { out += c.text; });
  return { status: r.status, out };
}

describe('createSandbox', () => {
  it('boots a scenario and reports where the shell stands', () => {
    const sb = createSandbox();
    const boot = sb.boot({ scenario: lab });
    expect(boot.scenario).toBe('reference-lab');
    expect(boot.prompt).toBe('root@lab-node1:~# ');
    expect(boot.machines).toContain('lab-n1-pa');
  });

  it('rejects an invalid scenario naming the field', () => {
    const sb = createSandbox();
    expect(() => sb.boot({ scenario: 'name: x\nmachines: []\n' })).toThrow(/machines/);
  });

  it('starts on the machine asked for', () => {
    const sb = createSandbox();
    expect(sb.boot({ scenario: lab, on: 'lab-node2' }).prompt).toBe('root@lab-node2:~# ');
  });

  it('grades on a copy: a probe leaves no trace in the learner\'s conntrack table', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab });
    const before = (await run(sb, 'conntrack -L 2>/dev/null | wc -l')).out;
    const report = sb.check({
      id: 'x', title: 't', checks: [{ reach: { from: 'lab-n1-pa', to: '10.96.0.10:80' } }],
      solution: { on: 'lab-node1', commands: ['true'] },
    });
    expect(report.passed).toBe(true);
    expect((await run(sb, 'conntrack -L 2>/dev/null | wc -l')).out).toBe(before);
  });

  // Without the flannel route node1 sends the packet to its default gateway, the LAN, which
  // does not forward: that is where the probe must say it died.
  it('explains where a failed probe died', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab });
    await run(sb, 'ip route del 10.244.2.0/24');
    const report = sb.check({
      id: 'x', title: 't', checks: [{ reach: { from: 'lab-n1-pa', to: '10.244.2.2:8080' } }],
      solution: { on: 'lab-node1', commands: ['true'] },
    });
    expect(report.passed).toBe(false);
    expect(report.results[0]!.message).toMatch(/dropped in lab-lan at br0: .*ip_forward=0/);
  });

  it('restores a snapshot: the world and the place the learner stood', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab });
    await run(sb, 'ssh lab-node2');
    const snap = sb.snapshot();
    await run(sb, 'ip route del default');
    await run(sb, 'exit');
    sb.restore(snap);
    expect(sb.prompt()).toBe('root@lab-node2:~# ');
    expect((await run(sb, 'ip route show default')).out).toMatch(/^default via 10\.0\.16\.1 dev eth0/);
  });

  it('keeps the lines of an unfinished command, as bash does at its PS2 prompt', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab });
    const first = await sb.exec("cat <<'EOF'", () => undefined);
    expect(first).toMatchObject({ prompt: '> ', more: true });
    expect(sb.prompt()).toBe('> ');
    await sb.exec('line one', () => undefined);
    await sb.exec('', () => undefined);
    let out = '';
    const done = await sb.exec('EOF', (c) => { out += c.text; });
    expect(out).toBe('line one\n\n');
    expect(done.more).toBeUndefined();
    expect(done.prompt).toBe('root@lab-node1:~# ');
  });

  it('discards an unfinished command on interrupt', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab });
    await sb.exec('echo "open quote', () => undefined);
    sb.interrupt();
    expect(sb.prompt()).toBe('root@lab-node1:~# ');
    expect((await run(sb, 'echo fresh')).out).toBe('fresh\n');
  });

  it('records the packet walk of the last command', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: lab });
    await run(sb, 'ip netns exec lab-n1-pa curl -s -m 2 http://10.244.1.3:8080/');
    const last = sb.traces().at(-1)!;
    expect(last.command).toMatch(/curl/);
    expect(last.hops.some((h) => h.event === 'br_forward' && h.netns === 'lab-node1')).toBe(true);
  });
});
