/**
 * The cluster as CoreDNS's kubernetes plugin sees it through its watches: Services, their
 * EndpointSlice endpoints and the namespaces that exist, and the TTL its Corefile configures. Built from the API store by
 * `dnsViewOf`; the record logic (records.ts) is a pure function of it.
 */
import type { ClusterState, KubeObject } from '../types.ts';
import { cacheMaxTtl, kubernetesTtl } from './corefile.ts';
import { getObject } from '../store.ts';

/** One Service port. */
export interface DnsServicePort {
  name?: string;
  port: number;
  protocol: string;
}

/** One endpoint of a Service (an EndpointSlice endpoint). */
export interface DnsEndpoint {
  ip: string;
  /** endpoints[].hostname (pods with spec.hostname and a matching subdomain). */
  hostname?: string;
  ready: boolean;
  /** Target ports by port name (EndpointSlice ports). */
  ports: DnsServicePort[];
}

/** One Service. */
export interface DnsService {
  namespace: string;
  name: string;
  type: string;
  /** `None` for a headless Service; empty for ExternalName. */
  clusterIP: string;
  externalName?: string;
  ports: DnsServicePort[];
  endpoints: DnsEndpoint[];
}

/** What the plugin answers from. */
export interface DnsClusterView {
  /** The cluster domain without a trailing dot (`cluster.local`). */
  zone: string;
  namespaces: Set<string>;
  /** `namespace/name` -> Service. */
  services: Map<string, DnsService>;
  /** SOA serial: CoreDNS uses the Unix time of the last change it saw. */
  serial: number;
  /** The TTL of the plugin's records: the Corefile's `ttl` (corefile.ts), default 5. */
  ttl: number;
  /** The cache plugin's maximum TTL (`cache 30`), or undefined when the Corefile has no `cache`. */
  cacheTtl?: number;
  /** The Corefile's version (its ConfigMap's resourceVersion): a change restarts the server (reload). */
  config: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Builds the view from the API objects (Service and EndpointSlice, kubernetes.io/service-name label). */
export function dnsViewOf(c: ClusterState, serial: number): DnsClusterView {
  const services = new Map<string, DnsService>();
  for (const o of c.objects.get('Service')?.values() ?? []) {
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    const ports = (Array.isArray(spec.ports) ? spec.ports : []) as { name?: string; port: number; protocol?: string }[];
    services.set(`${o.metadata.namespace}/${o.metadata.name}`, {
      namespace: o.metadata.namespace ?? 'default', name: o.metadata.name, type: str(spec.type) ?? 'ClusterIP',
      clusterIP: str(spec.clusterIP) ?? '', externalName: str(spec.externalName),
      ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })), endpoints: [],
    });
  }
  for (const s of c.objects.get('EndpointSlice')?.values() ?? []) addSlice(services, s);
  const cm = getObject(c, 'ConfigMap', 'kube-system', 'coredns');
  const data = (cm?.data ?? {}) as Record<string, unknown>;
  return {
    zone: c.config.clusterDomain, namespaces: new Set([...(c.objects.get('Namespace')?.keys() ?? [])]), services, serial,
    ttl: kubernetesTtl(str(data.Corefile)), config: cm?.metadata.resourceVersion ?? '',
    ...(cacheMaxTtl(str(data.Corefile)) === undefined ? {} : { cacheTtl: cacheMaxTtl(str(data.Corefile)) }),
  };
}

function addSlice(services: Map<string, DnsService>, s: KubeObject): void {
  const svcName = s.metadata.labels?.['kubernetes.io/service-name'];
  const svc = svcName ? services.get(`${s.metadata.namespace}/${svcName}`) : undefined;
  if (!svc) return;
  const ports = (Array.isArray(s.ports) ? s.ports : []) as { name?: string; port: number; protocol?: string }[];
  const eps = (Array.isArray(s.endpoints) ? s.endpoints : []) as { addresses: string[]; hostname?: string; conditions?: { ready?: boolean } }[];
  for (const e of eps) {
    for (const ip of e.addresses ?? []) {
      svc.endpoints.push({ ip, hostname: e.hostname, ready: e.conditions?.ready !== false, ports: ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol ?? 'TCP' })) });
    }
  }
}
