/**
 * `kubectl create service (clusterip|nodeport|loadbalancer|externalname) NAME --tcp=P:T` and
 * `kubectl create ingress NAME --rule=HOST/PATH=SVC:PORT [--class=C]`, built as kubectl's
 * generators build them (staging/src/k8s.io/kubectl/pkg/cmd/create/create_service.go,
 * create_ingress.go): ports named `P-T`, selector `app: NAME`; a rule path ending in `*` is a
 * Prefix path, any other an Exact one.
 */
import { createObject, type KubeObject } from '../../../cluster/index.ts';
import { flagValue } from './args.ts';
import { fail, kindSlashName, printApiError, settle, type Kctx } from './common.ts';

const meta = (k: Kctx, name: string, labels?: Record<string, string>): KubeObject['metadata'] =>
  ({ name, namespace: k.ns, uid: '', resourceVersion: '', creationTimestamp: '', ...(labels ? { labels } : {}) });

const SERVICE_TYPES: Record<string, string> = { clusterip: 'ClusterIP', nodeport: 'NodePort', loadbalancer: 'LoadBalancer', externalname: 'ExternalName' };

async function store(k: Kctx, obj: KubeObject): Promise<number> {
  const r = createObject(k.ctx.world, obj);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  k.ctx.stdout.write(`${kindSlashName(obj)} created\n`);
  await settle(k);
  return 0;
}

/** `kubectl create service TYPE NAME ...`. */
export function createService(k: Kctx, words: string[]): number | Promise<number> {
  const [sub, name] = words;
  const type = SERVICE_TYPES[sub ?? ''];
  if (!type) {
    k.ctx.stderr.write(`error: unknown command "${sub ?? ''}" for "kubectl create service"\nRun 'kubectl create service --help' for usage.\n`);
    return 1;
  }
  if (!name) return fail(k, 'exactly one NAME is required, got 0');
  const ports: Record<string, unknown>[] = [];
  for (const spec of k.args.flags.get('tcp') ?? []) {
    const [p, t] = spec.split(':');
    if (!/^\d+$/.test(p ?? '') || (t !== undefined && t === '')) return fail(k, `invalid port specification: "${spec}"`);
    ports.push({ name: `${p}-${t ?? p}`, port: Number(p), protocol: 'TCP', targetPort: /^\d+$/.test(t ?? p!) ? Number(t ?? p) : t,
      ...(type === 'NodePort' && flagValue(k.args, 'node-port') ? { nodePort: Number(flagValue(k.args, 'node-port')) } : {}) });
  }
  const clusterIP = flagValue(k.args, 'clusterip');
  if (type !== 'ExternalName' && !ports.length && clusterIP !== 'None') return fail(k, 'at least one tcp port specifier must be provided');
  const external = flagValue(k.args, 'external-name');
  if (type === 'ExternalName' && !external) return fail(k, 'external name must be specified');
  return store(k, {
    apiVersion: 'v1', kind: 'Service', metadata: meta(k, name, { app: name }),
    spec: {
      type, ...(ports.length ? { ports } : {}), ...(type === 'ExternalName' ? { externalName: external } : { selector: { app: name } }),
      ...(clusterIP ? { clusterIP } : {}),
    },
  });
}

/** `kubectl create ingress NAME --rule=...`. */
export function createIngress(k: Kctx, words: string[]): number | Promise<number> {
  const name = words[0];
  if (!name) return fail(k, 'exactly one NAME is required, got 0');
  const rules: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
  for (const rule of k.args.flags.get('rule') ?? []) {
    const m = /^([^/=]*)(\/[^=]*)=([^:,]+):([^,]+)(,tls(=.*)?)?$/.exec(rule);
    if (!m) return fail(k, `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    const [, host, rawPath, svc, port] = m;
    const prefix = rawPath!.endsWith('*');
    const path = { path: prefix ? rawPath!.slice(0, -1) : rawPath, pathType: prefix ? 'Prefix' : 'Exact',
      backend: { service: { name: svc, port: /^\d+$/.test(port!) ? { number: Number(port) } : { name: port } } } };
    const same = rules.find((r) => (r.host ?? '') === host);
    if (same) same.http.paths.push(path);
    else rules.push({ ...(host ? { host } : {}), http: { paths: [path] } });
  }
  const cls = flagValue(k.args, 'class');
  return store(k, {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: meta(k, name),
    spec: { ...(cls ? { ingressClassName: cls } : {}), ...(rules.length ? { rules } : {}) },
  });
}
