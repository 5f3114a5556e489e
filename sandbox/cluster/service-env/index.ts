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

/** The Service variables for `pod` given the Services stored now. */
export function serviceEnvFor(c: ClusterState, pod: KubeObject): Record<string, string> {
  const ns = pod.metadata.namespace ?? 'default';
  const links = (pod.spec as { enableServiceLinks?: boolean } | undefined)?.enableServiceLinks !== false;
  const chosen = new Map<string, KubeObject>();
  const services = [...(c.objects.get('Service')?.values() ?? [])].filter(hasClusterIP)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const s of services) {
    const sns = s.metadata.namespace ?? 'default';
    if (sns === 'default' && s.metadata.name === 'kubernetes') {
      if (!chosen.has(s.metadata.name)) chosen.set(s.metadata.name, s);
    } else if (links && sns === ns) chosen.set(s.metadata.name, s);
  }
  const env: Record<string, string> = {};
  for (const s of chosen.values()) for (const [k, v] of serviceEnv(s)) env[k] = v;
  return env;
}
