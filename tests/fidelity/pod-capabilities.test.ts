// Fidelity: pod security. A container has the runtime's default
// capabilities (containerd's defaultUnixCaps: NET_RAW yes, NET_ADMIN no) and a read-only
// /proc/sys, so changing links, addresses, routes, neighbours, rules, the FDB, iptables or
// conntrack fails with the kernel's EPERM as each tool words it, and sysctl writes fail; reads
// and ping still work. The commands (fixtures/edges-node/caps.cmds) ran on real Linux in such
// a container-like process (fixtures/edges-node/capture.sh: capsh drops every other
// capability, /proc/sys remounted read-only; kernel 6.18, iproute2 6.1, iptables 1.8.9,
// conntrack 1.4.7, procps 4.0.2) and are replayed in the sandbox in a pod built the same way.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createWorld, type Machine } from '../../sandbox/fabric/world.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import { containerCapabilities } from '../../sandbox/fabric/capabilities.ts';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

interface Step { cmd: string; stdout: string; stderr: string; rc: number }
const steps = JSON.parse(readFileSync(new URL('./fixtures/edges-node/caps.json', import.meta.url), 'utf8')) as Step[];

/**
 * Steps left out, and why: a random MAC and the peer's namespace name (`ip link show`); rtt
 * values (`ping`); binaries the sandbox does not have (iptables-legacy, ip6tables); the
 * per-CPU statistics of `conntrack -S` and `sysctl -p` (no /etc/sysctl.conf here).
 */
const SKIP = /^(ip link show|ping|iptables-legacy|ip6tables|conntrack -S|sysctl -p)/;

const SETUP = [
  'ip netns add e13-node', 'ip netns add e13-pod',
  'ip -n e13-node link add veth-pod type veth peer name eth0 netns e13-pod',
  'ip -n e13-node addr add 10.244.1.1/24 dev veth-pod', 'ip -n e13-node link set veth-pod up',
  'ip -n e13-pod addr add 10.244.1.2/24 dev eth0', 'ip -n e13-pod link set eth0 up', 'ip -n e13-pod link set lo up',
  'ip -n e13-pod route add default via 10.244.1.1',
  'ip -n e13-pod neigh add 10.244.1.7 lladdr 0a:58:0a:f4:01:07 dev eth0',
];

async function podShell(ct: Parameters<typeof containerCapabilities>[0]) {
  const world = createWorld(13);
  const root = createNetns(world, 'root', ['br_netfilter']);
  const host: Machine = { name: 'host', hostname: 'host', kind: 'host', netns: root.id, namedNetns: new Map(), files: new Map(), env: new Map() };
  world.machines.set('host', host);
  const hostSh = createShell(world, 'host');
  for (const l of SETUP) expect((await hostSh.exec(l, () => undefined)).status, l).toBe(0);
  const pod: Machine = { name: 'pod', hostname: 'pod', kind: 'pod', netns: host.namedNetns.get('e13-pod')!, namedNetns: new Map(), files: new Map(), env: new Map(),
    ...containerCapabilities(ct) };
  world.machines.set('pod', pod);
  const sh = createShell(world, 'pod', { user: 'root' });
  return async (line: string) => {
    let stdout = '';
    let stderr = '';
    const r = await sh.exec(line, (c) => { if (c.stream === 'stdout') stdout += c.text; else stderr += c.text; });
    return { stdout, stderr, rc: r.status };
  };
}

describe('a container without NET_ADMIN is refused as on real Linux', async () => {
  const run = await podShell({});
  const results: [string, Step, Awaited<ReturnType<typeof run>>][] = [];
  for (const s of steps) results.push([s.cmd, s, await run(s.cmd)]);
  it.each(results.filter(([c]) => !SKIP.test(c)))('%s', (_c, step, got) => {
    // bash names itself `/bin/bash: line 1:` under `bash -c`; an interactive shell says `sh:`/`bash:`.
    const stderr = got.stderr.replace(/^(ash|sh|bash): /m, '/bin/bash: line 1: ');
    expect({ stdout: got.stdout, stderr, rc: got.rc }).toEqual({ stdout: step.stdout, stderr: step.stderr, rc: step.rc });
  });
  it('ping still works (NET_RAW is a default capability)', () => {
    const [, step, got] = results.find(([c]) => c.startsWith('ping'))!;
    expect([got.rc, step.rc]).toEqual([0, 0]);
  });
});

describe('securityContext is honoured', () => {
  it('capabilities.add NET_ADMIN lets the pod change its routes; /proc/sys stays read-only', async () => {
    const run = await podShell({ securityContext: { capabilities: { add: ['NET_ADMIN'] } } });
    expect(await run('ip route add 10.9.0.0/16 via 10.244.1.1')).toEqual({ stdout: '', stderr: '', rc: 0 });
    expect((await run('ip route show')).stdout).toContain('10.9.0.0/16 via 10.244.1.1 dev eth0');
    expect((await run('sysctl -w net.ipv4.ip_forward=1')).stderr).toBe('sysctl: permission denied on key "net.ipv4.ip_forward"\n');
  });
  it('privileged: every capability and a writable /proc/sys', async () => {
    const run = await podShell({ securityContext: { privileged: true } });
    expect((await run('sysctl -w net.ipv4.ip_forward=1')).stdout).toBe('net.ipv4.ip_forward = 1\n');
    expect((await run('iptables -A OUTPUT -j DROP')).rc).toBe(0);
  });
  it('hostNetwork: the container sees the node\'s links; it changes them only with the capability', async () => {
    // hostNetwork changes the namespace, not the capabilities (the runtime's defaults still apply).
    const booted = bootScenario(scenarioText('services')!, 1);
    if (typeof booted === 'string') throw new Error(booted);
    const node = createShell(booted.world, 'node-1');
    const on = async (line: string) => {
      let stdout = '';
      let stderr = '';
      const r = await node.exec(line, (c) => { if (c.stream === 'stdout') stdout += c.text; else stderr += c.text; });
      return { stdout, stderr, rc: r.status };
    };
    const pod = (name: string, sc: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  hostNetwork: true\n  nodeName: node-1\n` +
      `  containers: [{name: c, image: nicolaka/netshoot, command: [sleep, infinity]${sc}}]\n`;
    expect((await on(`printf '${pod('hn', '')}---\\n${pod('hp', ', securityContext: {privileged: true}')}' | kubectl apply -f -`)).rc).toBe(0);
    expect((await on('kubectl exec hn -- ip -br addr show cni0')).stdout).toMatch(/^cni0 +UP +10\.244\.0\.1\/24 /);
    expect(await on('kubectl exec hn -- ip route add 10.9.0.0/16 via 10.0.16.1')).toEqual({ stdout: '', stderr: 'RTNETLINK answers: Operation not permitted\ncommand terminated with exit code 2\n', rc: 2 });
    expect((await on('kubectl exec hp -- ip route add 10.9.0.0/16 via 10.0.16.1')).rc).toBe(0);
    expect((await on('ip route show 10.9.0.0/16')).stdout).toBe('10.9.0.0/16 via 10.0.16.1 dev eth0 \n');
  });
  it('drop: [ALL] takes NET_RAW too', () => {
    expect(containerCapabilities({ securityContext: { capabilities: { drop: ['ALL'], add: ['CAP_NET_BIND_SERVICE'] } } }).capabilities).toEqual(['NET_BIND_SERVICE']);
  });
});
