// The sidecar's additions under random input: iptables command lines with `-m owner` and
// REDIRECT either succeed or fail with a message and leave the rules as they were (a kernel
// refusal included), and whatever bytes a client sends through the capture rules, the proxies
// answer or close without an exception and the world's queue drains.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { iptables } from '../../sandbox/shell/commands/iptables/index.ts';
import { iptablesSave } from '../../sandbox/shell/commands/iptables/save.ts';
import { exec, labNode } from '../fidelity/iptables-setup.helper.ts';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { tcpConnect, tcpWrite } from '../../sandbox/net/socket-tcp.ts';
import { runUntil } from '../../sandbox/fabric/time.ts';
import { parseIpv4 } from '../../sandbox/wire/index.ts';

const CMDS = [iptables, iptablesSave];
const WORDS = ['-t', 'nat', '-A', '-I', '-D', '-C', 'OUTPUT', 'PREROUTING', 'POSTROUTING', 'INPUT', '-m', 'owner', '!', '--uid-owner',
  '--gid-owner', '1337', '0-7', '7-0', 'root', 'nosuch', '-p', 'tcp', 'udp', '-j', 'RETURN', 'REDIRECT', '--to-ports', '15001', '1-2',
  '--random', '-o', 'lo', '-d', '127.0.0.1/32'];

describe('-m owner and REDIRECT under random command lines', () => {
  it('never throw, and failures change nothing', async () => {
    const n = labNode('mesh-fuzz');
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }), async (args) => {
      const before = (await exec(n.world, n.ns, n.machine, CMDS, ['iptables-save'])).stdout;
      const r = await exec(n.world, n.ns, n.machine, CMDS, ['iptables', ...args], '');
      expect(Number.isInteger(r.status)).toBe(true);
      if (r.status !== 0) {
        expect(r.stderr.length).toBeGreaterThan(0);
        expect((await exec(n.world, n.ns, n.machine, CMDS, ['iptables-save'])).stdout).toBe(before);
      }
    }), { numRuns: 1500 });
  }, 120_000);
});

describe('the sidecar proxies under random requests', () => {
  it('answer or close, never throw, and leave nothing scheduled', () => {
    const b = bootScenario(scenarioText('mesh')!);
    if (typeof b === 'string') throw new Error(b);
    const w = b.world;
    const pieces = ['GET / HTTP/1.1\r\n', 'Host: web\r\n', 'connection: close\r\n', 'x-request-id: 1\r\n', '\r\n', 'GET', ' ', 'HTTP/2\r\n', ':', 'Content-Length: 3\r\n', 'abc', '\r\n\r\n'];
    const pods = ['sleep', 'orders', 'payments'];
    fc.assert(fc.property(fc.constantFrom(...pods), fc.constantFrom('10.96.100.20', '10.96.100.30', '10.244.0.5', '10.0.16.11'), fc.array(fc.constantFrom(...pieces), { maxLength: 8 }), (pod, dst, parts) => {
      const ns = w.netns.get(w.cluster!.pods.get(`default/${pod}`)!.netns)!;
      const c = tcpConnect(w, ns, parseIpv4(dst)!, 80, 0);
      if (!c.ok) return;
      runUntil(w, () => c.value.state !== 'SYN-SENT', w.clock.ms + 2_000);
      if (c.value.state === 'ESTAB') tcpWrite(w, c.value, parts.join(''));
      runUntil(w, () => false, w.clock.ms + 5_000);
    }), { numRuns: 60 });
    runUntil(w, () => false, w.clock.ms + 200_000);
    expect(w.datapath!.queue.filter((e) => e.kind !== 'arp-timer')).toEqual([]);
  }, 120_000);
});
