/**
 * What the EndpointSlice and Endpoints controllers want for one Service (pure):
 * pkg/controller/endpointslice (reconciler) and pkg/controller/endpoint. Pods in the Service's
 * namespace whose labels match its selector and that have an IP become endpoints; a pod that
 * is not Ready is kept with `ready: false` (in Endpoints it goes to notReadyAddresses); a
 * terminating pod is dropped (publishNotReadyAddresses keeps not-ready ones as ready). Each
 * Service port's targetPort is resolved per pod: a number as is, a name through the pod's
 * container ports (a pod without that port name is left out of that port). Endpoints with
 * the same resolved ports share a slice.
 */
import type { KubeObject, Pod } from '../types.ts';
import { fromMap, matches } from '../selector.ts';

/** A Service port as the spec has it. */
export interface ServicePortSpec {
  name?: string;
  port: number;
  protocol?: string;
  targetPort?: number | string;
}

/** One endpoint as both objects need it. */
export interface DesiredEndpoint {
  ip: string;
  ready: boolean;
  nodeName?: string;
  hostname?: string;
  pod: { name: string; namespace: string; uid: string };
}

/** A group of endpoints with identical resolved ports (one EndpointSlice / Endpoints subset). */
export interface DesiredGroup {
  ports: { name: string; port: number; protocol: string }[];
  endpoints: DesiredEndpoint[];
}

const podReady = (p: Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true;

/** Resolves a targetPort for one pod (undefined when a named port is missing). */
export function resolveTargetPort(sp: ServicePortSpec, pod: Pod): number | undefined {
  const t = sp.targetPort ?? sp.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of pod.spec.containers) {
    const cp = c.ports?.find((p) => p.name === t && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
    if (cp) return cp.containerPort;
  }
  return undefined;
}

/** The endpoint groups of `svc` given the pods of its namespace; undefined for a Service without selector. */
export function desiredGroups(svc: KubeObject, pods: Pod[]): DesiredGroup[] | undefined {
  const spec = (svc.spec ?? {}) as { selector?: Record<string, string>; ports?: ServicePortSpec[]; publishNotReadyAddresses?: boolean; type?: string };
  if (!spec.selector || spec.type === 'ExternalName') return undefined;
  const sel = fromMap(spec.selector);
  const groups = new Map<string, DesiredGroup>();
  const sorted = pods
    .filter((p) => p.metadata.namespace === svc.metadata.namespace && matches(sel, p.metadata.labels))
    .filter((p) => !!p.status?.podIP && !(p.metadata as { deletionTimestamp?: string }).deletionTimestamp)
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const p of sorted) {
    const ports = (spec.ports ?? []).flatMap((sp) => {
      const port = resolveTargetPort(sp, p);
      return port === undefined ? [] : [{ name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' }];
    });
    const key = JSON.stringify(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    const hostname = p.spec.hostname && p.spec.subdomain === svc.metadata.name ? String(p.spec.hostname) : undefined;
    g.endpoints.push({
      ip: p.status!.podIP!, ready: spec.publishNotReadyAddresses === true || podReady(p), nodeName: p.spec.nodeName,
      ...(hostname ? { hostname } : {}), pod: { name: p.metadata.name, namespace: p.metadata.namespace ?? 'default', uid: p.metadata.uid },
    });
  }
  return [...groups.values()];
}
