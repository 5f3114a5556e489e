// Reach checks from `netns/MACHINE/NAME`: namespaces a learner makes with `ip netns add` are
// valid probe sources, so a hand-built "pod" network can be graded by real packets.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { ExerciseSpec } from './spec.ts';

const ping = (from: string, to: string): ExerciseSpec => ({
  id: 'x', title: 't', hints: [], checks: [{ reach: { from, to, proto: 'icmp' }, expect: true }],
  solution: { on: 'host', commands: ['true'] },
});
const build = [
  'ip netns add a', 'ip netns add b', 'ip link add br0 type bridge', 'ip link set br0 up',
  'ip link add veth-a type veth peer name eth0 netns a', 'ip link add veth-b type veth peer name eth0 netns b',
  'ip link set veth-a master br0 up', 'ip link set veth-b master br0 up',
  'ip -n a addr add 10.22.0.2/24 dev eth0', 'ip -n b addr add 10.22.0.3/24 dev eth0',
  'ip -n a link set eth0 up',
];

describe('reach checks from a named namespace', () => {
  it('names a missing namespace, then follows real packets once the namespaces are wired', async () => {
    const sb = createSandbox();
    sb.boot({ scenario: scenarioText('bare-host')! });
    const none = sb.check(ping('netns/host/a', '10.22.0.3'));
    expect(none.passed).toBe(false);
    expect(none.results[0]!.message).toMatch(/no network namespace called a on host/);
    expect(sb.check(ping('netns/nowhere/a', '10.22.0.3')).results[0]!.message).toMatch(/no machine called nowhere/);
    for (const line of build) expect((await sb.exec(line, () => undefined)).status).toBe(0);
    // b's eth0 is still down: the probe must fail on the datapath, not in name resolution.
    const down = sb.check(ping('netns/host/a', '10.22.0.3'));
    expect(down.passed).toBe(false);
    expect(down.results[0]!.message).not.toMatch(/namespace/);
    expect((await sb.exec('ip -n b link set eth0 up', () => undefined)).status).toBe(0);
    expect(sb.check(ping('netns/host/a', '10.22.0.3')).passed).toBe(true);
    expect(sb.check(ping('netns/host/b', '10.22.0.2')).passed).toBe(true);
  });
});
