// ping -M (iputils 20221126) on the lesson's flannel cluster: the pod's 1450-byte MTU refuses
// `-M do -s 1423` locally as real ping words it (stderr, `+N errors`, exit 1), lets 1422
// through, and a router whose next hop is narrower answers "Frag needed and DF set (mtu = N)"
// after which the path MTU is known and the next probe fails locally.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';

async function on(machine: string) {
  const r = bootScenario(scenarioText('between-nodes')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, machine);
  return async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
}

describe('ping -M', () => {
  it('do: 1423 bytes from a pod across nodes fail locally with mtu=1450, 1422 are answered', async () => {
    const run = await on('node-1');
    const ip = (await run(`kubectl get pod pod-c -o jsonpath='{.status.podIP}'`)).out;
    const big = await run(`kubectl exec pod-a -- ping -c 2 -M do -s 1423 ${ip}`);
    expect(big.err).toContain('ping: local error: message too long, mtu=1450\nping: local error: message too long, mtu=1450\n');
    expect(big.out).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss');
    expect(big.status).toBe(1);
    const fits = await run(`kubectl exec pod-a -- ping -c 1 -M do -s 1422 ${ip}`);
    expect(fits.out).toContain(`1430 bytes from ${ip}: icmp_seq=1`);
    expect(fits.status).toBe(0);
  });
  it('rejects a bad -M value as iputils does', async () => {
    const run = await on('node-1');
    expect(await run('ping -c 1 -M foo 10.0.16.12')).toMatchObject({ err: 'ping: invalid -M argument: foo\n', status: 2 });
  });
  it('a forwarding hop with a smaller MTU answers Frag needed (mtu = 1450); the next probe fails locally', async () => {
    const run = await on('gateway');
    expect((await run('ip route add 10.244.0.0/24 via 10.0.16.11')).status).toBe(0);
    const ip = '10.244.0.3';
    const r = await run(`ping -c 2 -M do -s 1430 ${ip}`);
    expect(r.out).toContain('From 10.0.16.11 icmp_seq=1 Frag needed and DF set (mtu = 1450)\n');
    expect(r.err).toBe('ping: local error: message too long, mtu=1450\n');
    expect(r.out).toContain('2 packets transmitted, 0 received, +2 errors, 100% packet loss');
    // The learnt path MTU is a route exception `ip route get` shows (real: `cache expires 597sec mtu 1450`).
    expect((await run(`ip route get ${ip}`)).out).toMatch(/^    cache expires \d+sec mtu 1450 $/m);
    const dont = await run(`ping -c 1 -M dont -s 1430 ${ip}`);
    expect(dont.out).toContain(`1438 bytes from ${ip}`);
  });
});
