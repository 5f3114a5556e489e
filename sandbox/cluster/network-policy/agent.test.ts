/**
 * The agent's chains must allow exactly what the evaluator allows: the e2e model's pods on two
 * nodes, several policy sets, every pair of pods sent as a new TCP connection through the
 * FORWARD hook (sandbox/net/netfilter's nfHook) of the source's node and of the destination's
 * node; the packet passes when both accept.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../fabric/world.ts';
import { createNetns } from '../../net/netns.ts';
import { iptablesRestore, nfHook } from '../../net/netfilter/index.ts';
import type { Netns } from '../../net/types.ts';
import type { Skb } from '../../net/skb.ts';
import { parseIpv4 } from '../../wire/index.ts';
import { policyPayload } from './agent.ts';
import { ensurePolicyJumps } from './controller.ts';
import { compilePolicyCluster, policyAllows } from './evaluate.ts';
import type { NetworkPolicySpec, PolicyCluster, PolicyPod } from './types.ts';

const NS = ['x', 'y', 'z'];
const pods: PolicyPod[] = NS.flatMap((ns, i) => ['a', 'b', 'c'].map((name, j) => ({
  namespace: ns, name, labels: { pod: name }, ip: `10.244.${(i * 3 + j) % 2 + 1}.${10 + i * 3 + j}`, node: (i * 3 + j) % 2 === 0 ? 'node1' : 'node2',
  ports: [{ name: 'serve-80-tcp', containerPort: 80, protocol: 'TCP' }, { name: 'serve-81-tcp', containerPort: 81, protocol: 'TCP' }],
})));

const cluster = (...policies: [string, NetworkPolicySpec][]): PolicyCluster => ({
  namespaces: NS.map((n) => ({ name: n, labels: { ns: n, 'kubernetes.io/metadata.name': n } })), pods,
  nodeAddresses: new Map([['node1', ['10.0.16.11']], ['node2', ['10.0.16.12']]]),
  policies: policies.map(([ns, spec], i) => ({ metadata: { name: `p${i}`, namespace: ns }, spec })),
});

function nodes(c: PolicyCluster) {
  const world = createWorld(3);
  const out = new Map<string, Netns>();
  for (const n of ['node1', 'node2']) {
    const ns = createNetns(world, n);
    ensurePolicyJumps(ns);
    const r = iptablesRestore(world, ns, policyPayload(c, n), { noflush: true });
    expect(r).toEqual({ ok: true });
    out.set(n, ns);
  }
  return { world, out };
}

function forward(world: ReturnType<typeof createWorld>, ns: Netns, src: string, dst: string, port: number): boolean {
  const skb: Skb = {
    pkt: { kind: 'ipv4', src: parseIpv4(src)!, dst: parseIpv4(dst)!, ttl: 63, id: 1, df: true,
      payload: { proto: 'tcp', sport: 40000, dport: port, seq: 1, ack: 0, flags: { syn: true }, window: 64240, data: '' } },
    mark: 0, ctState: 'NEW',
  };
  return nfHook(world, ns, 'FORWARD', skb).verdict === 'accept';
}

const cases: [string, PolicyCluster][] = [
  ['deny ingress', cluster(['x', { podSelector: {}, policyTypes: ['Ingress'] }])],
  ['pod AND namespace selector', cluster(['x', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'ns', operator: 'NotIn', values: ['x'] }] }, podSelector: { matchLabels: { pod: 'b' } } }] }] }])],
  ['named port 81 from y', cluster(['x', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'y' } } }], ports: [{ port: 'serve-81-tcp' }] }] }])],
  ['endPort range', cluster(['y', { podSelector: {}, ingress: [{ ports: [{ port: 81, endPort: 90 }] }] }])],
  ['egress ipBlock except', cluster(['x', { podSelector: { matchLabels: { pod: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16', except: ['10.244.2.0/24'] } }] }] }])],
  ['egress and ingress together, two policies', cluster(
    ['x', { podSelector: { matchLabels: { pod: 'b' } }, egress: [{ to: [{ podSelector: { matchLabels: { pod: 'a' } } }] }] }],
    ['x', { podSelector: { matchLabels: { pod: 'a' } }, ingress: [{ from: [{ podSelector: {} }] }] }])],
];

describe('agent chains agree with the evaluator', () => {
  for (const [name, c] of cases) {
    it(name, () => {
      const { world, out } = nodes(c);
      const compiled = compilePolicyCluster(c);
      for (const port of [80, 81]) {
        for (const a of pods) for (const b of pods) {
          if (a === b) continue;
          const want = policyAllows(compiled, a.ip, b.ip, port, 'TCP');
          const viaSrc = forward(world, out.get(a.node)!, a.ip, b.ip, port);
          const viaDst = a.node === b.node ? viaSrc : forward(world, out.get(b.node)!, a.ip, b.ip, port);
          expect(`${a.namespace}/${a.name} -> ${b.namespace}/${b.name}:${port} ${viaSrc && viaDst}`).toBe(`${a.namespace}/${a.name} -> ${b.namespace}/${b.name}:${port} ${want}`);
        }
      }
    });
  }
});
