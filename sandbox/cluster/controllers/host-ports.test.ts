// kube-scheduler's NodePorts filter (pkg/scheduler/framework/plugins/nodeports,
// framework.HostPortInfo) and the FitError message it leads to (FitError.Error, preemption's
// "No preemption victims found"), plus SetDefaults_Pod's hostPort for hostNetwork pods.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { clusterScenario } from '../../scenarios/fixtures.ts';
import { getObject } from '../store.ts';
import type { Pod } from '../types.ts';
import { hostPortsOf, portsConflict } from './host-ports.ts';
import { unschedulableMessage } from './scheduler.ts';

const hp = (protocol: string, ip: string, port: number) => ({ protocol, ip, port });

describe('NodePorts: which host ports conflict', () => {
  it('same protocol and port conflict when either address is 0.0.0.0 or both are equal', () => {
    expect(portsConflict([hp('TCP', '0.0.0.0', 80)], [hp('TCP', '10.0.16.11', 80)])).toBe(true);
    expect(portsConflict([hp('TCP', '10.0.16.11', 80)], [hp('TCP', '0.0.0.0', 80)])).toBe(true);
    expect(portsConflict([hp('TCP', '10.0.16.11', 80)], [hp('TCP', '10.0.16.11', 80)])).toBe(true);
    expect(portsConflict([hp('TCP', '10.0.16.11', 80)], [hp('TCP', '10.0.16.99', 80)])).toBe(false);
    expect(portsConflict([hp('UDP', '0.0.0.0', 80)], [hp('TCP', '0.0.0.0', 80)])).toBe(false);
    expect(portsConflict([hp('TCP', '0.0.0.0', 81)], [hp('TCP', '0.0.0.0', 80)])).toBe(false);
  });

  it('only ports with a hostPort count; protocol defaults to TCP and hostIP to 0.0.0.0', () => {
    const spec = { containers: [{ name: 'c', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 53, hostPort: 53, protocol: 'UDP' }, { containerPort: 8080, hostPort: 8080 }] }] };
    expect(hostPortsOf(spec)).toEqual([hp('UDP', '0.0.0.0', 53), hp('TCP', '0.0.0.0', 8080)]);
  });

  it('formats the FailedScheduling message as kube-scheduler does: reasons counted, sorted, then preemption', () => {
    expect(unschedulableMessage(["node(s) didn't have free ports for the requested pod ports", "node(s) didn't have free ports for the requested pod ports"]))
      .toBe("0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    expect(unschedulableMessage([])).toBe('no nodes available to schedule pods');
  });
});

const pod = (name: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:${extra}
  containers:
    - name: c
      image: "nginx:1.27"
      ports: [{ containerPort: 80, hostPort: 8080 }]`;

describe('the scheduler with hostPorts on a booted cluster', () => {
  it('places two pods wanting the same hostPort on different nodes and keeps a third Pending', () => {
    const r = bootScenario(clusterScenario({ nodes: 2, manifests: [pod('a'), pod('b'), pod('c')].join('\n---\n') }), 1);
    if (typeof r === 'string') throw new Error(r);
    const c = r.world.cluster!;
    const spec = (n: string) => getObject(c, 'Pod', 'default', n)!;
    const nodes = ['a', 'b', 'c'].map((n) => (spec(n).spec as Pod['spec']).nodeName);
    expect(nodes.filter(Boolean).sort()).toEqual(['node-1', 'node-2']);
    const pending = ['a', 'b', 'c'][nodes.findIndex((n) => !n)]!;
    const cond = (spec(pending).status as { conditions: { type: string; status: string; reason: string; message: string }[] }).conditions[0]!;
    expect(cond).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toBe("0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.");
  });

  it("defaults a hostNetwork pod's hostPort to its containerPort, so it holds that port on its node", () => {
    const hn = `apiVersion: v1
kind: Pod
metadata: { name: agent }
spec:
  hostNetwork: true
  nodeName: node-1
  containers:
    - name: c
      image: "nginx:1.27"
      ports: [{ containerPort: 8080 }]`;
    const r = bootScenario(clusterScenario({ nodes: 2, manifests: [hn, pod('a')].join('\n---\n') }), 1);
    if (typeof r === 'string') throw new Error(r);
    const c = r.world.cluster!;
    const agent = getObject(c, 'Pod', 'default', 'agent')!.spec as Pod['spec'];
    expect(agent.containers[0]!.ports![0]!.hostPort).toBe(8080);
    expect((getObject(c, 'Pod', 'default', 'a')!.spec as Pod['spec']).nodeName).toBe('node-2');
  });
});
