/**
 * NetworkPolicy ports as the API defines them (networking.k8s.io/v1 NetworkPolicyPort:
 * "If this field is not provided, this matches all port names and numbers", "named port on a
 * pod"), enforced by the kube-router-style chains and by the evaluator alike:
 * - an egress rule's named port is the destination pod's container port of that name (the
 *   client's own ports with the same name do not count);
 * - a protocol without a port admits every port of that protocol, and nothing of another;
 * - an SCTP port becomes `-p sctp -m sctp --dport N` (libxt_sctp), which restores cleanly, so
 *   a policy with SCTP never breaks the rules written with it, and holds for SCTP packets (an
 *   INIT, RFC 4960 3.3.2) to that port only; `protocol: SCTP` alone admits every SCTP port.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../fabric/world.ts';
import { createNetns } from '../../net/netns.ts';
import { iptablesRestore, nfHook } from '../../net/netfilter/index.ts';
import type { Skb } from '../../net/skb.ts';
import { parseIpv4 } from '../../wire/index.ts';
import { policyPayload } from './agent.ts';
import { ensurePolicyJumps } from './controller.ts';
import { policyAllows } from './evaluate.ts';
import type { NetworkPolicySpec, PolicyCluster, PolicyPod } from './types.ts';

// Client and server on one node; both name a port "web", on different numbers.
const client: PolicyPod = { namespace: 'x', name: 'client', labels: { app: 'client' }, ip: '10.244.1.10', node: 'n', ports: [{ name: 'web', containerPort: 8080, protocol: 'TCP' }] };
const server: PolicyPod = { namespace: 'x', name: 'server', labels: { app: 'server' }, ip: '10.244.1.11', node: 'n', ports: [{ name: 'web', containerPort: 80, protocol: 'TCP' }] };

const cluster = (spec: NetworkPolicySpec): PolicyCluster => ({
  namespaces: [{ name: 'x', labels: { 'kubernetes.io/metadata.name': 'x' } }], pods: [client, server],
  nodeAddresses: new Map([['n', ['10.0.16.11']]]), policies: [{ metadata: { name: 'p', namespace: 'x' }, spec }],
});

/** The node's FORWARD verdict on a new connection `from` -> `to`:`port` over `proto`. */
function verdicts(c: PolicyCluster) {
  const world = createWorld(1);
  const ns = createNetns(world, 'n');
  ensurePolicyJumps(ns);
  const payload = policyPayload(c, 'n');
  expect(iptablesRestore(world, ns, payload, { noflush: true })).toEqual({ ok: true });
  const pass = (from: PolicyPod, to: PolicyPod, port: number, proto: 'tcp' | 'udp' | 'sctp'): boolean => {
    const l4 = proto === 'tcp'
      ? { proto, sport: 40000, dport: port, seq: 1, ack: 0, flags: { syn: true }, window: 64240, data: '' } as const
      : proto === 'sctp'
        ? { proto, sport: 40000, dport: port, vtag: 0, chunks: [{ type: 'INIT' as const, initTag: 1, rwnd: 106496, os: 10, mis: 65535, initTsn: 1 }] }
        : { proto, sport: 40000, dport: port, payload: { kind: 'raw', data: 'x' } } as const;
    const skb: Skb = { pkt: { kind: 'ipv4', src: parseIpv4(from.ip)!, dst: parseIpv4(to.ip)!, ttl: 63, id: 1, df: true, payload: l4 }, mark: 0, ctState: 'NEW' };
    return nfHook(world, ns, 'FORWARD', skb).verdict === 'accept';
  };
  return { payload, pass };
}

describe('NetworkPolicy ports', () => {
  it('an egress named port resolves against the destination pod', () => {
    const c = cluster({ podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'server' } } }], ports: [{ port: 'web' }] }] });
    const { payload, pass } = verdicts(c);
    expect(payload).toContain(`-s ${client.ip} -d ${server.ip} -p tcp -m tcp --dport 80 `);
    expect([pass(client, server, 80, 'tcp'), pass(client, server, 8080, 'tcp')]).toEqual([true, false]);
    expect([policyAllows(c, client.ip, server.ip, 80), policyAllows(c, client.ip, server.ip, 8080)]).toEqual([true, false]);
  });

  it('a protocol without a port admits every port of that protocol only', () => {
    const c = cluster({ podSelector: { matchLabels: { app: 'server' } }, ingress: [{ ports: [{ protocol: 'UDP' }] }] });
    const { payload, pass } = verdicts(c);
    expect(payload).toMatch(new RegExp(`-d ${server.ip.replace(/\./g, '\\.')} -p udp -m comment`));
    expect([pass(client, server, 53, 'udp'), pass(client, server, 40000, 'udp'), pass(client, server, 53, 'tcp')]).toEqual([true, true, false]);
    expect([policyAllows(c, client.ip, server.ip, 40000, 'UDP'), policyAllows(c, client.ip, server.ip, 53, 'TCP')]).toEqual([true, false]);
  });

  it('an SCTP port is written as an sctp match and leaves the other rules working', () => {
    const c = cluster({ podSelector: { matchLabels: { app: 'server' } }, ingress: [{ ports: [{ protocol: 'SCTP', port: 9999 }, { port: 80 }] }] });
    const { payload, pass } = verdicts(c);
    expect(payload).toContain(`-d ${server.ip} -p sctp -m sctp --dport 9999 `);
    expect([pass(client, server, 80, 'tcp'), pass(client, server, 9999, 'tcp')]).toEqual([true, false]);
    expect([pass(client, server, 9999, 'sctp'), pass(client, server, 9998, 'sctp'), pass(client, server, 80, 'sctp')]).toEqual([true, false, false]);
  });

  it('protocol SCTP without a port admits every SCTP port and nothing else', () => {
    const c = cluster({ podSelector: { matchLabels: { app: 'server' } }, ingress: [{ ports: [{ protocol: 'SCTP' }] }] });
    const { pass } = verdicts(c);
    expect([pass(client, server, 9999, 'sctp'), pass(client, server, 38412, 'sctp'), pass(client, server, 9999, 'tcp'), pass(client, server, 9999, 'udp')])
      .toEqual([true, true, false, false]);
    expect([policyAllows(c, client.ip, server.ip, 38412, 'SCTP'), policyAllows(c, client.ip, server.ip, 38412, 'TCP')]).toEqual([true, false]);
  });
});
