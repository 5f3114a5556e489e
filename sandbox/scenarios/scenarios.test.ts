// The scenario files of content/scenarios build the worlds the lessons promise: `default` with pods on both
// nodes in their podCIDRs and flannel VXLAN programmed both ways, `bare-host` as a bare
// machine, and bad scenario files rejected with the file, the field and how to fix it.
import { describe, expect, it } from 'vitest';
import { bootScenario, readScenario } from './index.ts';
import { scenarioNames, scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { linkByName } from '../net/link.ts';
import { inet4Of } from '../net/addr.ts';
import { formatIpv4, inCidr, parseCidr, parseIpv4 } from '../wire/index.ts';
import { listObjects, getObject } from '../cluster/index.ts';
import type { World } from '../fabric/world.ts';

function boot(name: string, seed = 1): { world: World; start: string } {
  const r = bootScenario(scenarioText(name)!, seed);
  if (typeof r === 'string') throw new Error(r);
  return r;
}
async function run(world: World, on: string, line: string): Promise<{ out: string; err: string; status: number }> {
  const sh = createShell(world, on);
  let out = '';
  let err = '';
  const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
  return { out, err, status };
}
const nsOf = (w: World, m: string) => w.netns.get(w.machines.get(m)!.netns)!;

describe('default', () => {
  it('starts on node-1 with two Ready nodes', () => {
    const { world, start } = boot('default');
    expect(start).toBe('node-1');
    expect(listObjects(world.cluster!, 'Node').map((n) => n.metadata.name)).toEqual(['node-1', 'node-2']);
  });

  it('runs pods on both nodes, each with an IP of its node podCIDR', () => {
    const { world } = boot('default');
    const pods = listObjects(world.cluster!, 'Pod', 'default');
    expect(pods.length).toBeGreaterThanOrEqual(5);
    const nodes = new Set(pods.map((p) => (p.spec as { nodeName: string }).nodeName));
    expect(nodes).toEqual(new Set(['node-1', 'node-2']));
    for (const p of pods) {
      const node = getObject(world.cluster!, 'Node', undefined, (p.spec as { nodeName: string }).nodeName)!;
      const ip = (p.status as { podIP: string }).podIP;
      expect(inCidr(parseIpv4(ip)!, parseCidr((node.spec as { podCIDR: string }).podCIDR)!), `${p.metadata.name} ${ip}`).toBe(true);
    }
  });

  it('has one pod whose two containers share one network namespace', () => {
    const { world } = boot('default');
    const rt = world.cluster!.pods.get('default/toolbox')!;
    expect(rt.containers.map((c) => c.name)).toEqual(['netshoot', 'whoami']);
    expect(new Set(rt.containers.map((c) => world.machines.get(c.machine)!.netns))).toEqual(new Set([rt.netns]));
  });

  it('programs flannel VXLAN on both nodes towards each other', () => {
    const { world } = boot('default');
    for (const [self, other] of [['node-1', 'node-2'], ['node-2', 'node-1']] as const) {
      const ns = nsOf(world, self);
      const otherCidr = (getObject(world.cluster!, 'Node', undefined, other)!.spec as { podCIDR: string }).podCIDR;
      const net = parseCidr(otherCidr)!.addr;
      const vtep = linkByName(ns, 'flannel.1')!;
      const route = ns.routes.find((r) => r.table === 254 && r.dst.addr === net && r.dst.len === 24)!;
      expect(route.dev).toBe(vtep.ifindex);
      expect(formatIpv4(route.via!)).toBe(formatIpv4(net));
      expect(ns.neigh.find((n) => n.ip === net)?.state).toBe('PERMANENT');
      const otherIp = formatIpv4(inet4Of(nsOf(world, other), linkByName(nsOf(world, other), 'eth0')!.ifindex)[0]!.addr);
      expect(vtep.kind === 'vxlan' ? vtep.fdb.map((f) => formatIpv4(f.dst!)) : []).toContain(otherIp);
    }
  });

  it('prints kubectl get pods -o wide as kubectl does', async () => {
    const { world } = boot('default');
    const { out, status } = await run(world, 'node-1', 'kubectl get pods -o wide');
    expect(status).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {3,}READY   STATUS    RESTARTS   AGE   IP {3,}NODE {3,}NOMINATED NODE   READINESS GATES$/);
    const ipCol = lines[0]!.indexOf('IP');
    for (const l of lines.slice(1)) {
      expect(l).toMatch(/^\S+ +\d\/\d +Running +0 +\d+m +10\.244\.\d+\.\d+ +node-[12] +<none> +<none>$/);
      expect(l.slice(ipCol, ipCol + 7)).toBe('10.244.');
    }
  });

  it('gives the replacement of a deleted pod a new IP', async () => {
    const { world } = boot('default');
    const before = listObjects(world.cluster!, 'Pod', 'default').filter((p) => p.metadata.labels?.app === 'web');
    const victim = before[0]!;
    const del = await run(world, 'node-1', `kubectl delete pod ${victim.metadata.name}`);
    expect(del.out).toBe(`pod "${victim.metadata.name}" deleted\n`);
    const after = listObjects(world.cluster!, 'Pod', 'default').filter((p) => p.metadata.labels?.app === 'web');
    expect(after).toHaveLength(before.length);
    const fresh = after.find((p) => p.metadata.name !== before[1]!.metadata.name)!;
    expect(fresh.metadata.name).not.toBe(victim.metadata.name);
    // Pods on the host network share their node's address; every other pod has its own.
    const ips = listObjects(world.cluster!, 'Pod').filter((p) => !(p.spec as { hostNetwork?: boolean }).hostNetwork).map((p) => (p.status as { podIP?: string }).podIP);
    expect((fresh.status as { podIP: string }).podIP).not.toBe((victim.status as { podIP: string }).podIP);
    expect(new Set(ips).size).toBe(ips.length);
  });

  it('is deterministic for a seed', () => {
    const sig = (w: World) => listObjects(w.cluster!, 'Pod').map((p) => `${p.metadata.name}@${(p.status as { podIP: string }).podIP}`).join(' ');
    expect(sig(boot('default', 5).world)).toBe(sig(boot('default', 5).world));
  });
});

describe('bare-host', () => {
  it('is one machine with eth0 on the LAN and a default route, no cluster', async () => {
    const { world, start } = boot('bare-host');
    expect(start).toBe('host');
    expect(world.cluster).toBeUndefined();
    const { out } = await run(world, 'host', 'ip route');
    expect(out).toBe('default via 10.0.16.1 dev eth0 \n10.0.16.0/20 dev eth0 proto kernel scope link src 10.0.16.10 \n');
  });
});

describe('loading', () => {
  it('names the file, the field and what it expects', () => {
    const r = readScenario('name: x\nmachines:\n  - name: a\n    links:\n      - { name: br0, kind: brigde }\n', 'content/scenarios/x.yaml');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(/^content\/scenarios\/x\.yaml: machines\[0\]\.links\[0\]\.kind: .*\(expected: Device type, as `ip link add \.\.\. type KIND`\)$/);
  });
  it('loads every file of content/scenarios, each named after its file', () => {
    const names = scenarioNames();
    // The list grows as lessons add scenarios: assert members, not neighbours.
    for (const name of ['bare-host', 'default', 'reference-lab']) expect(names).toContain(name);
    for (const name of names) {
      const r = readScenario(scenarioText(name)!, `content/scenarios/${name}.yaml`);
      expect(r.ok ? r.spec.name : r.error, name).toBe(name);
    }
    expect(scenarioText('nope')).toBeUndefined();
  });
  it('reports invalid YAML', () => {
    const r = readScenario('name: [unclosed\n', 'f.yaml');
    expect(r.ok ? '' : r.error).toMatch(/^f\.yaml: not valid YAML: /);
  });
});
