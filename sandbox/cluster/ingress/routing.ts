/**
 * Ingress routing as ingress-nginx does it (networking.k8s.io/v1 semantics, and the
 * controller's nginx.conf generation): the Ingresses of class `nginx` (or without a class when
 * `nginx` is the default IngressClass) are merged per host; a request's Host header (port
 * stripped, case-insensitive) selects the host's rules, falling back to rules without a host;
 * within them paths are tried longest first, an Exact path before a Prefix path of the same
 * text. Prefix matching is by path element (`/foo` matches `/foo` and `/foo/bar`, not
 * `/foobar`), as the API defines it; ImplementationSpecific is a plain prefix (nginx
 * `location /x`). No match: the Ingress's `defaultBackend`, else the controller's default
 * backend (404).
 */
import type { ClusterState, KubeObject } from '../types.ts';
import { listObjects } from '../store.ts';

/** Where a request goes. */
export interface IngressBackend {
  namespace: string;
  service: string;
  /** Service port by number or by name. */
  port: number | string;
  /** The Ingress whose rule matched (`ns/name`), for logs. */
  ingress: string;
}

interface PathRule { host: string; path: string; type: 'Exact' | 'Prefix' | 'ImplementationSpecific'; backend: IngressBackend }

type Backend = { service?: { name: string; port?: { number?: number; name?: string } } };

const toBackend = (ns: string, ing: string, b: Backend | undefined): IngressBackend | undefined =>
  b?.service ? { namespace: ns, service: b.service.name, port: b.service.port?.number ?? b.service.port?.name ?? 80, ingress: `${ns}/${ing}` } : undefined;

/** Whether `ing` belongs to the controller of class `className`. */
export function ingressOfClass(c: ClusterState, ing: KubeObject, className: string): boolean {
  const cls = (ing.spec as { ingressClassName?: string } | undefined)?.ingressClassName
    ?? ing.metadata.annotations?.['kubernetes.io/ingress.class'];
  if (cls !== undefined) return cls === className;
  const ic = listObjects(c, 'IngressClass').find((x) => x.metadata.name === className);
  return ic?.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true';
}

/** The path rules of every Ingress of the class, and the Ingresses' default backends. */
function rulesOf(c: ClusterState, className: string): { paths: PathRule[]; defaults: IngressBackend[] } {
  const paths: PathRule[] = [];
  const defaults: IngressBackend[] = [];
  // Oldest first: on conflicts ingress-nginx keeps the first Ingress created.
  const ings = listObjects(c, 'Ingress').filter((i) => ingressOfClass(c, i, className))
    .sort((a, b) => a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp));
  for (const ing of ings) {
    const ns = ing.metadata.namespace ?? 'default';
    const spec = (ing.spec ?? {}) as { defaultBackend?: Backend; rules?: { host?: string; http?: { paths?: { path?: string; pathType?: string; backend?: Backend }[] } }[] };
    const d = toBackend(ns, ing.metadata.name, spec.defaultBackend);
    if (d) defaults.push(d);
    for (const r of spec.rules ?? []) {
      for (const p of r.http?.paths ?? []) {
        const backend = toBackend(ns, ing.metadata.name, p.backend);
        if (!backend) continue;
        const type = p.pathType === 'Exact' || p.pathType === 'Prefix' ? p.pathType : 'ImplementationSpecific';
        paths.push({ host: (r.host ?? '').toLowerCase(), path: p.path ?? '/', type, backend });
      }
    }
  }
  return { paths, defaults };
}

/** Whether a request path matches a rule path. */
export function pathMatches(type: PathRule['type'], rule: string, path: string): boolean {
  if (type === 'Exact') return path === rule;
  if (type === 'ImplementationSpecific') return path.startsWith(rule);
  const r = rule.replace(/\/+$/, '');
  return r === '' || path === r || path.startsWith(`${r}/`);
}

/** The backend for a request (Host header text and path without the query), or undefined: 404. */
export function routeRequest(c: ClusterState, className: string, hostHeader: string, path: string): IngressBackend | undefined {
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const { paths, defaults } = rulesOf(c, className);
  const forHost = paths.some((p) => p.host === host) ? paths.filter((p) => p.host === host) : paths.filter((p) => p.host === '');
  const ordered = [...forHost].sort((a, b) => b.path.length - a.path.length || (a.type === 'Exact' ? -1 : b.type === 'Exact' ? 1 : 0));
  const hit = ordered.find((p) => pathMatches(p.type, p.path, path.split('?')[0]!));
  return hit?.backend ?? defaults[0];
}
