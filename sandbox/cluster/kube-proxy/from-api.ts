/**
 * From API objects to what the proxier tracks (pkg/proxy/serviceport.go newBaseServiceInfo,
 * pkg/proxy/endpointslicecache.go): one ProxyEntry per Service port with a ClusterIP, its
 * endpoints taken from the EndpointSlices labelled `kubernetes.io/service-name`, matched by
 * port name and protocol. Headless and ExternalName Services are not proxied.
 */
import type { ClusterState, KubeObject } from '../types.ts';
import type { ProxyEndpoint, ProxyEntry, ProxyServicePort, ServiceProtocol, TrafficPolicy } from './types.ts';

interface SlicePort { name?: string; port?: number; protocol?: string }
interface SliceEndpoint { addresses?: string[]; nodeName?: string; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean } }

const asArray = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** EndpointSlices grouped by `namespace/service`. */
export function slicesByService(c: ClusterState): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const s of c.objects.get('EndpointSlice')?.values() ?? []) {
    const svc = s.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const k = `${s.metadata.namespace}/${svc}`;
    const list = out.get(k);
    if (list) list.push(s);
    else out.set(k, [s]);
  }
  return out;
}

/** The Service ports kube-proxy programs, with their endpoints. */
export function proxyEntriesOf(c: ClusterState): ProxyEntry[] {
  const slices = slicesByService(c);
  const out: ProxyEntry[] = [];
  for (const svc of c.objects.get('Service')?.values() ?? []) {
    const spec = (svc.spec ?? {}) as Record<string, unknown>;
    const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
    if (clusterIP === '' || clusterIP === 'None' || spec.type === 'ExternalName') continue;
    const status = (svc.status ?? {}) as { loadBalancer?: { ingress?: { ip?: string }[] } };
    const affinity = spec.sessionAffinityConfig as { clientIP?: { timeoutSeconds?: number } } | undefined;
    const ns = svc.metadata.namespace ?? 'default';
    const svcSlices = slices.get(`${ns}/${svc.metadata.name}`) ?? [];
    for (const p of asArray<{ name?: string; port: number; protocol?: string; nodePort?: number }>(spec.ports)) {
      const protocol = (p.protocol ?? 'TCP') as ServiceProtocol;
      const port: ProxyServicePort = {
        namespace: ns, name: svc.metadata.name, portName: p.name ?? '', protocol, clusterIP, port: p.port,
        nodePort: p.nodePort ?? 0, externalIPs: asArray<string>(spec.externalIPs),
        loadBalancerIPs: (status.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((x): x is string => !!x),
        loadBalancerSourceRanges: asArray<string>(spec.loadBalancerSourceRanges),
        sessionAffinity: spec.sessionAffinity === 'ClientIP' ? 'ClientIP' : 'None',
        stickyMaxAgeSeconds: affinity?.clientIP?.timeoutSeconds ?? 10800,
        externalTrafficPolicy: (spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster') as TrafficPolicy,
        internalTrafficPolicy: (spec.internalTrafficPolicy === 'Local' ? 'Local' : 'Cluster') as TrafficPolicy,
        healthCheckNodePort: typeof spec.healthCheckNodePort === 'number' ? spec.healthCheckNodePort : 0,
      };
      const endpoints: ProxyEndpoint[] = [];
      for (const s of svcSlices) {
        const sp = asArray<SlicePort>(s.ports).find((x) => (x.name ?? '') === port.portName && (x.protocol ?? 'TCP') === protocol);
        if (!sp?.port) continue;
        for (const e of asArray<SliceEndpoint>(s.endpoints)) {
          const ip = e.addresses?.[0];
          if (!ip) continue;
          const ready = e.conditions?.ready ?? true;
          endpoints.push({ ip, port: sp.port, nodeName: e.nodeName, ready, serving: e.conditions?.serving ?? ready, terminating: e.conditions?.terminating ?? false });
        }
      }
      out.push({ svc: port, endpoints });
    }
  }
  return out;
}
