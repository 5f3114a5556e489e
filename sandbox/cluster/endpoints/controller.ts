/**
 * The EndpointSlice controller (pkg/controller/endpointslice) and the Endpoints controller
 * (pkg/controller/endpoint) for Services with a selector: they keep one EndpointSlice per
 * group of identically-ported endpoints (named `<service>-<5 random chars>`, labelled
 * `kubernetes.io/service-name` and `endpointslice.kubernetes.io/managed-by`, owned by the
 * Service) and one Endpoints object named after the Service. A Service with no matching pod
 * keeps an empty placeholder slice and an Endpoints object without subsets. Services without
 * a selector are left to whoever writes their endpoints.
 */
import type { World } from '../../fabric/world.ts';
import type { ClusterState, KubeObject, Pod } from '../types.ts';
import { createObject, deleteObject, updateObject, keyOf } from '../store.ts';
import { randomSuffix } from '../ids.ts';
import { ownerRef } from '../controllers/owners.ts';
import { desiredGroups, type DesiredGroup } from './desired.ts';

/** The label that names an EndpointSlice's Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const CONTROLLER = 'endpointslice-controller.k8s.io';

const sliceBody = (g: DesiredGroup) => ({
  addressType: 'IPv4',
  endpoints: g.endpoints.map((e) => ({
    addresses: [e.ip], conditions: { ready: e.ready, serving: e.ready, terminating: false },
    ...(e.hostname ? { hostname: e.hostname } : {}),
    ...(e.nodeName ? { nodeName: e.nodeName } : {}),
    targetRef: { kind: 'Pod', name: e.pod.name, namespace: e.pod.namespace, uid: e.pod.uid },
  })),
  ports: g.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
});

const ipKey = (ip: string) => ip.split('.').map((o) => o.padStart(3, '0')).join('.');

/** The Endpoints subsets: ready and not-ready addresses per port group, sorted by IP (RepackSubsets). */
function subsetsOf(groups: DesiredGroup[]): unknown[] {
  return groups.filter((g) => g.endpoints.length > 0).map((g) => {
    const addr = (e: DesiredGroup['endpoints'][number]) => ({
      ...(e.hostname ? { hostname: e.hostname } : {}), ip: e.ip, ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      targetRef: { kind: 'Pod', name: e.pod.name, namespace: e.pod.namespace, uid: e.pod.uid },
    });
    const sorted = [...g.endpoints].sort((a, b) => (ipKey(a.ip) < ipKey(b.ip) ? -1 : 1));
    const ready = sorted.filter((e) => e.ready).map(addr);
    const notReady = sorted.filter((e) => !e.ready).map(addr);
    return {
      ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}),
      ports: g.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
    };
  });
}

function syncService(world: World, svc: KubeObject, groups: DesiredGroup[], slices: KubeObject[], endpoints: KubeObject | undefined): void {
  const ns = svc.metadata.namespace ?? 'default';
  const labels = { ...svc.metadata.labels, [MANAGED_BY]: CONTROLLER, [SERVICE_NAME_LABEL]: svc.metadata.name };
  const wanted = groups.length ? groups : [{ ports: [], endpoints: [] }];
  wanted.forEach((g, i) => {
    const existing = slices[i];
    if (existing) {
      updateObject(world, { ...existing, metadata: { ...existing.metadata, labels }, ...sliceBody(g) });
      return;
    }
    let r;
    do {
      const name = `${svc.metadata.name}-${randomSuffix(world.rng)}`;
      r = createObject(world, {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: { name, generateName: `${svc.metadata.name}-`, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '', labels, ownerReferences: [ownerRef(svc)] },
        ...sliceBody(g),
      });
    } while (!r.ok && r.error.reason === 'AlreadyExists');
  });
  for (const extra of slices.slice(wanted.length)) deleteObject(world, 'EndpointSlice', ns, extra.metadata.name);

  const subsets = subsetsOf(groups);
  const epLabels = { ...svc.metadata.labels };
  const body = { ...(subsets.length ? { subsets } : {}) };
  if (endpoints) {
    const next: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { ...endpoints.metadata, labels: epLabels }, ...body };
    if (Object.keys(epLabels).length === 0) delete next.metadata.labels;
    updateObject(world, next);
  } else {
    createObject(world, {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { name: svc.metadata.name, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '', ...(Object.keys(epLabels).length ? { labels: epLabels } : {}) },
      ...body,
    });
  }
}

/** Reconciles every Service's EndpointSlices and Endpoints; deletes Endpoints of deleted Services. */
export function reconcileEndpoints(c: ClusterState, world: World): boolean {
  const pods = [...(c.objects.get('Pod')?.values() ?? [])] as Pod[];
  const podsByNs = new Map<string, Pod[]>();
  for (const p of pods) {
    const k = p.metadata.namespace ?? 'default';
    (podsByNs.get(k) ?? podsByNs.set(k, []).get(k)!).push(p);
  }
  const slicesBySvc = new Map<string, KubeObject[]>();
  for (const s of c.objects.get('EndpointSlice')?.values() ?? []) {
    if (s.metadata.labels?.[MANAGED_BY] !== CONTROLLER) continue;
    const k = keyOf(s.metadata.namespace, s.metadata.labels?.[SERVICE_NAME_LABEL] ?? '');
    (slicesBySvc.get(k) ?? slicesBySvc.set(k, []).get(k)!).push(s);
  }
  const services = c.objects.get('Service') ?? new Map<string, KubeObject>();
  for (const [key, svc] of [...services]) {
    const groups = desiredGroups(svc, podsByNs.get(svc.metadata.namespace ?? 'default') ?? []);
    if (!groups) continue;
    const slices = (slicesBySvc.get(key) ?? []).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    syncService(world, svc, groups, slices, c.objects.get('Endpoints')?.get(key));
  }
  // Endpoints have no owner reference: the controller deletes those whose Service is gone.
  for (const [key, ep] of [...(c.objects.get('Endpoints') ?? new Map<string, KubeObject>())]) {
    if (!services.has(key)) deleteObject(world, 'Endpoints', ep.metadata.namespace, ep.metadata.name);
  }
  for (const [key, list] of slicesBySvc) {
    if (!services.has(key)) for (const s of list) deleteObject(world, 'EndpointSlice', s.metadata.namespace, s.metadata.name);
  }
  return false;
}
