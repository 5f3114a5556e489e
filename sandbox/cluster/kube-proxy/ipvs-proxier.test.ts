// kube-proxy's IPVS proxier, one sync (pkg/proxy/ipvs/proxier.go syncProxyRules and
// writeIptablesRules; the cases follow proxier_test.go: a cluster IP without endpoints,
// session affinity, externalIPs, load balancer source ranges, node ports, Local policies).
import { describe, expect, it } from 'vitest';
import { planIpvsSync } from './ipvs-proxier.ts';
import { svcPort } from './fixtures.test-helper.ts';
import type { ProxyEndpoint, ProxyNode } from './types.ts';

const ep = (ip: string, port: number, nodeName: string): ProxyEndpoint => ({ ip, port, nodeName, ready: true, serving: true, terminating: false });
const node: ProxyNode = { nodeName: 'node-2', nodeIP: '10.0.16.12', clusterCIDR: '10.244.0.0/16' };
const ADDRS = ['10.0.16.12', '10.244.1.1', '10.244.1.0'];
const EPS = [ep('10.244.1.5', 8080, 'node-2'), ep('10.244.0.5', 8080, 'node-1')];
const lines = (payload: string, table: string) => {
  const out: string[] = [];
  let cur = '';
  for (const l of payload.split('\n')) {
    if (l.startsWith('*')) cur = l.slice(1);
    else if (cur === table && l.startsWith('-A ')) out.push(l);
  }
  return out;
};

describe('IPVS proxier: virtual servers, kube-ipvs0 and sets', () => {
  it('makes a virtual server per cluster IP, binds the address, and lists it in KUBE-CLUSTER-IP and KUBE-IPVS-IPS', () => {
    const p = planIpvsSync([{ svc: svcPort({}), endpoints: EPS }], node, ADDRS);
    expect(p.services).toEqual([{ proto: 'tcp', addr: '10.96.0.10', port: 80, dests: ['10.244.0.5:8080', '10.244.1.5:8080'] }]);
    expect(p.bind).toEqual(['10.96.0.10']);
    expect([...p.sets.get('KUBE-CLUSTER-IP')!]).toEqual(['10.96.0.10,tcp:80']);
    expect([...p.sets.get('KUBE-IPVS-IPS')!]).toEqual(['10.96.0.10']);
    // Hairpin entries only for the endpoints on this node.
    expect([...p.sets.get('KUBE-LOOP-BACK')!]).toEqual(['10.244.1.5,tcp:8080,10.244.1.5']);
  });

  it('keeps a virtual server without real servers for a Service without endpoints (TestClusterIPNoEndpoint)', () => {
    const p = planIpvsSync([{ svc: svcPort({}), endpoints: [] }], node, ADDRS);
    expect(p.services).toEqual([{ proto: 'tcp', addr: '10.96.0.10', port: 80, dests: [] }]);
  });

  it('turns ClientIP affinity into a persistent service with the sticky timeout (TestSessionAffinity)', () => {
    const p = planIpvsSync([{ svc: svcPort({ sessionAffinity: 'ClientIP', stickyMaxAgeSeconds: 600 }), endpoints: EPS }], node, ADDRS);
    expect(p.services[0]).toMatchObject({ persistent: 600 });
  });

  it('captures externalIPs: a virtual server, KUBE-EXTERNAL-IP, and a bind unless the node owns the address', () => {
    const p = planIpvsSync([{ svc: svcPort({ externalIPs: ['10.0.16.100', '10.0.16.12'] }), endpoints: EPS }], node, ADDRS);
    expect(p.services.map((s) => s.addr)).toEqual(['10.96.0.10', '10.0.16.100', '10.0.16.12']);
    expect(p.bind).toEqual(['10.96.0.10', '10.0.16.100']);
    expect([...p.sets.get('KUBE-EXTERNAL-IP')!]).toEqual(['10.0.16.100,tcp:80', '10.0.16.12,tcp:80']);
  });

  it('fills the source-range sets of a load balancer with loadBalancerSourceRanges (TestLoadBalancerSourceRanges)', () => {
    const svc = svcPort({ loadBalancerIPs: ['203.0.113.200'], loadBalancerSourceRanges: ['198.51.100.0/24', '10.0.16.0/20'] });
    const p = planIpvsSync([{ svc, endpoints: EPS }], node, ADDRS);
    expect([...p.sets.get('KUBE-LOAD-BALANCER-FW')!]).toEqual(['203.0.113.200,tcp:80']);
    expect([...p.sets.get('KUBE-LOAD-BALANCER-SOURCE-CIDR')!]).toEqual(['203.0.113.200,tcp:80,198.51.100.0/24', '203.0.113.200,tcp:80,10.0.16.0/20']);
    // The node's own address is in a range: the load balancer IP may come back as a source.
    expect([...p.sets.get('KUBE-LOAD-BALANCER-SOURCE-IP')!]).toEqual(['203.0.113.200,tcp:80,203.0.113.200']);
    expect(lines(p.payload, 'filter')).toContain('-A KUBE-PROXY-FIREWALL -m comment --comment "Kubernetes service load balancer ip + port for load balancer with sourceRange" -m set --match-set KUBE-LOAD-BALANCER-FW dst,dst -j KUBE-SOURCE-RANGES-FIREWALL');
  });

  it('makes a node port a virtual server on every node address and an entry of KUBE-NODE-PORT-TCP', () => {
    const p = planIpvsSync([{ svc: svcPort({ nodePort: 30080 }), endpoints: EPS }], node, ADDRS);
    expect(p.services.map((s) => `${s.addr}:${s.port}`)).toEqual(['10.96.0.10:80', '10.0.16.12:30080', '10.244.1.1:30080', '10.244.1.0:30080']);
    expect([...p.sets.get('KUBE-NODE-PORT-TCP')!]).toEqual(['30080']);
    expect(lines(p.payload, 'nat')).toContain('-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ');
  });

  it('sends internalTrafficPolicy Local only to local endpoints, and to none without them', () => {
    const svc = svcPort({ internalTrafficPolicy: 'Local' });
    expect(planIpvsSync([{ svc, endpoints: EPS }], node, ADDRS).services[0]!.dests).toEqual(['10.244.1.5:8080']);
    // No local endpoint: syncEndpoint falls back to the cluster endpoints, which CategorizeEndpoints
    // leaves empty for a Local-only Service, so the virtual server has no real server.
    expect(planIpvsSync([{ svc, endpoints: [ep('10.244.0.5', 8080, 'node-1')] }], node, ADDRS).services[0]!.dests).toEqual([]);
  });
});

describe('IPVS proxier: the iptables rules it still writes (writeIptablesRules)', () => {
  const p = planIpvsSync([{ svc: svcPort({ externalIPs: ['10.0.16.100'] }), endpoints: EPS }], node, ADDRS);

  it('masquerades off-cluster traffic to a cluster IP with the local-traffic detector, accepts IPVS traffic last', () => {
    expect(lines(p.payload, 'nat').filter((l) => l.startsWith('-A KUBE-SERVICES'))).toEqual([
      '-A KUBE-SERVICES -s 127.0.0.0/8 -j RETURN',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m physdev ! --physdev-is-in -m addrtype ! --src-type LOCAL -j ACCEPT',
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -m addrtype --dst-type LOCAL -j ACCEPT',
      '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
      '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    ]);
  });

  it('masquerades the hairpin case by KUBE-LOOP-BACK and marked traffic in KUBE-POSTROUTING', () => {
    expect(lines(p.payload, 'nat').filter((l) => l.startsWith('-A KUBE-POSTROUTING'))).toEqual([
      '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x004000/0x004000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --xor-mark 0x004000',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    ]);
  });

  it('rejects new connections to kube-ipvs0 addresses that are not a Service port (KUBE-IPVS-FILTER)', () => {
    expect(lines(p.payload, 'filter').filter((l) => l.startsWith('-A KUBE-IPVS-FILTER')).at(-1))
      .toBe('-A KUBE-IPVS-FILTER -m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS dst -j REJECT');
  });

  it('without a cluster CIDR, masquerades connections whose source is a VIP (src,dst)', () => {
    const q = planIpvsSync([{ svc: svcPort({}), endpoints: EPS }], { nodeName: 'node-2', nodeIP: '10.0.16.12' }, ADDRS);
    expect(lines(q.payload, 'nat')).toContain('-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ');
  });
});
