// The controllers that turn API objects into pods and network state: scheduling spreads and
// honours nodeSelector, node IPAM hands out podCIDRs in order, Deployments make new pods with
// new IPs on scale and restart, and flannel reprograms every node when one joins or leaves.
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../scenarios/load.ts';
import { buildWorld } from '../../scenarios/build.ts';
import { clusterScenario, type ClusterScenarioOptions } from '../../scenarios/fixtures.ts';
import { formatIpv4, inCidr, parseCidr, parseIpv4 } from '../../wire/index.ts';
import { linkByName } from '../../net/link.ts';
import { createObject, deleteObject, getObject, listObjects, updateObject } from '../store.ts';
import { reconcileAll } from '../reconcile.ts';
import type { KubeObject } from '../types.ts';
import '../index.ts';

const deployment = (name: string, replicas: number, image = 'nginx:1.27') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers: [{ name: c, image: "${image}" }]`;

function boot(o: ClusterScenarioOptions, seed = 3) {
  const r = readScenario(clusterScenario(o), 'test');
  if (!r.ok) throw new Error(r.error);
  return buildWorld(r.spec, seed);
}
const pods = (w: ReturnType<typeof boot>, app?: string) =>
  listObjects(w.cluster!, 'Pod', 'default').filter((p) => !app || p.metadata.labels?.app === app);
const podIp = (p: KubeObject) => String((p.status as { podIP?: string }).podIP);
const nodeOf = (p: KubeObject) => String((p.spec as { nodeName?: string }).nodeName);
const nsOf = (w: ReturnType<typeof boot>, m: string) => w.netns.get(w.machines.get(m)!.netns)!;

describe('node IPAM', () => {
  it('hands out /24s of the cluster CIDR in node order', () => {
    const w = boot({ nodes: 3 });
    expect(listObjects(w.cluster!, 'Node').map((n) => (n.spec as { podCIDR: string }).podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
  });
});

describe('scheduler and kubelet', () => {
  it('spreads replicas over the nodes and gives each pod an IP of its node podCIDR', () => {
    const w = boot({ nodes: 2, manifests: deployment('web', 4) });
    const ps = pods(w, 'web');
    expect(ps).toHaveLength(4);
    expect(ps.filter((p) => nodeOf(p) === 'node-1')).toHaveLength(2);
    for (const p of ps) {
      const node = getObject(w.cluster!, 'Node', undefined, nodeOf(p))!;
      expect(inCidr(parseIpv4(podIp(p))!, parseCidr((node.spec as { podCIDR: string }).podCIDR)!)).toBe(true);
      expect((p.status as { phase: string }).phase).toBe('Running');
    }
  });
  it('registers each pod namespace on its node as cni-<uuid> with eth0 on the pod IP', () => {
    const w = boot({ nodes: 1, manifests: deployment('web', 1) });
    const p = pods(w)[0]!;
    const rt = w.cluster!.pods.get(`default/${p.metadata.name}`)!;
    expect(rt.netnsName).toMatch(/^cni-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(w.machines.get('node-1')!.namedNetns.get(rt.netnsName)).toBe(rt.netns);
    const podNs = w.netns.get(rt.netns)!;
    const eth0 = linkByName(podNs, 'eth0')!;
    expect(eth0.mac).toBe(`0a:58:${podIp(p).split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join(':')}`);
    const host = linkByName(nsOf(w, 'node-1'), rt.hostVeth)!;
    expect(rt.hostVeth).toMatch(/^veth[0-9a-f]{8}$/);
    expect(host.port?.hairpin).toBe(true);
    expect(linkByName(nsOf(w, 'node-1'), 'cni0')!.mtu).toBe(1450);
  });
  it('keeps a pod with an unsatisfiable nodeSelector Pending', () => {
    const w = boot({ nodes: 2 });
    createObject(w, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx' }] } });
    reconcileAll(w);
    const p = getObject(w.cluster!, 'Pod', 'default', 'p')!;
    expect((p.spec as { nodeName?: string }).nodeName).toBeUndefined();
    expect((p.status as { phase: string }).phase).toBe('Pending');
  });
});

describe('Deployments make mortal pods', () => {
  it('replaces a deleted pod with a new one at a new address', () => {
    const w = boot({ nodes: 1, manifests: deployment('web', 2) });
    const before = pods(w);
    deleteObject(w, 'Pod', 'default', before[0]!.metadata.name);
    reconcileAll(w);
    const after = pods(w);
    expect(after).toHaveLength(2);
    const fresh = after.find((p) => !before.some((b) => b.metadata.name === p.metadata.name))!;
    expect(before.map(podIp)).not.toContain(podIp(fresh));
    expect(w.cluster!.pods.has(`default/${before[0]!.metadata.name}`)).toBe(false);
  });
  it('rolls out a new ReplicaSet on a template change and scales the old one to zero', () => {
    const w = boot({ nodes: 1, manifests: deployment('web', 2) });
    const d = getObject(w.cluster!, 'Deployment', 'default', 'web')!;
    const spec = d.spec as { template: { metadata: { annotations?: Record<string, string> } } };
    updateObject(w, { ...d, spec: { ...d.spec, template: { ...spec.template, metadata: { ...spec.template.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } } } } });
    reconcileAll(w);
    const rs = listObjects(w.cluster!, 'ReplicaSet', 'default');
    expect(rs.map((r) => (r.spec as { replicas: number }).replicas).sort()).toEqual([0, 2]);
    expect(pods(w).every((p) => p.metadata.name.startsWith(rs.find((r) => (r.spec as { replicas: number }).replicas === 2)!.metadata.name))).toBe(true);
  });
  it('deleting a Deployment deletes its ReplicaSets and pods and frees their namespaces', () => {
    const w = boot({ nodes: 1, manifests: deployment('web', 2) });
    deleteObject(w, 'Deployment', 'default', 'web');
    reconcileAll(w);
    expect(listObjects(w.cluster!, 'ReplicaSet', 'default')).toHaveLength(0);
    expect(pods(w)).toHaveLength(0);
    expect([...w.cluster!.pods.keys()].filter((k) => k.startsWith('default/'))).toHaveLength(0);
    expect([...w.machines.values()].filter((m) => m.kind === 'pod' && m.name.startsWith('default/'))).toHaveLength(0);
  });
});

describe('flannel', () => {
  it('vxlan: route onlink, permanent neighbour and fdb entry towards every other node', () => {
    const w = boot({ nodes: 2 });
    const n1 = nsOf(w, 'node-1');
    const n2vtep = w.cluster!.nodes.get('node-2')!.vtepMac!;
    const vtep = linkByName(n1, 'flannel.1')!;
    expect(vtep.kind === 'vxlan' && vtep.mtu === 1450 && !vtep.learning && vtep.vni === 1).toBe(true);
    const route = n1.routes.find((r) => r.table === 254 && r.dst.addr === parseIpv4('10.244.1.0') && r.dst.len === 24)!;
    expect([formatIpv4(route.via!), route.dev, route.onlink]).toEqual(['10.244.1.0', vtep.ifindex, true]);
    expect(n1.neigh.find((n) => n.ip === parseIpv4('10.244.1.0'))).toMatchObject({ lladdr: n2vtep, state: 'PERMANENT' });
    expect(vtep.kind === 'vxlan' && vtep.fdb.map((f) => [f.mac, formatIpv4(f.dst!)])).toEqual([[n2vtep, '10.0.16.12']]);
    expect(w.machines.get('node-1')!.files.get('/run/flannel/subnet.env')).toBe('FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.0.1/24\nFLANNEL_MTU=1450\nFLANNEL_IPMASQ=true\n');
  });
  it('a node that leaves is removed from every other node', () => {
    const w = boot({ nodes: 3 });
    deleteObject(w, 'Node', undefined, 'node-3');
    reconcileAll(w);
    const n1 = nsOf(w, 'node-1');
    expect(n1.routes.some((r) => r.dst.addr === parseIpv4('10.244.2.0'))).toBe(false);
    expect(n1.neigh.some((n) => n.ip === parseIpv4('10.244.2.0'))).toBe(false);
    expect(n1.routes.some((r) => r.dst.addr === parseIpv4('10.244.1.0'))).toBe(true);
  });
  it('a node that (re)joins is programmed on every other node', () => {
    const w = boot({ nodes: 2 });
    const node2 = getObject(w.cluster!, 'Node', undefined, 'node-2')!;
    deleteObject(w, 'Node', undefined, 'node-2');
    reconcileAll(w);
    expect(nsOf(w, 'node-1').routes.some((r) => r.dst.addr === parseIpv4('10.244.1.0'))).toBe(false);
    const spec = { ...(node2.spec as Record<string, unknown>) };
    delete spec.podCIDR;
    delete spec.podCIDRs;
    createObject(w, { ...node2, metadata: { ...node2.metadata, uid: '', resourceVersion: '' }, spec });
    reconcileAll(w);
    const cidr = (getObject(w.cluster!, 'Node', undefined, 'node-2')!.spec as { podCIDR: string }).podCIDR;
    const net = parseCidr(cidr)!.addr;
    const n1 = nsOf(w, 'node-1');
    expect(n1.routes.some((r) => r.dst.addr === net && r.dev === linkByName(n1, 'flannel.1')!.ifindex)).toBe(true);
    expect(n1.neigh.some((n) => n.ip === net && n.state === 'PERMANENT')).toBe(true);
  });
  it('host-gw: a plain route via the other node and no VXLAN device', () => {
    const w = boot({ nodes: 2, network: 'host-gw' });
    const n1 = nsOf(w, 'node-1');
    expect(linkByName(n1, 'flannel.1')).toBeUndefined();
    const r = n1.routes.find((x) => x.dst.addr === parseIpv4('10.244.1.0'))!;
    expect([formatIpv4(r.via!), r.dev]).toEqual(['10.0.16.12', linkByName(n1, 'eth0')!.ifindex]);
  });
  it('routes: the router holds one route per node podCIDR', () => {
    const w = boot({ nodes: 2, network: 'routes' });
    const lan = nsOf(w, 'lan');
    const got = lan.routes.filter((r) => r.proto === 'static').map((r) => `${formatIpv4(r.dst.addr)}/${r.dst.len} via ${formatIpv4(r.via!)}`);
    expect(got).toEqual(['10.244.0.0/24 via 10.0.16.11', '10.244.1.0/24 via 10.0.16.12']);
  });
});

describe('determinism', () => {
  it('builds the same pods, names and addresses for the same seed', () => {
    const a = boot({ nodes: 2, manifests: deployment('web', 3) }, 11);
    const b = boot({ nodes: 2, manifests: deployment('web', 3) }, 11);
    const sig = (w: ReturnType<typeof boot>) => pods(w).map((p) => `${p.metadata.name} ${podIp(p)} ${nodeOf(p)} ${p.metadata.uid}`);
    expect(sig(a)).toEqual(sig(b));
    expect(sig(boot({ nodes: 2, manifests: deployment('web', 3) }, 12))).not.toEqual(sig(a));
  });
});
