/**
 * Resolving what `kubectl exec` and `kubectl logs` accept as their target: `POD`,
 * `pod/POD`, or a workload (`deploy/web`, `rs/web-5d9c`), for which kubectl picks the first
 * of its pods (and says so for logs: `Found 2 pods, using pod/web-...`).
 */
import { fromLabelSelector, getObject, listObjects, type KubeObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { fail, printApiError, resource, type Kctx } from './common.ts';

export { fail, printApiError, type Kctx };

/** The pod a target names; undefined after printing kubectl's error. */
export function resolvePodTarget(k: Kctx, word: string, announce = false): KubeObject | undefined {
  const [type, name] = word.includes('/') ? (word.split('/') as [string, string]) : ['pods', word];
  const kind = resource(k, type);
  if (!kind) return undefined;
  const o = getObject(k.cluster, kind.kind, k.ns, name);
  if (!o) { printApiError(k, notFound(kind.kind, name)); return undefined; }
  if (kind.kind === 'Pod') return o;
  const sel = fromLabelSelector((o.spec as { selector?: { matchLabels?: Record<string, string> } } | undefined)?.selector);
  const pods = listObjects(k.cluster, 'Pod', k.ns, sel);
  if (!pods.length) { fail(k, `no pods found for ${kind.singular} "${name}"`); return undefined; }
  if (pods.length > 1 && announce) k.ctx.stderr.write(`Found ${pods.length} pods, using pod/${pods[0]!.metadata.name}\n`);
  return pods[0];
}
