// The cloud LB's pure parts: pool expansion, the forwarding payload (one DNAT per healthy
// node, kube-proxy-style probabilities), health from the nodes' kube-proxy rules and local
// endpoints, and failing open when no node passes.
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../../wire/index.ts';
import { lbPayload, nodeHealthy, poolAddresses } from './controller.ts';
import type { ProxyEntry } from '../kube-proxy/types.ts';
import { createWorld } from '../../fabric/world.ts';
import { createCluster } from '../index.ts';

const entry = (policy: 'Cluster' | 'Local', endpointsOn: string[]): ProxyEntry => ({
  svc: {
    namespace: 'default', name: 'web', portName: 'http', protocol: 'TCP', clusterIP: '10.96.0.20', port: 80, nodePort: 30080,
    externalIPs: [], loadBalancerIPs: ['203.0.113.200'], loadBalancerSourceRanges: [], sessionAffinity: 'None', stickyMaxAgeSeconds: 10800,
    externalTrafficPolicy: policy, internalTrafficPolicy: 'Cluster', healthCheckNodePort: policy === 'Local' ? 32000 : 0,
  },
  endpoints: endpointsOn.map((n, i) => ({ ip: `10.244.${i}.5`, port: 8080, nodeName: n, ready: true, serving: true, terminating: false })),
} as ProxyEntry);

function cluster() {
  const world = createWorld(1);
  const c = createCluster();
  for (const [n, ip] of [['node-1', '10.0.16.11'], ['node-2', '10.0.16.12'], ['node-3', '10.0.16.13']] as const)
    c.nodes.set(n, { machine: n, ip, nic: 'eth0', flannelPeers: new Map() });
  return { world, c };
}

describe('poolAddresses', () => {
  it('expands ranges and CIDRs (without network and broadcast)', () => {
    expect(poolAddresses('203.0.113.200-203.0.113.202').map(formatIpv4)).toEqual(['203.0.113.200', '203.0.113.201', '203.0.113.202']);
    expect(poolAddresses('192.0.2.0/30').map(formatIpv4)).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(poolAddresses('192.0.2.7/32').map(formatIpv4)).toEqual(['192.0.2.7']);
  });
});

describe('lbPayload', () => {
  it('with Local, targets only nodes with a ready local endpoint', () => {
    const { world, c } = cluster();
    const e = entry('Local', ['node-2', 'node-3']);
    expect(nodeHealthy(world as never, c, 'node-1', e)).toBe(false);
    const p = lbPayload(world as never, c, [e], [], true);
    expect(p).toContain('-A CLOUD-LB -d 203.0.113.200/32 -p tcp -m comment --comment "default/web:http" -m tcp --dport 80 -j CLOUD-LB-');
    expect(p).toMatch(/-p tcp -m comment --comment "default\/web:http -> node-2" -m statistic --mode random --probability 0\.50000000000 -j DNAT --to-destination 10\.0\.16\.12:30080\n/);
    expect(p).toMatch(/-p tcp -m comment --comment "default\/web:http -> node-3" -j DNAT --to-destination 10\.0\.16\.13:30080\n/);
    expect(p).not.toContain('node-1');
  });

  it('with Cluster and no kube-proxy NodePort rule anywhere, fails open to every node (1/3, 1/2, rest)', () => {
    const { world, c } = cluster();
    const p = lbPayload(world as never, c, [entry('Cluster', ['node-1'])], [], false);
    expect(p).toContain('-I PREROUTING 1 -m comment --comment "cloud load balancer" -j CLOUD-LB');
    expect(p).toContain('--probability 0.33333333349 -j DNAT --to-destination 10.0.16.11:30080');
    expect(p).toContain('--probability 0.50000000000 -j DNAT --to-destination 10.0.16.12:30080');
    expect(p).toMatch(/node-3" -j DNAT --to-destination 10\.0\.16\.13:30080/);
  });

  it('removes chains of Services that are gone', () => {
    const { world, c } = cluster();
    const p = lbPayload(world as never, c, [], ['PREROUTING', 'CLOUD-LB', 'CLOUD-LB-AAAAAAAAAAAAAAAA'], true);
    expect(p).toBe('*nat\n:CLOUD-LB - [0:0]\n:CLOUD-LB-AAAAAAAAAAAAAAAA - [0:0]\n-X CLOUD-LB-AAAAAAAAAAAAAAAA\nCOMMIT\n');
  });
});
