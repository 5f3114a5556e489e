/**
 * The cluster's built-in Services and the CoreDNS add-on, as kubeadm leaves them: the API
 * server's `default/kubernetes` Service (first address of the Service range, 443 -> 6443 on
 * the control-plane node, endpoints written by the API server itself, which recreates them
 * when deleted), and CoreDNS (ConfigMap `coredns` with the default Corefile, Deployment
 * `coredns` with two replicas, Service `kube-dns` at the range's tenth address). kubeadm
 * installs the add-on once: it is created only while its ConfigMap does not exist, so deleting
 * the Deployment has the consequences it has on a real cluster.
 */
import type { World } from '../../fabric/world.ts';
import { formatIpv4, maskOf, parseCidr } from '../../wire/index.ts';
import { createObject, getObject, updateObject } from '../store.ts';
import type { ClusterState, KubeObject } from '../types.ts';

const meta = (name: string, namespace: string, labels?: Record<string, string>): KubeObject['metadata'] =>
  ({ name, namespace, uid: '', resourceVersion: '', creationTimestamp: '', ...(labels ? { labels } : {}) });

/** The n-th address of the Service range. */
export function serviceRangeAddress(c: ClusterState, n: number): string {
  const r = parseCidr(c.config.serviceCidr)!;
  return formatIpv4(((r.addr & maskOf(r.len)) + n) >>> 0);
}

/** CoreDNS's Corefile as kubeadm writes it. */
export const corefile = (domain: string): string => `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes ${domain} in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

function ensureKubernetesService(c: ClusterState, world: World): void {
  const first = [...c.nodes.values()][0];
  if (!first || !getObject(c, 'Namespace', undefined, 'default')) return;
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  if (!getObject(c, 'Service', 'default', 'kubernetes')) {
    const ip = serviceRangeAddress(c, 1);
    createObject(world, {
      apiVersion: 'v1', kind: 'Service', metadata: meta('kubernetes', 'default', labels),
      spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' },
    });
  }
  const subsets = [{ addresses: [{ ip: first.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }];
  const ep = getObject(c, 'Endpoints', 'default', 'kubernetes');
  if (!ep) createObject(world, { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('kubernetes', 'default', { 'endpointslice.kubernetes.io/skip-mirror': 'true' }), subsets });
  const slice = {
    addressType: 'IPv4', endpoints: [{ addresses: [first.ip], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  };
  const es = getObject(c, 'EndpointSlice', 'default', 'kubernetes');
  if (!es) createObject(world, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('kubernetes', 'default', { 'kubernetes.io/service-name': 'kubernetes' }), ...slice });
  else if (JSON.stringify(es.endpoints) !== JSON.stringify(slice.endpoints)) updateObject(world, { ...es, ...slice });
}

function ensureCoreDns(c: ClusterState, world: World): void {
  if (!getObject(c, 'Namespace', undefined, 'kube-system') || getObject(c, 'ConfigMap', 'kube-system', 'coredns')) return;
  if (c.nodes.size === 0) return;
  const labels = { 'k8s-app': 'kube-dns' };
  createObject(world, { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('coredns', 'kube-system'), data: { Corefile: corefile(c.config.clusterDomain) } });
  createObject(world, {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('coredns', 'kube-system', labels),
    spec: {
      replicas: 2, selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          dnsPolicy: 'Default', priorityClassName: 'system-cluster-critical',
          containers: [{
            name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', args: ['-conf', '/etc/coredns/Corefile'],
            ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
          }],
        },
      },
    },
  });
  const ip = serviceRangeAddress(c, 10);
  createObject(world, {
    apiVersion: 'v1', kind: 'Service',
    metadata: { ...meta('kube-dns', 'kube-system', { ...labels, 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' }), annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' } },
    spec: {
      selector: labels, clusterIP: ip, clusterIPs: [ip],
      ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }],
    },
  });
}

/** The add-on controller: the `kubernetes` Service always, CoreDNS once. */
export function reconcileAddons(c: ClusterState, world: World): boolean {
  ensureKubernetesService(c, world);
  ensureCoreDns(c, world);
  return false;
}
