import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateProxyRules, masqueradeMark } from './rules.ts';
import { endpointChainName, serviceChains, servicePortNameString } from './chain-names.ts';
import { computeProbability } from './probability.ts';
import { savedRules } from './save-normalize.test-helper.ts';
import type { ProxyEndpoint, ProxyEntry, ProxyNode } from './types.ts';
import { svcPort } from './fixtures.test-helper.ts';

const golden = (name: string) =>
  readFileSync(new URL(`../../../../shared/reference-lab/golden/${name}`, import.meta.url), 'utf8');

const ep = (ip: string, port: number, nodeName: string, ready = true): ProxyEndpoint =>
  ({ ip, port, nodeName, ready, serving: ready, terminating: false });

// The reference lab: Service default/web, port http 80 -> 8080, NodePort 30080, two endpoints.
const labWeb: ProxyEntry = {
  svc: svcPort({ nodePort: 30080 }),
  endpoints: [ep('10.244.2.2', 8080, 'node2'), ep('10.244.1.2', 8080, 'node1')],
};
const node1: ProxyNode = { nodeName: 'node1', nodeIP: '10.0.16.11', clusterCIDR: '10.244.0.0/16' };
const kubeProxyChain = (c: string) =>
  /^KUBE-(SVC|SEP|EXT|SVL|FW)-/.test(c) ||
  ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ', 'KUBE-FORWARD',
    'KUBE-EXTERNAL-SERVICES', 'KUBE-PROXY-FIREWALL', 'KUBE-FIREWALL'].includes(c);

/** The golden iptables-save rules of `table` for kube-proxy's chains. */
function goldenRules(file: string, table: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of golden(file).split('\n')) {
    if (line.startsWith('*')) cur = line.slice(1);
    else if (cur === table && line.startsWith('-A ') && kubeProxyChain(line.split(' ')[1]!)) out.push(line);
  }
  return out;
}

describe('kube-proxy chain names (base32(sha256(name+proto[+endpoint]))[:16])', () => {
  it('reproduces the well-known kube-dns chains and the lab Service chains', () => {
    expect(serviceChains('kube-system/kube-dns:dns', 'udp').svc).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(serviceChains('kube-system/kube-dns:dns-tcp', 'TCP').svc).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    expect(serviceChains('default/web:http', 'tcp')).toMatchObject({ svc: 'KUBE-SVC-CDGGSHYLG3RE2FKL', ext: 'KUBE-EXT-CDGGSHYLG3RE2FKL' });
    expect(endpointChainName('default/web:http', 'tcp', '10.244.1.2:8080')).toBe('KUBE-SEP-UIQK3OSOSTRHRPBX');
    expect(endpointChainName('default/web:http', 'tcp', '10.244.2.2:8080')).toBe('KUBE-SEP-4EX2N4PG4ASNZOBF');
  });
  it('names an unnamed port without a colon', () => {
    expect(servicePortNameString({ namespace: 'ns1', name: 'svc1', portName: '' })).toBe('ns1/svc1');
  });
});

describe('computeProbability (Go %0.10f of 1/n)', () => {
  it('formats 1/n with ten decimals, ties to even', () => {
    expect(computeProbability(2)).toBe('0.5000000000');
    expect(computeProbability(3)).toBe('0.3333333333');
    expect(computeProbability(6)).toBe('0.1666666667');
    expect(computeProbability(2048)).toBe('0.0004882812');
  });
  it('pads the mark like %#08x', () => expect(masqueradeMark()).toBe('0x00004000'));
});

describe('generateProxyRules for the reference lab', () => {
  const { payload } = generateProxyRules([labWeb], node1);

  it('writes the nat rules the lab node shows, byte for byte after iptables-save normalisation', () => {
    expect(savedRules(payload, 'nat', kubeProxyChain)).toEqual(goldenRules('lab-node1.iptables-save.txt', 'nat'));
    expect(savedRules(payload, 'nat', kubeProxyChain)).toEqual(
      golden('lab-node1.iptables-t-nat-S.txt').split('\n').filter((l) => l.startsWith('-A ') && kubeProxyChain(l.split(' ')[1]!)));
  });

  it('writes the filter rules the lab node shows', () => {
    expect(savedRules(payload, 'filter', kubeProxyChain)).toEqual(goldenRules('lab-node1.iptables-save.txt', 'filter'));
  });

  it('is the same on node2 except nothing (Cluster policy does not depend on the node)', () => {
    expect(generateProxyRules([labWeb], { ...node1, nodeName: 'node2', nodeIP: '10.0.16.12' }).payload).toBe(payload);
  });

  it('declares every chain before its rules and opens each table once', () => {
    const lines = payload.split('\n');
    expect(lines[0]).toBe('*filter');
    expect(lines.filter((l) => l === 'COMMIT')).toHaveLength(2);
    expect(lines).toContain(':KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]');
    expect(lines).toContain('-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UIQK3OSOSTRHRPBX');
  });
});

describe('generateProxyRules cases', () => {
  it('REJECTs in the filter table a Service without endpoints and writes no nat chain for it', () => {
    const { payload } = generateProxyRules([{ svc: svcPort({ nodePort: 30080 }), endpoints: [] }], node1);
    expect(payload).toContain('-A KUBE-SERVICES -m comment --comment "default/web:http has no endpoints" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j REJECT');
    expect(payload).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web:http has no endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j REJECT');
    expect(payload).not.toContain('KUBE-SVC-');
  });

  it('treats not-ready endpoints as absent', () => {
    const { payload } = generateProxyRules([{ svc: svcPort({}), endpoints: [ep('10.244.1.2', 8080, 'node1', false)] }], node1);
    expect(payload).toContain('has no endpoints');
  });

  it('splits three endpoints 1/3, 1/2, rest', () => {
    const eps = ['10.244.1.5', '10.244.1.3', '10.244.2.9'].map((ip) => ep(ip, 80, 'node1'));
    const { payload } = generateProxyRules([{ svc: svcPort({}), endpoints: eps }], node1);
    const probs = [...payload.matchAll(/--probability (\S+)/g)].map((m) => m[1]);
    expect(probs).toEqual(['0.3333333333', '0.5000000000']);
    expect(payload.indexOf('10.244.1.3:80"')).toBeLessThan(payload.indexOf('10.244.1.5:80"'));
  });

  it('keeps ClientIP affinity with -m recent', () => {
    const { payload } = generateProxyRules([{ svc: svcPort({ sessionAffinity: 'ClientIP' }), endpoints: [ep('10.244.1.2', 8080, 'node1')] }], node1);
    const sep = endpointChainName('default/web:http', 'tcp', '10.244.1.2:8080');
    expect(payload).toContain(`-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -m recent --name ${sep} --rcheck --seconds 10800 --reap -j ${sep}`);
    expect(payload).toContain(`-A ${sep} -m comment --comment default/web:http -m recent --name ${sep} --set -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:8080`);
  });

  it('externalTrafficPolicy Local: KUBE-EXT goes to KUBE-SVL with only local endpoints, pods and the node short-circuit to KUBE-SVC', () => {
    const entry = { svc: svcPort({ nodePort: 30080, externalTrafficPolicy: 'Local' }), endpoints: labWeb.endpoints };
    const { payload } = generateProxyRules([entry], node1);
    const c = serviceChains('default/web:http', 'tcp');
    expect(payload).toContain(`-A ${c.ext} -m comment --comment "pod traffic for default/web:http external destinations" -s 10.244.0.0/16 -j ${c.svc}`);
    expect(payload).toContain(`-A ${c.ext} -m comment --comment "masquerade LOCAL traffic for default/web:http external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`);
    expect(payload).toContain(`-A ${c.ext} -j ${c.svl}`);
    expect(payload).toContain(`-A ${c.svl} -m comment --comment "default/web:http -> 10.244.1.2:8080" -j KUBE-SEP-UIQK3OSOSTRHRPBX`);
    expect(payload).not.toContain('masquerade traffic for default/web:http external destinations');
    // node3 has no local endpoint: external traffic is dropped in the filter table, cluster traffic still works.
    const other = generateProxyRules([entry], { ...node1, nodeName: 'node3' }).payload;
    expect(other).toContain('-A KUBE-EXTERNAL-SERVICES -m comment --comment "default/web:http has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 30080 -j DROP');
    expect(other).not.toContain(`-A ${c.ext} -j ${c.svl}`);
  });

  it('LoadBalancer: captures the ingress IP to KUBE-EXT, and KUBE-FW with source ranges', () => {
    const svc = svcPort({ nodePort: 30080, loadBalancerIPs: ['203.0.113.10'], loadBalancerSourceRanges: ['198.51.100.0/24'] });
    const { payload } = generateProxyRules([{ svc, endpoints: labWeb.endpoints }], node1);
    const c = serviceChains('default/web:http', 'tcp');
    expect(payload).toContain(`-A KUBE-SERVICES -m comment --comment "default/web:http loadbalancer IP" -m tcp -p tcp -d 203.0.113.10 --dport 80 -j ${c.fw}`);
    expect(payload).toContain(`-A ${c.fw} -m comment --comment "default/web:http loadbalancer IP" -s 198.51.100.0/24 -j ${c.ext}`);
    expect(payload).toContain(`-A KUBE-PROXY-FIREWALL -m comment --comment "default/web:http traffic not accepted by ${c.fw}" -m tcp -p tcp -d 203.0.113.10 --dport 80 -j DROP`);
  });

  it('deletes the chains of a Service that is gone', () => {
    const before = generateProxyRules([labWeb], node1).activeNatChains;
    const { payload } = generateProxyRules([], node1, [...before, 'FLANNEL-POSTRTG']);
    expect(payload).toContain('-X KUBE-SVC-CDGGSHYLG3RE2FKL');
    expect(payload).toContain('-X KUBE-SEP-UIQK3OSOSTRHRPBX');
    expect(payload).not.toContain('-X FLANNEL-POSTRTG');
    expect(payload).not.toContain('-X KUBE-SERVICES');
  });

  it('drops per-endpoint comments above 1000 endpoints (large cluster mode)', () => {
    const entries = Array.from({ length: 201 }, (_, i) => ({
      svc: svcPort({ name: `s${i}`, clusterIP: `10.96.${i >> 8}.${i & 255}` }),
      endpoints: Array.from({ length: 5 }, (_, j) => ep(`10.244.${j}.${i % 250}`, 80, 'node1')),
    }));
    const r = generateProxyRules(entries, node1);
    expect(r.largeClusterMode).toBe(true);
    expect(r.payload).not.toMatch(/-A KUBE-SEP-\S+ -m comment/);
    expect(r.payload).toContain('"default/s0:http cluster IP"');
  });
});
