// Fidelity: Calico's layer-3 pod wiring on real Linux (lesson 11). A pod with a /32 address
// and only `default via 169.254.1.1` + `169.254.1.1 dev eth0 scope link` reaches the LAN
// because the host end of its veth (cali..., no bridge) answers ARP for 169.254.1.1 by proxy
// ARP (net/ipv4/arp.c arp_fwd_proxy); the node routes the pod by a /32 `scope link` route and
// holds its block as `blackhole ... proto bird`. With proxy_arp off nobody answers and the
// pod's ping fails with Destination Host Unreachable. The setup
// (fixtures/calico/setup.cmds) is replayed in the sandbox; outputs must match what real Linux
// printed (fixtures/calico/*.json, captured by fixtures/calico/capture.sh: kernel 6.18,
// iproute2 6.1, iputils 20221126). Masked: round-trip times, and neighbour states that
// depend on NUD timers (DELAY/REACHABLE/STALE), plus the pod's neighbour entry for the node
// that real Linux learned from a unicast NUD probe the simulator does not send.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createWorld, type Machine } from '../../sandbox/fabric/world.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import { createShell } from '../../sandbox/shell/session.ts';

interface Step { cmd: string; stdout: string; stderr: string; rc: number }
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/calico/${name}`, import.meta.url), 'utf8');
const steps = (name: string): Step[] => JSON.parse(fixture(name)) as Step[];
const cmds = (name: string): string[] => fixture(name).split('\n').filter((l) => l !== '' && !l.startsWith('#'));

const mask = (t: string): string => t.replace(/time=[\d.]+ ms/g, 'time=X ms').replace(/, time \d+ms/g, ', time Xms')
  .replace(/rtt min\/avg\/max\/mdev = \S+/g, 'rtt min/avg/max/mdev = X')
  .replace(/ (DELAY|REACHABLE|STALE|PROBE) $/gm, ' NUD ');

async function lab() {
  const world = createWorld(11);
  const root = createNetns(world, 'root', []);
  const host: Machine = { name: 'host', hostname: 'host', kind: 'host', netns: root.id, namedNetns: new Map(), files: new Map(), env: new Map() };
  world.machines.set('host', host);
  const sh = createShell(world, 'host');
  const run = async (line: string) => {
    let stdout = '';
    let stderr = '';
    const r = await sh.exec(line, (c) => { if (c.stream === 'stdout') stdout += c.text; else stderr += c.text; });
    return { stdout, stderr, rc: r.status };
  };
  for (const l of cmds('setup.cmds')) expect((await run(l)).stderr, l).toBe('');
  return { run };
}

describe('a Calico pod reaches the LAN through proxy ARP for 169.254.1.1, as on real Linux', async () => {
  const { run } = await lab();
  const results: { step: Step; got: Awaited<ReturnType<typeof run>> }[] = [];
  for (const s of steps('pod.json')) results.push({ step: s, got: await run(`ip netns exec cal-pa ${s.cmd}`) });
  for (const s of steps('node.json')) results.push({ step: s, got: await run(`ip netns exec cal-n1 ${s.cmd}`) });
  await run('ip netns exec cal-n1 sysctl -qw net.ipv4.conf.cali5e1c4d6c68c.proxy_arp=0');
  await run('ip -n cal-pa neigh flush dev eth0');
  const noProxy = [] as typeof results;
  for (const s of steps('pod-noproxy.json')) noProxy.push({ step: s, got: await run(`ip netns exec cal-pa ${s.cmd}`) });

  it.each(results.map((r) => [r.step.cmd, r] as const))('%s', (_c, { step, got }) => {
    expect({ stdout: mask(got.stdout), stderr: got.stderr, rc: got.rc }).toEqual({ stdout: mask(step.stdout), stderr: step.stderr, rc: step.rc });
  });

  it('with proxy_arp off the pod\'s ping fails as on real Linux', () => {
    const [ping, neigh] = noProxy;
    expect({ stdout: mask(ping!.got.stdout), rc: ping!.got.rc }).toEqual({ stdout: mask(ping!.step.stdout), rc: ping!.step.rc });
    const gw = (t: string) => t.split('\n').filter((l) => l.startsWith('169.254.1.1 '));
    expect(gw(neigh!.got.stdout)).toEqual(gw(neigh!.step.stdout));
  });
});
