// flannel's kube subnet manager: every node's lease is written into its Node's
// flannel.alpha.coreos.com/* annotations, and the other nodes program their flannel.1
// neighbour and FDB entries (or host-gw routes) from those annotations, not from elsewhere.
import { describe, expect, it } from 'vitest';
import { readScenario } from '../../scenarios/load.ts';
import { buildWorld } from '../../scenarios/build.ts';
import { clusterScenario, type ClusterScenarioOptions } from '../../scenarios/fixtures.ts';
import { formatIpv4, parseIpv4 } from '../../wire/index.ts';
import { linkByName } from '../../net/link.ts';
import { getObject, updateObject } from '../store.ts';
import { reconcileAll } from '../reconcile.ts';
import { leaseOf } from './flannel-lease.ts';
import '../index.ts';

function boot(o: ClusterScenarioOptions, seed = 3) {
  const r = readScenario(clusterScenario(o), 'test');
  if (!r.ok) throw new Error(r.error);
  return buildWorld(r.spec, seed);
}
const nsOf = (w: ReturnType<typeof boot>, m: string) => w.netns.get(w.machines.get(m)!.netns)!;
const annotations = (w: ReturnType<typeof boot>, n: string) => getObject(w.cluster!, 'Node', undefined, n)!.metadata.annotations ?? {};

describe('flannel lease annotations', () => {
  it('vxlan: each Node carries backend-data with its own flannel.1 MAC, backend-type, kube-subnet-manager and public-ip', () => {
    const w = boot({ nodes: 2 });
    const mac = linkByName(nsOf(w, 'node-2'), 'flannel.1')!.mac;
    expect(annotations(w, 'node-2')).toMatchObject({
      'flannel.alpha.coreos.com/backend-data': `{"VNI":1,"VtepMAC":"${mac}"}`,
      'flannel.alpha.coreos.com/backend-type': 'vxlan',
      'flannel.alpha.coreos.com/kube-subnet-manager': 'true',
      'flannel.alpha.coreos.com/public-ip': '10.0.16.12',
    });
  });
  it('host-gw: backend-data is null', () => {
    const w = boot({ nodes: 2, network: 'host-gw' });
    expect(annotations(w, 'node-1')['flannel.alpha.coreos.com/backend-data']).toBe('null');
    expect(annotations(w, 'node-1')['flannel.alpha.coreos.com/backend-type']).toBe('host-gw');
  });
  it('other nodes follow the annotations: public-ip-overwrite on node-2 moves node-1\'s FDB entry', () => {
    const w = boot({ nodes: 2 });
    const fdbOf = () => {
      const vtep = linkByName(nsOf(w, 'node-1'), 'flannel.1')!;
      return vtep.kind === 'vxlan' ? vtep.fdb.map((f) => formatIpv4(f.dst!)) : [];
    };
    expect(fdbOf()).toEqual(['10.0.16.12']);
    const node2 = getObject(w.cluster!, 'Node', undefined, 'node-2')!;
    const a = { ...node2.metadata.annotations, 'flannel.alpha.coreos.com/public-ip-overwrite': '10.0.16.99' };
    expect(updateObject(w, { ...node2, metadata: { ...node2.metadata, annotations: a } }).ok).toBe(true);
    reconcileAll(w);
    expect(annotations(w, 'node-2')['flannel.alpha.coreos.com/public-ip']).toBe('10.0.16.99');
    expect(fdbOf()).toEqual(['10.0.16.99']);
  });
  it('a Node without kube-subnet-manager "true" or with a bad VtepMAC is no lease', () => {
    const w = boot({ nodes: 2 });
    const node2 = getObject(w.cluster!, 'Node', undefined, 'node-2')!;
    expect(leaseOf(node2)).toMatchObject({ node: 'node-2', publicIp: '10.0.16.12', backendType: 'vxlan' });
    const bad = (k: string, v: string) => leaseOf({ ...node2, metadata: { ...node2.metadata, annotations: { ...node2.metadata.annotations, [k]: v } } });
    expect(bad('flannel.alpha.coreos.com/kube-subnet-manager', 'false')).toBeUndefined();
    expect(bad('flannel.alpha.coreos.com/backend-data', '{"VNI":1}')).toBeUndefined();
    expect(bad('flannel.alpha.coreos.com/backend-data', 'not json')).toBeUndefined();
  });
  it('node-1 programs the VtepMAC the annotation names', () => {
    const w = boot({ nodes: 2 });
    const n1 = nsOf(w, 'node-1');
    const lease = leaseOf(getObject(w.cluster!, 'Node', undefined, 'node-2')!)!;
    expect(n1.neigh.find((n) => n.ip === parseIpv4('10.244.1.0'))?.lladdr).toBe(lease.vtepMac);
  });
});
