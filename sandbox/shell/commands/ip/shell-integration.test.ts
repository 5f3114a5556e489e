// The commands inside the real shell: pipes, `ip netns exec` into a nested command (through
// the shell's spawn), `$?` after a refusal, and tab completion of device names.
import { describe, expect, it } from 'vitest';
import { buildLab } from '../../../../tests/fidelity/lab-fixture.ts';
import { createShell, type ShellChunk } from '../../session.ts';

async function run(line: string) {
  const lab = buildLab();
  const sh = createShell(lab.world, 'lab-node1');
  const chunks: ShellChunk[] = [];
  const r = await sh.exec(line, (c) => chunks.push(c));
  const text = (s: ShellChunk['stream']) => chunks.filter((c) => c.stream === s).map((c) => c.text).join('');
  return { status: r.status, stdout: text('stdout'), stderr: text('stderr'), sh };
}

describe('ip, bridge and sysctl in the shell', () => {
  it('pipes ip output and runs ip netns exec through the shell', async () => {
    expect((await run('ip route | grep flannel')).stdout).toBe('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n');
    expect((await run('ip netns exec lab-n1-pa ip route get 10.244.2.2 | head -1')).stdout).toBe('10.244.2.2 via 10.244.1.1 dev eth0 src 10.244.1.2 uid 0 \n');
    expect((await run('ip netns exec lab-n1-pa sysctl -n net.ipv4.ip_forward')).stdout).toBe('0\n');
  });

  it('reports refusals with the real text and status', async () => {
    const r = await run('ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink; echo rc=$?');
    expect(r.stderr).toBe('RTNETLINK answers: File exists\n');
    expect(r.stdout).toBe('rc=2\n');
  });

  it('completes device names after dev', async () => {
    const { sh } = await run('true');
    const line = 'ip link show dev fl';
    const c = sh.complete(line, line.length);
    expect(JSON.stringify(c)).toContain('flannel.1');
  });
});
