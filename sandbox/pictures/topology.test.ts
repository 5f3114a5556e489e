// The topology picture is read from the live world: machines in scenario order with the LAN
// switch as a bus, pods with their IP and host veth, devices with state, tunnels from the
// VTEPs' FDB; slots stay put when a pod is added; a large world collapses to tiles.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { clusterScenario } from '../scenarios/fixtures.ts';
import type { SandboxApi, TopologyPicture } from '../api/types.ts';

async function booted(scenario: string, ...lines: string[]): Promise<SandboxApi> {
  const sb = createSandbox();
  sb.boot({ scenario });
  for (const line of lines) await sb.exec(line, () => undefined);
  return sb;
}

const podKeys = (t: TopologyPicture, machine: string): string[] => t.machines.find((m) => m.name === machine)!.pods.map((p) => p.key);

describe('topology', () => {
  it('draws lesson 1: nodes in order, internet last, the gateway as the LAN bus', async () => {
    const t = (await booted(scenarioText('pod-ip-model')!)).topology!();
    expect(t.machines.map((m) => m.name)).toEqual(['node-1', 'node-2', 'node-3', 'internet']);
    expect(t.lans).toHaveLength(1);
    expect(t.lans[0]!.machine).toBe('gateway');
    expect(t.lans[0]!.addrs).toEqual(['10.0.16.1/20']);
    expect(t.lans[0]!.ports.map((p) => `${p.machine}:${p.dev}`)).toEqual(['node-1:eth0', 'node-2:eth0', 'node-3:eth0']);
    const node1 = t.machines[0]!;
    expect(node1.bridges.map((b) => `${b.name} ${b.addrs.join(',')}`)).toEqual(['cni0 10.244.0.1/24']);
    expect(node1.overlay.map((d) => `${d.name} ${d.detail}`)).toEqual(['flannel.1 VNI 1 · udp/8472']);
    expect(node1.uplinks.map((d) => `${d.name} ${d.addrs.join(',')} -> ${d.peer?.machine}:${d.peer?.dev}`)).toEqual(['eth0 10.0.16.11/20 -> gateway:sw-node-1']);
    const toolbox = node1.pods.find((p) => p.name === 'toolbox')!;
    expect(toolbox.ip).toBe('10.244.0.3');
    expect(toolbox.containers.sort()).toEqual(['netshoot', 'whoami']);
    expect(toolbox.hostVeth?.master).toBe('cni0');
    expect(toolbox.hostVeth?.name).toMatch(/^veth[0-9a-f]{8}$/);
    // The DaemonSet's pod on this node: its name's suffix is drawn from the world's randomness.
    expect(node1.hostPods.filter((name) => /^kube-proxy-[a-z0-9]{5}$/.test(name))).toHaveLength(1);
    expect(node1.routes).toContain('unreachable 10.244.2.0/24');
    expect(t.tunnels.map((x) => `${x.from.machine}~${x.to.machine} ${x.label}`).sort()).toEqual(['node-1~node-2 VNI 1 · udp/8472', 'node-1~node-3 VNI 1 · udp/8472', 'node-2~node-3 VNI 1 · udp/8472']);
    const pre = node1.gates.find((g) => g.hook === 'PREROUTING')!;
    expect(pre.services.map((s) => `${s.name} ${s.ip}:${s.port}`)).toContain('default/kubernetes:https 10.96.0.1:443');
  });

  it('gives a new pod a new slot and leaves the others where they were', async () => {
    const sb = await booted(scenarioText('pod-ip-model')!);
    const before = sb.topology!();
    await sb.exec('kubectl run extra --image=nginx', () => undefined);
    await sb.exec('sleep 5', () => undefined);
    const after = sb.topology!();
    const all = (t: TopologyPicture) => t.machines.flatMap((m) => podKeys(t, m.name));
    const added = all(after).filter((k) => !all(before).includes(k));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/\/default\/extra$/);
    for (const m of before.machines) expect(podKeys(after, m.name).slice(0, m.pods.length)).toEqual(podKeys(before, m.name));
  });

  it('shows a device that was set down, and an unplugged veth', async () => {
    const sb = await booted(scenarioText('veth-bridge')!, 'ip link set cni0 down');
    const t = sb.topology!();
    expect(t.machines.find((m) => m.name === 'node-1')!.bridges[0]!.up).toBe(false);
    const host = t.machines.find((m) => m.name === 'host')!;
    expect(host.pods.map((p) => p.name)).toEqual(['blue', 'green']);
    expect(host.pods.map((p) => p.hostVeth?.master ?? '(none)')).toEqual(['br-lab', '(none)']);
  });

  it('collapses a large world to tiles, except the machines asked for', async () => {
    const sb = await booted(clusterScenario({ nodes: 14 }));
    const t = sb.topology!({ expand: ['node-3'] });
    expect(t.machines).toHaveLength(14);
    expect(t.machines.filter((m) => !m.collapsed).map((m) => m.name)).toEqual(['node-3']);
  });

  it("draws Calico's pods as routed, not dangling: a cali veth has no bridge but a /32 route", async () => {
    const calico = (await booted(scenarioText('calico')!)).topology!();
    const pods = calico.machines.flatMap((m) => m.pods);
    const routed = (name: string) => pods.find((p) => p.name.startsWith(name))!.hostVeth!;
    for (const name of ['pod-a', 'pod-b', 'pod-c', 'web-', 'coredns-', 'cache-vm']) {
      expect(routed(name)).toMatchObject({ routed: true });
      expect(routed(name).master).toBeUndefined();
    }
    // The first exercise's workload has lost its /32: nothing reaches its veth, drawn as broken.
    expect(routed('db-vm').routed).toBeUndefined();
    const flannel = (await booted(scenarioText('pod-ip-model')!)).topology!();
    expect(flannel.machines.flatMap((m) => m.pods.map((p) => p.hostVeth)).some((v) => v?.routed)).toBe(false);
  });
});
