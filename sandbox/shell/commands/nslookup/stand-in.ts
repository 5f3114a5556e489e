/**
 * The cluster the DNS tools' captures were taken against (../dig/golden/README.md and
 * ./golden/README.md): Services `web` (10.96.0.20, port http 80/TCP), headless `db`
 * (10.244.1.5, 10.244.2.7), ExternalName `ext` -> example.com and `kube-dns` (10.96.0.10),
 * answered by the sandbox's own CoreDNS logic (cluster/dns/records.ts), and an upstream that
 * knows example.com only. Shared by the tests and the capture server
 * (tests/fixtures/busybox-nslookup/stand-in-server.ts), so both see the same records.
 */
import type { DnsMessage } from '../../../wire/index.ts';
import type { DnsClusterView } from '../../../cluster/dns/view.ts';

export const standInView: DnsClusterView = {
  zone: 'cluster.local', serial: 1763916572, ttl: 30, config: '1', namespaces: new Set(['default', 'kube-system']),
  services: new Map([
    ['default/web', { namespace: 'default', name: 'web', type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints: [] }],
    ['kube-system/kube-dns', { namespace: 'kube-system', name: 'kube-dns', type: 'ClusterIP', clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }], endpoints: [] }],
    ['default/db', { namespace: 'default', name: 'db', type: 'ClusterIP', clusterIP: 'None', ports: [], endpoints: [
      { ip: '10.244.1.5', ready: true, ports: [] }, { ip: '10.244.2.7', ready: true, ports: [] }] }],
    ['default/ext', { namespace: 'default', name: 'ext', type: 'ExternalName', clusterIP: '', externalName: 'example.com', ports: [], endpoints: [] }],
  ]),
};

/** The upstream resolver outside the cluster (CoreDNS's `forward`): example.com only. */
export function standInUpstream(q: DnsMessage): DnsMessage {
  const qq = q.questions[0]!;
  const known = qq.name.toLowerCase() === 'example.com.';
  return {
    id: q.id, response: true, rcode: known ? 'NOERROR' : 'NXDOMAIN', authoritative: false, recursionDesired: true, recursionAvailable: true,
    questions: q.questions, answers: known && qq.type === 'A' ? [{ name: 'example.com.', type: 'A', ttl: 30, data: '93.184.216.34' }] : [],
    authority: known ? [] : [{ name: '.', type: 'SOA', ttl: 86400, data: 'a.root-servers.net. nstld.verisign-grs.com. 2026112300 1800 900 604800 86400' }],
    additional: [],
  };
}
