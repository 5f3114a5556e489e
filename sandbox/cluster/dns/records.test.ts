/** CoreDNS kubernetes-plugin answers, per the Kubernetes DNS specification's record formats. */
import { describe, expect, it } from 'vitest';
import { answerQuery } from './records.ts';
import type { DnsClusterView } from './view.ts';
import type { DnsMessage, DnsType } from '../../wire/index.ts';
import { podResolvConf, formatResolvConf, parseResolvConf } from './resolv-conf.ts';
import { dnsWireSize } from './wire-size.ts';

// A Corefile without `ttl`: the plugin's default 5 (kubeadm's `ttl 30` is tested below).
const view: DnsClusterView = {
  zone: 'cluster.local', serial: 1700000000, ttl: 5, config: '1', namespaces: new Set(['default', 'x']),
  services: new Map([
    ['default/web', { namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }], endpoints: [{ ip: '10.244.1.2', ready: true, ports: [] }] }],
    ['x/db', { namespace: 'x', name: 'db', type: 'ClusterIP', clusterIP: 'None', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }], endpoints: [
      { ip: '10.244.1.5', hostname: 'db-0', ready: true, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
      { ip: '10.244.2.7', ready: true, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
      { ip: '10.244.2.8', ready: false, ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] }] }],
  ]),
};
const q = (name: string, type: DnsType = 'A'): DnsMessage => ({ id: 1, response: false, rcode: 'NOERROR', authoritative: false, recursionDesired: true, recursionAvailable: false, questions: [{ name, type }], answers: [], authority: [], additional: [] });
const data = (m: DnsMessage) => m.answers.map((r) => `${r.name} ${r.ttl} ${r.type} ${r.data}`);

describe('CoreDNS records', () => {
  it('A of a ClusterIP Service, authoritative, TTL 5', () => {
    const m = answerQuery(view, q('web.default.svc.cluster.local.'));
    expect(data(m)).toEqual(['web.default.svc.cluster.local. 5 A 10.96.0.20']);
    expect([m.authoritative, m.recursionAvailable, m.rcode]).toEqual([true, false, 'NOERROR']);
  });
  it('headless: every ready endpoint, and each endpoint by hostname or dashed IP', () => {
    expect(data(answerQuery(view, q('db.x.svc.cluster.local.')))).toEqual(['db.x.svc.cluster.local. 5 A 10.244.1.5', 'db.x.svc.cluster.local. 5 A 10.244.2.7']);
    expect(data(answerQuery(view, q('db-0.db.x.svc.cluster.local.')))).toEqual(['db-0.db.x.svc.cluster.local. 5 A 10.244.1.5']);
    expect(data(answerQuery(view, q('10-244-2-7.db.x.svc.cluster.local.')))).toEqual(['10-244-2-7.db.x.svc.cluster.local. 5 A 10.244.2.7']);
  });
  it('SRV for named ports, with the targets in the additional section', () => {
    const m = answerQuery(view, q('_http._tcp.web.default.svc.cluster.local.', 'SRV'));
    expect(data(m)).toEqual(['_http._tcp.web.default.svc.cluster.local. 5 SRV 0 100 80 web.default.svc.cluster.local.']);
    expect(m.additional.map((r) => r.data)).toEqual(['10.96.0.20']);
    const h = answerQuery(view, q('_pg._tcp.db.x.svc.cluster.local.', 'SRV'));
    expect(data(h)).toEqual(['_pg._tcp.db.x.svc.cluster.local. 5 SRV 0 50 5432 db-0.db.x.svc.cluster.local.', '_pg._tcp.db.x.svc.cluster.local. 5 SRV 0 50 5432 10-244-2-7.db.x.svc.cluster.local.']);
    expect(answerQuery(view, q('_http._udp.web.default.svc.cluster.local.', 'SRV')).rcode).toBe('NXDOMAIN');
  });
  it('ExternalName to a name in the zone: the CNAME, then the target\'s records (CoreDNS A())', () => {
    const v: DnsClusterView = { ...view, services: new Map([...view.services,
      ['x/alias', { namespace: 'x', name: 'alias', type: 'ExternalName', externalName: 'web.default.svc.cluster.local', clusterIP: '', ports: [], endpoints: [] }],
      ['x/dangling', { namespace: 'x', name: 'dangling', type: 'ExternalName', externalName: 'nosuch.default.svc.cluster.local', clusterIP: '', ports: [], endpoints: [] }]]) };
    expect(data(answerQuery(v, q('alias.x.svc.cluster.local.')))).toEqual(['alias.x.svc.cluster.local. 5 CNAME web.default.svc.cluster.local.', 'web.default.svc.cluster.local. 5 A 10.96.0.20']);
    const d = answerQuery(v, q('dangling.x.svc.cluster.local.'));
    expect([d.rcode, d.answers.length]).toEqual(['NOERROR', 0]);
    expect(data(answerQuery(v, q('alias.x.svc.cluster.local.', 'CNAME')))).toEqual(['alias.x.svc.cluster.local. 5 CNAME web.default.svc.cluster.local.']);
  });
  it('pod A records from the dashed name, PTR for ClusterIPs and endpoints', () => {
    expect(data(answerQuery(view, q('10-244-1-9.x.pod.cluster.local.')))).toEqual(['10-244-1-9.x.pod.cluster.local. 5 A 10.244.1.9']);
    expect(data(answerQuery(view, q('20.0.96.10.in-addr.arpa.', 'PTR')))).toEqual(['20.0.96.10.in-addr.arpa. 5 PTR web.default.svc.cluster.local.']);
    expect(data(answerQuery(view, q('5.1.244.10.in-addr.arpa.', 'PTR')))).toEqual(['5.1.244.10.in-addr.arpa. 5 PTR db-0.db.x.svc.cluster.local.']);
  });
  it('NXDOMAIN with the SOA for missing names and namespaces, NODATA for other types', () => {
    for (const n of ['nosuch.default.svc.cluster.local.', 'web.nosuch.svc.cluster.local.', 'x.web.default.svc.cluster.local.']) {
      const m = answerQuery(view, q(n));
      expect(m.rcode).toBe('NXDOMAIN');
      expect(m.authority[0]?.data).toBe('ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 5');
    }
    const aaaa = answerQuery(view, q('web.default.svc.cluster.local.', 'AAAA'));
    expect([aaaa.rcode, aaaa.answers.length, aaaa.authority.length]).toEqual(['NOERROR', 0, 1]);
    expect(answerQuery(view, q('default.svc.cluster.local.')).rcode).toBe('NOERROR');
  });
  it('forwards other names, SERVFAIL without an upstream', () => {
    expect(answerQuery(view, q('example.com.')).rcode).toBe('SERVFAIL');
  });
  it('computes the wire size with compression (dig MSG SIZE)', () => {
    const m = answerQuery(view, { ...q('web.default.svc.cluster.local.'), edns: { udpSize: 1232, cookie: '0011223344556677' } });
    expect(dnsWireSize(m)).toBe(86);
  });
});

describe("pods' resolv.conf", () => {
  const base = { namespace: 'x', clusterDNS: '10.96.0.10', clusterDomain: 'cluster.local', hostResolvConf: 'search lan\nnameserver 10.0.16.1\n' };
  it('ClusterFirst: the cluster search list, the node search, ndots:5', () => {
    expect(formatResolvConf(podResolvConf(base))).toBe('search x.svc.cluster.local svc.cluster.local cluster.local lan\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  it('Default, hostNetwork fallback, None with dnsConfig', () => {
    expect(formatResolvConf(podResolvConf({ ...base, dnsPolicy: 'Default' }))).toBe('search lan\nnameserver 10.0.16.1\n');
    expect(formatResolvConf(podResolvConf({ ...base, hostNetwork: true }))).toBe('search lan\nnameserver 10.0.16.1\n');
    expect(formatResolvConf(podResolvConf({ ...base, dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['corp'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } })))
      .toBe('search corp\nnameserver 1.1.1.1\noptions ndots:2 edns0\n');
    expect(parseResolvConf('options ndots:5 timeout:2\n').options).toEqual([{ name: 'ndots', value: '5' }, { name: 'timeout', value: '2' }]);
  });
  it('gives records the Corefile\'s ttl, and the SOA min(ttl, 300) with minimum ttl (backend_lookup.go SOA)', () => {
    const v: DnsClusterView = { ...view, ttl: 30 };
    expect(data(answerQuery(v, q('web.default.svc.cluster.local.')))).toEqual(['web.default.svc.cluster.local. 30 A 10.96.0.20']);
    expect(data(answerQuery(v, q('20.0.96.10.in-addr.arpa.', 'PTR')))).toEqual(['20.0.96.10.in-addr.arpa. 30 PTR web.default.svc.cluster.local.']);
    const nx = answerQuery(v, q('nope.default.svc.cluster.local.'));
    expect(nx.authority.map((r) => `${r.ttl} ${r.data}`)).toEqual(['30 ns.dns.cluster.local. hostmaster.cluster.local. 1700000000 7200 1800 86400 30']);
    const d = answerQuery(view, q('nope.default.svc.cluster.local.'));
    expect(d.authority.map((r) => `${r.ttl} ${r.data.split(' ').at(-1)}`)).toEqual(['5 5']);
    const big = answerQuery({ ...view, ttl: 3600 }, q('nope.default.svc.cluster.local.'));
    expect(big.authority.map((r) => `${r.ttl} ${r.data.split(' ').at(-1)}`)).toEqual(['300 3600']);
  });

  it('completes an ExternalName to an outside name with the upstream\'s records (backend_lookup.go A: b.Lookup)', () => {
    const v: DnsClusterView = { ...view, ttl: 30, services: new Map([...view.services,
      ['x/docs', { namespace: 'x', name: 'docs', type: 'ExternalName', clusterIP: '', externalName: 'docs.example.com', ports: [], endpoints: [] }]]) };
    const asked: string[] = [];
    const upstream = (m: DnsMessage): DnsMessage => {
      const qq = m.questions[0]!;
      asked.push(`${qq.name} ${qq.type}`);
      return { ...m, response: true, recursionAvailable: true, answers: qq.type === 'A' ? [{ name: qq.name, type: 'A', ttl: 300, data: '93.184.215.14' }] : [] };
    };
    const m = answerQuery(v, q('docs.x.svc.cluster.local.'), upstream);
    expect(m.rcode).toBe('NOERROR');
    expect(m.authoritative).toBe(true);
    expect(data(m)).toEqual(['docs.x.svc.cluster.local. 30 CNAME docs.example.com.', 'docs.example.com. 300 A 93.184.215.14']);
    expect(asked).toEqual(['docs.example.com. A']);
    // Only address queries chase the target; a CNAME query gets the CNAME alone.
    expect(data(answerQuery(v, q('docs.x.svc.cluster.local.', 'CNAME'), upstream))).toEqual(['docs.x.svc.cluster.local. 30 CNAME docs.example.com.']);
    expect(asked).toHaveLength(1);
    // No upstream answer: the CNAME stands alone.
    expect(data(answerQuery(v, q('docs.x.svc.cluster.local.'), () => undefined))).toEqual(['docs.x.svc.cluster.local. 30 CNAME docs.example.com.']);
  });
  it('answers the spec\'s dns-version TXT record "1.1.0" (specification.md 2.1; CoreDNS kubernetes.go Services, TTL 28800), NXDOMAIN for its A', () => {
    const m = answerQuery(view, q('dns-version.cluster.local.', 'TXT'));
    expect(data(m)).toEqual(['dns-version.cluster.local. 28800 TXT 1.1.0']);
    expect(m.rcode).toBe('NOERROR');
    expect(answerQuery(view, q('dns-version.cluster.local.')).rcode).toBe('NXDOMAIN');
    expect(answerQuery(view, q('dns-version.other.cluster.local.', 'TXT')).rcode).toBe('NXDOMAIN');
  });
  it('answers every ready endpoint that shares a hostname (specification.md 2.4.1: a record for each)', () => {
    const shared: DnsClusterView = { ...view, services: new Map([['x/db', { ...view.services.get('x/db')!, endpoints: [
      { ip: '10.244.1.5', hostname: 'db', ready: true, ports: [] }, { ip: '10.244.2.7', hostname: 'db', ready: true, ports: [] },
      { ip: '10.244.2.8', hostname: 'db', ready: false, ports: [] }] }]]) };
    expect(data(answerQuery(shared, q('db.db.x.svc.cluster.local.')))).toEqual(['db.db.x.svc.cluster.local. 5 A 10.244.1.5', 'db.db.x.svc.cluster.local. 5 A 10.244.2.7']);
  });
});
