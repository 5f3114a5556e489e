/**
 * The servers of a kubeadm node that are not pods: kube-apiserver (6443, TLS), the kubelet
 * (10250, TLS; 10248 healthz), and kube-proxy (10256 healthz, 10249 metrics, and one
 * health check server per `externalTrafficPolicy: Local` LoadBalancer Service on its
 * healthCheckNodePort). Each answers from the cluster's state:
 * - kube-apiserver lets the anonymous user read /healthz, /livez, /readyz and /version
 *   (the system:public-info-viewer ClusterRole kubeadm's RBAC grants) and refuses the rest
 *   with a Status: 403 naming the path or the resource (RBAC's wording), 401 for a bearer
 *   token it does not know. JSON is indented for curl, Wget and browsers (apiserver
 *   handlers' isPrettyPrint by User-Agent).
 * - the kubelet refuses anonymous requests (kubeadm sets authentication.anonymous false): 401.
 * - kube-proxy's /healthz (pkg/proxy/healthcheck/proxy_health.go) and the per-Service
 *   handler (service_health.go): 200 with the count of ready local endpoints, 503 without.
 */
import type { AppContext } from '../../net/apps/index.ts';
import { tlsServer } from '../../net/apps/tls.ts';
import type { World } from '../../fabric/world.ts';
import { uuid } from '../ids.ts';
import { listObjects } from '../store.ts';
import type { HttpRequest } from '../apps/http.ts';
import { goServer, NOT_FOUND, type GoAnswer } from './http.ts';

/** Build facts of the released kube-apiserver binaries (`/version`), by gitVersion. */
const BUILDS: Record<string, { gitCommit: string; buildDate: string; goVersion: string }> = {
  'v1.31.2': { gitCommit: '5864a4677267e6adeae276ad85882a8714d69d9d', buildDate: '2024-10-22T20:28:14Z', goVersion: 'go1.22.8' },
};

const worldOf = (ctx: AppContext): World => ctx.world as World;
const pretty = (req: HttpRequest): boolean => /^(curl|Wget|Mozilla\/)/.test(req.headers.get('user-agent') ?? '');
const json = (v: unknown, req: HttpRequest): string => (pretty(req) ? JSON.stringify(v, null, 2) : JSON.stringify(v));

/** The headers every kube-apiserver answer carries (audit id, API priority and fairness). */
function apiHeaders(ctx: AppContext, contentType: string): [string, string][] {
  const w = worldOf(ctx);
  return [['Audit-Id', uuid(w.rng)], ['Cache-Control', 'no-cache, private'], ['Content-Type', contentType], ['X-Content-Type-Options', 'nosniff'],
    ['X-Kubernetes-Pf-Flowschema-Uid', uuid(w.rng)], ['X-Kubernetes-Pf-Prioritylevel-Uid', uuid(w.rng)]];
}

/** What RBAC says an anonymous request for `path` is refused as. */
function forbidden(method: string, path: string): { message: string; details: Record<string, string> } {
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (!m || (m[2] !== undefined && m[3] === undefined)) return { message: `forbidden: User "system:anonymous" cannot ${method === 'GET' ? 'get' : method.toLowerCase()} path "${path}"`, details: {} };
  const [, group = '', ns, resource, name] = m;
  const verb = method === 'GET' ? (name ? 'get' : 'list') : method === 'POST' ? 'create' : method === 'DELETE' ? 'delete' : method.toLowerCase();
  const where = ns ? `in the namespace "${ns}"` : 'at the cluster scope';
  return { message: `${resource}${name ? ` "${name}"` : ''} is forbidden: User "system:anonymous" cannot ${verb} resource "${resource}" in API group "${group}" ${where}`,
    details: { ...(name ? { name } : {}), ...(group ? { group } : {}), kind: resource! } };
}

function apiserver(ctx: AppContext, req: HttpRequest): GoAnswer {
  const path = req.target.split('?')[0]!;
  const status = (code: number, reason: string, message: string, details?: Record<string, string>) => ({
    status: code === 401 ? '401 Unauthorized' : '403 Forbidden', headers: apiHeaders(ctx, 'application/json'),
    body: `${json({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code }, req)}\n`,
  });
  if (/^Bearer /i.test(req.headers.get('authorization') ?? '')) return status(401, 'Unauthorized', 'Unauthorized');
  if (['/healthz', '/livez', '/readyz'].includes(path)) return { status: '200 OK', headers: apiHeaders(ctx, 'text/plain; charset=utf-8'), body: 'ok' };
  if (path === '/version' || path === '/version/') {
    const version = worldOf(ctx).cluster?.config.version ?? 'v1.31.2';
    const [major, minor] = version.replace(/^v/, '').split('.');
    const build = BUILDS[version] ?? { gitCommit: '', buildDate: '', goVersion: '' };
    const info = { major, minor, gitVersion: version, gitCommit: build.gitCommit, gitTreeState: 'clean', buildDate: build.buildDate, goVersion: build.goVersion, compiler: 'gc', platform: 'linux/amd64' };
    return { status: '200 OK', headers: apiHeaders(ctx, 'application/json'), body: JSON.stringify(info, null, 2) };
  }
  const f = forbidden(req.method, path);
  return status(403, 'Forbidden', f.message, f.details);
}

/** Go's time.Time String() of a wall-clock instant with its monotonic reading (`m=+2520.5`). */
function goTime(ctx: AppContext, startedMs: number): string {
  const w = worldOf(ctx);
  const d = ctx.now;
  const p = (n: number, l = 2) => String(n).padStart(l, '0');
  const nanos = `${p(d.getUTCMilliseconds(), 3)}${p(Math.floor((w.clock.ms % 1) * 1e6), 6)}`;
  const mono = ((w.clock.ms - startedMs) / 1000).toFixed(9);
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${nanos} +0000 UTC m=+${mono}`;
}

/** kube-proxy's /healthz (and the metrics port's own /healthz and /proxyMode). */
function kubeProxyHealthz_(ctx: AppContext, req: HttpRequest): GoAnswer {
  const path = req.target.split('?')[0]!;
  const started = Number(ctx.params.started ?? '0');
  const headers: [string, string][] = [['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff']];
  if (path !== '/healthz') return NOT_FOUND;
  const now = goTime(ctx, started);
  return { status: '200 OK', headers, body: `{"lastUpdated": "${now}","currentTime": "${now}", "nodeEligible": true}` };
}

function kubeProxyMetrics_(ctx: AppContext, req: HttpRequest): GoAnswer {
  const path = req.target.split('?')[0]!;
  const text: [string, string][] = [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']];
  if (path === '/healthz') return { status: '200 OK', headers: text, body: 'ok' };
  if (path === '/proxyMode') return { status: '200 OK', headers: text, body: worldOf(ctx).cluster?.config.proxyMode ?? 'iptables' };
  return NOT_FOUND;
}

/** The local ready endpoints of a Service on the node named in params (service_health.go's count). */
function localEndpoints(ctx: AppContext): number {
  const c = worldOf(ctx).cluster;
  if (!c) return 0;
  const slices = listObjects(c, 'EndpointSlice', ctx.params.namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === ctx.params.service);
  let n = 0;
  for (const s of slices) {
    for (const e of ((s as unknown as { endpoints?: { nodeName?: string; conditions?: { ready?: boolean } }[] }).endpoints ?? [])) {
      if (e.nodeName === ctx.params.node && e.conditions?.ready !== false) n++;
    }
  }
  return n;
}

function serviceHealth(ctx: AppContext): GoAnswer {
  const count = localEndpoints(ctx);
  const body = `{\n\t"service": {\n\t\t"namespace": ${JSON.stringify(ctx.params.namespace)},\n\t\t"name": ${JSON.stringify(ctx.params.service)}\n\t},\n\t"localEndpoints": ${count},\n\t"serviceProxyHealthy": true\n}`;
  return { status: count ? '200 OK' : '503 Service Unavailable', headers: [['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff']], body };
}

/** kube-apiserver's secure port. */
export const kubeApiserver = tlsServer(() => 'CN=kube-apiserver', goServer(apiserver));
/** The kubelet's API port (anonymous requests refused). */
export const kubelet = tlsServer((ctx) => `CN=${ctx.params.node ?? ''}@kubelet`, goServer(() => ({ status: '401 Unauthorized', headers: [['Content-Type', 'text/plain; charset=utf-8']], body: 'Unauthorized' })));
/** The kubelet's loopback healthz port. */
export const kubeletHealthz = goServer((_ctx, req) => (req.target.split('?')[0] === '/healthz' ? { status: '200 OK', headers: [['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff']], body: 'ok' } : NOT_FOUND));
/** kube-proxy's healthz server. */
export const kubeProxyHealthz = goServer(kubeProxyHealthz_);
/** kube-proxy's metrics server. */
export const kubeProxyMetrics = goServer(kubeProxyMetrics_);
/** kube-proxy's per-Service health check server. */
export const kubeProxyServiceHealth = goServer((ctx) => serviceHealth(ctx));
