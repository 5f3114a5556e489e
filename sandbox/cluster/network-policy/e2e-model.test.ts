/**
 * The upstream NetworkPolicy e2e model (kubernetes test/e2e/network/netpol): namespaces x, y, z,
 * pods a, b, c in each serving TCP 80 and 81 (container ports named serve-80-tcp and
 * serve-81-tcp), every pair probed. Each case builds its expected truth table the way upstream's
 * Reachability does (start from all-allowed, then mark what the policy denies) and compares the
 * whole 9x9 table.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicyCluster, policyAllows } from './evaluate.ts';
import type { NetworkPolicyObject, NetworkPolicySpec, PolicyCluster, PolicyPod } from './types.ts';

const NS = ['x', 'y', 'z'];
const PODS = ['a', 'b', 'c'];
const nodeOf = (i: number) => (i % 2 === 0 ? 'node1' : 'node2');
const pods: PolicyPod[] = NS.flatMap((ns, i) => PODS.map((name, j) => ({
  namespace: ns, name, labels: { pod: name }, ip: `10.244.${(i * 3 + j) % 2 + 1}.${10 + i * 3 + j}`,
  node: nodeOf(i * 3 + j),
  ports: [{ name: 'serve-80-tcp', containerPort: 80, protocol: 'TCP' }, { name: 'serve-81-tcp', containerPort: 81, protocol: 'TCP' }],
})));
const nodeAddresses = new Map([['node1', ['10.0.16.11', '10.244.1.1', '10.244.1.0']], ['node2', ['10.0.16.12', '10.244.2.1', '10.244.2.0']]]);
const ipOf = (id: string) => pods.find((p) => `${p.namespace}/${p.name}` === id)!.ip;
const ALL = pods.map((p) => `${p.namespace}/${p.name}`);

function cluster(...policies: [string, string, NetworkPolicySpec][]): PolicyCluster {
  return {
    namespaces: NS.map((n) => ({ name: n, labels: { ns: n, 'kubernetes.io/metadata.name': n } })),
    pods, nodeAddresses,
    policies: policies.map(([ns, name, spec]): NetworkPolicyObject => ({ metadata: { name, namespace: ns }, spec })),
  };
}

/** upstream's Reachability: a table of from -> to expectations. */
class Reachability {
  table = new Map<string, boolean>();
  constructor(def: boolean) { for (const f of ALL) for (const t of ALL) this.table.set(`${f}>${t}`, def); }
  /** Sets every pair whose ends match the prefixes (`x/` or `x/a` or ''). */
  expectPeer(from: string, to: string, v: boolean): this {
    for (const f of ALL) for (const t of ALL) if (f.startsWith(from) && t.startsWith(to)) this.table.set(`${f}>${t}`, v);
    return this;
  }
  /** Loopback always works (upstream's AllowLoopback). */
  allowLoopback(): this { for (const p of ALL) this.table.set(`${p}>${p}`, true); return this; }
}

function probe(c: PolicyCluster, port: number): Map<string, boolean> {
  const compiled = compilePolicyCluster(c);
  const out = new Map<string, boolean>();
  for (const f of ALL) for (const t of ALL) out.set(`${f}>${t}`, policyAllows(compiled, ipOf(f), ipOf(t), port, 'TCP'));
  return out;
}

const denyIngress = (sel = {}): NetworkPolicySpec => ({ podSelector: sel, policyTypes: ['Ingress'] });

describe('NetworkPolicy e2e model truth tables', () => {
  it('allows everything without policies', () => {
    expect(probe(cluster(), 80)).toEqual(new Reachability(true).table);
  });

  it('default-deny-ingress', () => {
    const c = cluster(['x', 'deny-ingress', denyIngress()]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/', false).allowLoopback().table);
  });

  it('default-deny-all (ingress and egress)', () => {
    const c = cluster(['x', 'deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/', false).expectPeer('x/', '', false).allowLoopback().table);
  });

  it('allow from pods in the server namespace by podSelector', () => {
    const c = cluster(['x', 'x-a-allows-x-b', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/a', false).expectPeer('x/b', 'x/a', true).allowLoopback().table);
  });

  it('allow only from a different namespace by namespaceSelector', () => {
    const c = cluster(['x', 'allow-ns-y', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/', false).expectPeer('y/', 'x/', true).allowLoopback().table);
  });

  it('namespaceSelector via the automatic kubernetes.io/metadata.name label', () => {
    const c = cluster(['x', 'allow-ns-z', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'z' } } }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/', false).expectPeer('z/', 'x/', true).allowLoopback().table);
  });

  it('podSelector OR namespaceSelector (two peers)', () => {
    const c = cluster(['x', 'or', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [
      { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] } },
      { podSelector: { matchLabels: { pod: 'b' } } }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('x/c', 'x/a', false).table);
  });

  it('podSelector AND namespaceSelector (one peer)', () => {
    const c = cluster(['x', 'and', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [
      { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] }, podSelector: { matchLabels: { pod: 'b' } } }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/a', false).expectPeer('y/b', 'x/a', true).expectPeer('z/b', 'x/a', true).allowLoopback().table);
  });

  it('multiple podSelector values and namespaceSelector (In b,c)', () => {
    const c = cluster(['x', 'multi', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [
      { namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] }, podSelector: { matchExpressions: [{ key: 'pod', operator: 'In', values: ['b', 'c'] }] } }] }] }]);
    const want = new Reachability(true).expectPeer('', 'x/a', false).allowLoopback();
    for (const f of ['y/b', 'y/c', 'z/b', 'z/c']) want.expectPeer(f, 'x/a', true);
    expect(probe(c, 80)).toEqual(want.table);
  });

  it('ports: allows 81 from namespace y, nothing on 80', () => {
    const c = cluster(['x', 'port-81', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 81, protocol: 'TCP' }] }] }]);
    expect(probe(c, 81)).toEqual(new Reachability(true).expectPeer('', 'x/a', false).expectPeer('y/', 'x/a', true).allowLoopback().table);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/a', false).allowLoopback().table);
  });

  it('named port serve-81-tcp resolves against the server pod', () => {
    const c = cluster(['x', 'named', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ ports: [{ port: 'serve-81-tcp' }] }] }]);
    expect(probe(c, 81)).toEqual(new Reachability(true).table);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/a', false).allowLoopback().table);
  });

  it('endPort: a range 80-81 admits both, a range 81-82 only 81', () => {
    const c = cluster(['x', 'range', { podSelector: {}, ingress: [{ ports: [{ port: 81, endPort: 82, protocol: 'TCP' }] }] }]);
    expect(probe(c, 81)).toEqual(new Reachability(true).table);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/', false).allowLoopback().table);
  });

  it('protocol: a UDP-only rule does not admit TCP', () => {
    const c = cluster(['x', 'udp', { podSelector: {}, ingress: [{ ports: [{ port: 80, protocol: 'UDP' }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/', false).allowLoopback().table);
  });

  it('egress to pod a in namespace y only (policyTypes defaulted from egress rules)', () => {
    const c = cluster(['x', 'egress', { podSelector: { matchLabels: { pod: 'a' } }, egress: [{ to: [{ namespaceSelector: { matchLabels: { ns: 'y' } }, podSelector: { matchLabels: { pod: 'a' } } }] }] }]);
    // policyTypes default to [Ingress, Egress] because egress rules exist: ingress to x/a is denied too.
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('x/a', '', false).expectPeer('', 'x/a', false).expectPeer('x/a', 'y/a', true).allowLoopback().table);
  });

  it('egress ipBlock with except', () => {
    const c = cluster(['x', 'cidr', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16', except: [`${ipOf('y/b')}/32`] } }] }] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('x/a', 'y/b', false).table);
  });

  it('several policies add up', () => {
    const c = cluster(
      ['x', 'from-b', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ podSelector: { matchLabels: { pod: 'b' } } }] }] }],
      ['x', 'from-y', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }] }] }],
    );
    expect(probe(c, 80)).toEqual(new Reachability(true).expectPeer('', 'x/a', false).expectPeer('x/b', 'x/a', true).expectPeer('y/', 'x/a', true).allowLoopback().table);
  });

  it('allow-all ingress rule ({}) overrides a deny in the same namespace', () => {
    const c = cluster(['x', 'deny', denyIngress()], ['x', 'allow-all', { podSelector: {}, ingress: [{}] }]);
    expect(probe(c, 80)).toEqual(new Reachability(true).table);
  });

  it("traffic from the pod's own node is allowed, from another node it is not", () => {
    const c = compilePolicyCluster(cluster(['x', 'deny', denyIngress()]));
    const xa = pods[0]!;
    expect(xa.node).toBe('node1');
    expect(policyAllows(c, '10.0.16.11', xa.ip, 80)).toBe(true);
    expect(policyAllows(c, '10.244.1.1', xa.ip, 80)).toBe(true);
    expect(policyAllows(c, '10.0.16.12', xa.ip, 80)).toBe(false);
  });
});
