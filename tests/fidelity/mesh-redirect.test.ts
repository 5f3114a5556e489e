// REDIRECT and -m owner on real connections, against a capture from real Linux
// (tests/fixtures/mesh/capture-redirect.sh: iptables 1.8.9 nf_tables, conntrack 1.4.7): in a
// namespace with Istio's outbound capture rules and a server on 15001, root's curl to
// 10.96.0.20:80 is redirected to 127.0.0.1:15001 (nf_nat_redirect_ipv4: loopback for locally
// generated packets) and answered, while uid 1337's connection is let through by the owner rule
// and leaves unanswered. The conntrack entries (the redirected one's reply tuple comes from
// 127.0.0.1:15001) and the rule counters must match; ephemeral ports and the entries' remaining
// seconds are masked, and entries compared as a set (the kernel lists them in hash order).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import { tcpConnect } from '../../sandbox/net/socket-tcp.ts';
import { runUntil } from '../../sandbox/fabric/time.ts';
import { parseIpv4 } from '../../sandbox/wire/index.ts';

const FIXTURES = new URL('../fixtures/mesh/', import.meta.url).pathname;

interface Entry { command: string; stdout: string; status: number }
const transcript = (): Entry[] => [...readFileSync(`${FIXTURES}redirect.transcript`, 'utf8')
  .matchAll(/^\$ (.*)\nstdout:\n([\s\S]*?)stderr:\n([\s\S]*?)status: (\d+)\n/gm)]
  .map((m) => ({ command: m[1]!, stdout: m[2]!, status: Number(m[4]) }));

/** Ephemeral ports and remaining timeouts, which no simulator can know. */
const mask = (conntrack: string): string[] => conntrack.trim().split('\n')
  .map((l) => l.replace(/^(tcp\s+6\s+)\d+/, '$1T').replace(/(sport|dport)=(3[2-9]\d{3}|[4-5]\d{4}|60\d{3})\b/g, '$1=EPH'))
  .sort();

describe('REDIRECT and -m owner on real connections', () => {
  it('redirects root to the local proxy port and lets uid 1337 through, as real Linux did', async () => {
    const real = transcript();
    expect(real).toHaveLength(5);
    const boot = bootScenario(scenarioText('bare-host')!);
    if (typeof boot === 'string') throw new Error(boot);
    const world = boot.world;
    const sh = createShell(world, 'host');
    const run = async (line: string): Promise<{ stdout: string; status: number }> => {
      let stdout = '';
      const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') stdout += c.text; });
      return { stdout, status };
    };
    for (const line of ['ip netns add m', 'ip link add gw0 type veth peer name eth0 netns m', 'ip addr add 10.0.0.1/24 dev gw0', 'ip link set gw0 up',
      'ip -n m link set lo up', 'ip -n m addr add 10.0.0.2/24 dev eth0', 'ip -n m link set eth0 up', 'ip -n m route add default via 10.0.0.1']) {
      expect((await run(line)).status, line).toBe(0);
    }
    const ns = world.netns.get(world.machines.get('host')!.namedNetns.get('m')!)!;
    ns.listeners.push({ proto: 'tcp', addr: 0, port: 15001, serve: { app: 'python-http', params: {} } });

    const restore = await run(real[0]!.command.replace('| iptables-restore', '| ip netns exec m iptables-restore'));
    expect(restore.status).toBe(real[0]!.status);
    const curl = await run(`ip netns exec m ${real[1]!.command}`);
    expect(curl).toEqual({ stdout: real[1]!.stdout, status: real[1]!.status });
    // setpriv --reuid 1337 --regid 1337 curl -m 1: a connection owned by uid 1337, given up after a second.
    const proxy = tcpConnect(world, ns, parseIpv4('10.96.0.20')!, 80, 0, { owner: { uid: 1337, gid: 1337 } });
    expect(proxy.ok).toBe(true);
    if (proxy.ok) runUntil(world, () => proxy.value.state !== 'SYN-SENT', world.clock.ms + 1000);
    expect(proxy.ok && proxy.value.state).toBe('SYN-SENT');

    const ct = await run(`ip netns exec m ${real[3]!.command}`);
    expect(mask(ct.stdout)).toEqual(mask(real[3]!.stdout));
    const counters = await run(`ip netns exec m ${real[4]!.command}`);
    expect(counters.stdout).toBe(real[4]!.stdout);
  });
});
