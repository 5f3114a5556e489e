/**
 * `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the three patch kinds the
 * API server accepts (k8s.io/apimachinery pkg/util/strategicpatch, RFC 7386 JSON merge patch,
 * RFC 6902 JSON patch). The patched object goes through the same decoding and validation as
 * an apply, so a patch the API server would refuse changes nothing. kubectl prints
 * `deployment.apps/web patched`, or `patched (no change)` when the object stays the same.
 */
import { getObject, type KubeObject } from '../../../cluster/index.ts';
import { notFound, updateObject } from '../../../cluster/store.ts';
import { strictDecode } from '../../../cluster/manifest.ts';
import { parseDocument } from 'yaml';
import { flagValue } from './args.ts';
import { fail, kindSlashName, printApiError, settle, targets, type Kctx } from './common.ts';
import { applyJsonPatch, mergePatch, strategicMerge } from './patch-merge.ts';

const TYPES = ['json', 'merge', 'strategic'];

/** The patch text as kubectl reads it: JSON or YAML (yaml.ToJSON), or its parse error. */
function readPatch(text: string): { value: unknown } | { error: string } {
  const doc = parseDocument(text, { version: '1.1' });
  const e = doc.errors[0];
  if (e) return { error: `unable to parse "${text}": yaml: line ${e.linePos?.[0]?.line ?? 1}: did not find expected node content` };
  return { value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

/** `kubectl patch`. */
export async function runPatch(k: Kctx, words: string[]): Promise<number> {
  const text = flagValue(k.args, 'patch');
  const type = flagValue(k.args, 'type') ?? 'strategic';
  if (!TYPES.includes(type)) return fail(k, `--type must be one of [json merge strategic], not "${type}"`);
  if (text === undefined) return fail(k, 'must specify -p to patch');
  const groups = targets(k, words);
  if (!groups) return 1;
  if (!groups.length || !groups[0]!.names.length) return fail(k, 'resource(s) were provided, but no name was specified');
  const patch = readPatch(text);
  if ('error' in patch) return fail(k, patch.error);
  let status = 0;
  for (const g of groups) {
    for (const name of g.names) {
      const live = getObject(k.cluster, g.kind.kind, g.kind.namespaced ? k.ns : undefined, name);
      if (!live) { printApiError(k, notFound(g.kind.kind, name)); status = 1; continue; }
      const next = patched(live, patch.value, type);
      if (typeof next === 'string') {
        k.ctx.stderr.write(`${next}\n`);
        status = 1;
        continue;
      }
      // The patch may not move the object (the API server keeps these from the URL).
      next.kind = live.kind;
      next.metadata = { ...next.metadata, name: live.metadata.name, ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}) };
      const bad = strictDecode(next);
      if (bad) { printApiError(k, { reason: 'BadRequest', message: bad }); status = 1; continue; }
      const before = live.metadata.resourceVersion;
      const r = updateObject(k.ctx.world, next);
      if (!r.ok) { printApiError(k, r.error); status = 1; continue; }
      k.ctx.stdout.write(`${kindSlashName(live)} patched${r.value.metadata.resourceVersion === before ? ' (no change)' : ''}\n`);
      await settle(k);
    }
  }
  return status;
}

/** The object after the patch, or the error line kubectl prints. */
function patched(live: KubeObject, patch: unknown, type: string): KubeObject | string {
  const isMap = !!patch && typeof patch === 'object' && !Array.isArray(patch);
  if (type === 'json') {
    if (!Array.isArray(patch)) return `error: unable to parse "${JSON.stringify(patch)}": json: cannot unmarshal ${isMap ? 'object' : typeof patch} into Go value of type jsonpatch.Patch`;
    const r = applyJsonPatch(live, patch);
    return typeof r === 'string' ? `The request is invalid: ${r}` : (r as KubeObject);
  }
  if (!isMap) return `error: unable to parse "${JSON.stringify(patch)}": json: cannot unmarshal ${Array.isArray(patch) ? 'array' : typeof patch} into Go value of type map[string]interface {}`;
  return (type === 'merge' ? mergePatch(live, patch) : strategicMerge(live, patch)) as KubeObject;
}
