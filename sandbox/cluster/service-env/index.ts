/**
 * Service environment variables, as the kubelet sets them for the Services that exist when a
 * container starts (pkg/kubelet/kubelet_pods.go getServiceEnvVarMap, pkg/kubelet/envvars
 * FromServices): the Services of the pod's namespace with a ClusterIP (not headless, not
 * ExternalName), plus `kubernetes` of the default namespace; only `kubernetes` when
 * `enableServiceLinks: false`. For Service `web-api` with ClusterIP 10.96.5.5 and port `http`
 * 80/TCP:
 *   WEB_API_SERVICE_HOST=10.96.5.5  WEB_API_SERVICE_PORT=80  WEB_API_SERVICE_PORT_HTTP=80
 *   WEB_API_PORT=tcp://10.96.5.5:80 WEB_API_PORT_80_TCP=tcp://10.96.5.5:80
 *   WEB_API_PORT_80_TCP_PROTO=tcp   WEB_API_PORT_80_TCP_PORT=80  WEB_API_PORT_80_TCP_ADDR=10.96.5.5
 * (the last five are Docker-link compatible; `_PORT` names only the first port).
 * A container keeps the variables of the Services it started with (later ones do not appear,
 * deleted ones stay) by holding a shared list (`sharedServiceEnv`; fabric SharedEnv), which
 * every container started with the same Services references instead of copying.
 */
import type { ClusterState, KubeObject } from '../types.ts';

interface PortSpec { name?: string; port: number; protocol?: string }

const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

/**
 * serviceEnv by stored Service object: stored objects are replaced, never edited, on update,
 * so a Service's variables are computed once and their strings shared by every container
 * (3,000 pods x 1,000 Services would otherwise build 24 million fresh strings).
 */
const envCache = new WeakMap<KubeObject, [string, string][]>();

/** The variables of one Service (envvars.FromServices for a single Service). */
export function serviceEnv(svc: KubeObject): [string, string][] {
  let vars = envCache.get(svc);
  if (!vars) envCache.set(svc, (vars = computeServiceEnv(svc)));
  return vars.map(([k, v]) => [k, v]);
}

function computeServiceEnv(svc: KubeObject): [string, string][] {
  const spec = (svc.spec ?? {}) as { clusterIP?: string; ports?: PortSpec[] };
  const ip = spec.clusterIP ?? '';
  const ports = spec.ports ?? [];
  const name = envName(svc.metadata.name);
  const out: [string, string][] = [[`${name}_SERVICE_HOST`, ip]];
  if (ports[0]) out.push([`${name}_SERVICE_PORT`, String(ports[0].port)]);
  for (const p of ports) if (p.name) out.push([`${name}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  ports.forEach((p, i) => {
    const proto = (p.protocol ?? 'TCP').toLowerCase();
    const url = `${proto}://${ip}:${p.port}`;
    const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
    if (i === 0) out.push([`${name}_PORT`, url]);
    out.push([prefix, url], [`${prefix}_PROTO`, proto], [`${prefix}_PORT`, String(p.port)], [`${prefix}_ADDR`, ip]);
  });
  return out;
}

const hasClusterIP = (svc: KubeObject) => {
  const spec = (svc.spec ?? {}) as { clusterIP?: string; type?: string };
  return !!spec.clusterIP && spec.clusterIP !== 'None' && spec.type !== 'ExternalName';
};

const podNamespace = (pod: KubeObject) => pod.metadata.namespace ?? 'default';
const serviceLinks = (pod: KubeObject) => (pod.spec as { enableServiceLinks?: boolean } | undefined)?.enableServiceLinks !== false;

/** Whether Service `s` can give variables to a pod of namespace `ns` (before the ClusterIP test). */
const concerns = (s: KubeObject, ns: string, links: boolean) => {
  const sns = s.metadata.namespace ?? 'default';
  return (sns === 'default' && s.metadata.name === 'kubernetes') || (links && sns === ns);
};

/** The Services stored now whose variables `pod` gets, in the order their variables are set. */
function chosenServices(c: ClusterState, pod: KubeObject): KubeObject[] {
  const ns = podNamespace(pod);
  const links = serviceLinks(pod);
  const chosen = new Map<string, KubeObject>();
  const services = [...(c.objects.get('Service')?.values() ?? [])].filter(hasClusterIP)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const s of services) {
    const sns = s.metadata.namespace ?? 'default';
    if (sns === 'default' && s.metadata.name === 'kubernetes') {
      if (!chosen.has(s.metadata.name)) chosen.set(s.metadata.name, s);
    } else if (links && sns === ns) chosen.set(s.metadata.name, s);
  }
  return [...chosen.values()];
}

/** The variables of `services` in one list, a later duplicate name overwriting in place. */
function collect(services: KubeObject[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of services) {
    let vars = envCache.get(s);
    if (!vars) envCache.set(s, (vars = computeServiceEnv(s)));
    for (const [k, v] of vars) env.set(k, v);
  }
  return env;
}

/** The Service variables for `pod` given the Services stored now. */
export function serviceEnvFor(c: ClusterState, pod: KubeObject): Record<string, string> {
  return Object.fromEntries(collect(chosenServices(c, pod)));
}

/**
 * The Service variables for a container of `pod` starting now, flat (name, value ...), as an
 * array shared with every container that started with the same Services: the last list made
 * for the pod's namespace (and enableServiceLinks) is kept in `c.serviceEnvSets` and reused
 * while the Services that concern the pod are unchanged. Containers keep their array when
 * Services change or go (the kubelet sets these once, at container start); an array nobody
 * references any more is garbage.
 *
 * "Unchanged" is tested by the count and the highest resourceVersion of the Services that
 * concern the pod: the store stamps every create and update with the next, ever-growing
 * resourceVersion and never edits a stored object, so a later set with the same count and
 * highest version lost nothing (a deleted old Service lowers the count; a new one, even if
 * deleted again, cannot bring back a lower highest version) and is the same set.
 */
export function sharedServiceEnv(c: ClusterState, pod: KubeObject): readonly string[] {
  const ns = podNamespace(pod);
  const links = serviceLinks(pod);
  let count = 0;
  let newest = 0;
  for (const s of c.objects.get('Service')?.values() ?? []) {
    if (!concerns(s, ns, links)) continue;
    const rv = Number(s.metadata.resourceVersion);
    // Objects put in the store by hand (tests) may lack a version: no reuse then.
    if (!Number.isSafeInteger(rv)) return flatten(collect(chosenServices(c, pod)));
    count++;
    if (rv > newest) newest = rv;
  }
  const key = `${ns}/${links ? 'links' : 'master'}`;
  const fingerprint = `${count}@${newest}`;
  const sets = (c.serviceEnvSets ??= new Map());
  const have = sets.get(key);
  if (have?.fingerprint === fingerprint) return have.vars;
  const vars = flatten(collect(chosenServices(c, pod)));
  sets.set(key, { fingerprint, vars });
  return vars;
}

function flatten(env: Map<string, string>): readonly string[] {
  const out: string[] = [];
  for (const [k, v] of env) out.push(k, v);
  return out;
}
