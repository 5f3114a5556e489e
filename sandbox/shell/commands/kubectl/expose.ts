/**
 * `kubectl expose (pod|deployment|replicaset|service) NAME [--port=P] [--target-port=T]
 * [--type=T] [--name=N] [--protocol=P]`: a Service that selects what the object selects, as
 * kubectl's expose builds it (staging/src/k8s.io/kubectl/pkg/cmd/expose and
 * pkg/generate/versioned/service.go): the selector is the workload's matchLabels, a pod's
 * labels or a Service's selector; the labels are the object's; without --port the
 * container ports are taken (several ones named port-1, port-2 ...).
 */
import { createObject, getObject, type KubeObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { flagValue } from './args.ts';
import { fail, kindSlashName, printApiError, settle, targets, type Kctx } from './common.ts';

interface Port { containerPort?: number; port?: number; protocol?: string; name?: string; targetPort?: unknown }
const EXPOSABLE = ['Pod', 'Service', 'Deployment', 'ReplicaSet'];

/** The selector and the ports an object offers to expose. */
function introspect(o: KubeObject): { selector?: Record<string, string>; expressions: boolean; ports: Port[] } {
  const spec = (o.spec ?? {}) as { selector?: unknown; ports?: Port[]; containers?: { ports?: Port[] }[]; template?: { spec?: { containers?: { ports?: Port[] }[] } } };
  if (o.kind === 'Service') return { selector: spec.selector as Record<string, string> | undefined, expressions: false, ports: (spec.ports ?? []).map((p) => ({ ...p, containerPort: p.port })) };
  const containers = o.kind === 'Pod' ? spec.containers ?? [] : spec.template?.spec?.containers ?? [];
  const ports = containers.flatMap((c) => c.ports ?? []);
  if (o.kind === 'Pod') return { selector: o.metadata.labels, expressions: false, ports };
  const sel = spec.selector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
  return { selector: sel?.matchLabels, expressions: !!sel?.matchExpressions?.length, ports };
}

/** `kubectl expose`. */
export async function runExpose(k: Kctx, words: string[]): Promise<number> {
  const groups = targets(k, words);
  if (!groups) return 1;
  const g = groups[0];
  const name = g?.names[0];
  if (!g || !name) return fail(k, 'You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  if (!EXPOSABLE.includes(g.kind.kind)) return fail(k, `cannot expose a ${g.kind.kind}`);
  const o = getObject(k.cluster, g.kind.kind, k.ns, name);
  if (!o) { printApiError(k, notFound(g.kind.kind, name)); return 1; }
  const info = introspect(o);
  if (info.expressions) return fail(k, `couldn't retrieve selectors via --selector flag or introspection: the ${g.kind.kind} uses match expressions, which are not supported in expose`);
  const selText = flagValue(k.args, 'selector');
  const selector = selText ? Object.fromEntries(selText.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) : info.selector;
  if (!selector || !Object.keys(selector).length) return fail(k, `couldn't retrieve selectors via --selector flag or introspection: the ${g.kind.kind} has no selector`);
  const portText = flagValue(k.args, 'port');
  const target = flagValue(k.args, 'target-port');
  const protocol = flagValue(k.args, 'protocol');
  let ports: Record<string, unknown>[];
  if (portText !== undefined) {
    if (!/^\d+$/.test(portText)) return fail(k, `invalid argument "${portText}" for "--port" flag: strconv.ParseInt: parsing "${portText}": invalid syntax`);
    const known = info.ports.find((p) => p.containerPort === Number(portText));
    ports = [{ port: Number(portText), protocol: protocol ?? known?.protocol ?? 'TCP', targetPort: target === undefined ? Number(portText) : /^\d+$/.test(target) ? Number(target) : target }];
  } else {
    if (!info.ports.length) return fail(k, "couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples");
    ports = info.ports.map((p, i) => ({
      ...(info.ports.length > 1 ? { name: `port-${i + 1}` } : {}), port: p.containerPort, protocol: protocol ?? p.protocol ?? 'TCP',
      targetPort: target === undefined ? (o.kind === 'Service' ? p.targetPort ?? p.containerPort : p.containerPort) : /^\d+$/.test(target) ? Number(target) : target,
    }));
  }
  const svcName = flagValue(k.args, 'name') ?? name;
  const type = flagValue(k.args, 'type');
  const svc: KubeObject = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: svcName, namespace: k.ns, uid: '', resourceVersion: '', creationTimestamp: '', ...(o.metadata.labels ? { labels: { ...o.metadata.labels } } : {}) },
    spec: { ports, selector, ...(type ? { type } : {}), ...(flagValue(k.args, 'cluster-ip') ? { clusterIP: flagValue(k.args, 'cluster-ip') } : {}) },
  };
  const r = createObject(k.ctx.world, svc);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  k.ctx.stdout.write(`${kindSlashName(svc)} exposed\n`);
  await settle(k);
  return 0;
}
