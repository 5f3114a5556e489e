/**
 * Manifests: multi-document YAML (or JSON) as `kubectl apply -f` reads it, turned into API
 * objects, and the apply/create semantics both kubectl and the scenario builder use:
 * create when absent; when present, merge the new configuration over the live object
 * (fields the last applied configuration had and the new one drops are removed, lists are
 * replaced), remembering it in `kubectl.kubernetes.io/last-applied-configuration`.
 * Errors carry kubectl's words; nothing is stored when a document is rejected.
 */
import { parseAllDocuments } from 'yaml';
import type { World } from '../fabric/world.ts';
import { kindInfo } from './kinds.ts';
import { cloneObject, createObject, getObject, updateObject, type ApiResult } from './store.ts';
import type { KubeObject } from './types.ts';
import { goNormalize, SHAPES, typeError, unknownFields } from './shapes.ts';
import { aliasProblem } from './yaml-aliases.ts';

/** The annotation `kubectl apply` keeps its input in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Parses a manifest stream into plain documents (empty documents skipped). */
export function parseManifests(text: string): { docs: Record<string, unknown>[] } | { error: string } {
  const docs = parseAllDocuments(text, { version: '1.1' });
  const out: Record<string, unknown>[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const e = d.errors[0];
    if (e) {
      const line = e.linePos?.[0]?.line ?? 1;
      return { error: `error converting YAML to JSON: yaml: line ${line}: ${goYamlMessage(e.code, e.message)}` };
    }
    const alias = aliasProblem(d);
    if (alias) return { error: `error converting YAML to JSON: yaml: ${alias}` };
    // go-yaml's own limit (aliasProblem) has passed; yaml's stricter default would refuse
    // documents kubectl accepts.
    const v = d.toJS({ maxAliasCount: -1 }) as unknown;
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) return { error: `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}` };
    const obj = v as Record<string, unknown>;
    if (obj.kind === 'List' && Array.isArray(obj.items)) out.push(...(obj.items as Record<string, unknown>[]));
    else out.push(obj);
  }
  return { docs: out };
}

/** go-yaml's wording for the most common mistakes. */
function goYamlMessage(code: string, message: string): string {
  if (code === 'BAD_INDENT' || code === 'MULTILINE_IMPLICIT_KEY') return 'mapping values are not allowed in this context';
  if (code === 'TAB_AS_INDENT') return 'found character that cannot start any token';
  if (code === 'DUPLICATE_KEY') return `key ${JSON.stringify(message.split('"')[1] ?? '')} already set in map`;
  return 'did not find expected key';
}

/** Checks a document and turns it into an object for namespace `ns` (the -n flag or default). */
export function toObject(doc: Record<string, unknown>, ns: string, source: string): KubeObject | { client: string } {
  if (!doc.apiVersion) return { client: `error validating "${source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false` };
  if (!doc.kind) return { client: `error validating "${source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false` };
  const info = kindInfo(String(doc.kind));
  const meta = (doc.metadata ?? {}) as Record<string, unknown>;
  if (!info || info.apiVersion !== doc.apiVersion) {
    return { client: `resource mapping not found for name: "${String(meta.name ?? '')}" namespace: "${info?.namespaced ? String(meta.namespace ?? ns) : ''}" from "${source}": no matches for kind "${String(doc.kind)}" in version "${String(doc.apiVersion)}"\nensure CRDs are installed first` };
  }
  if (!meta.name && !meta.generateName) return { client: `error when retrieving current configuration of:\nResource: "${info.plural}", GroupVersionKind: "${gvk(info.apiVersion, info.kind)}"\nName: "", Namespace: "${ns}"\nfrom server for: "${source}": resource name may not be empty` };
  if (info.namespaced && meta.namespace && meta.namespace !== ns && ns !== '') {
    // kubectl refuses a manifest whose namespace contradicts -n.
  }
  const obj = cloneObject(doc) as unknown as KubeObject;
  obj.metadata = { ...(meta as object), name: String(meta.name ?? '') } as KubeObject['metadata'];
  if (info.namespaced) obj.metadata.namespace = String(meta.namespace ?? ns);
  else delete obj.metadata.namespace;
  return obj;
}

const gvk = (apiVersion: string, kind: string): string =>
  apiVersion.includes('/') ? `${apiVersion.split('/')[0]}/${apiVersion.split('/')[1]}, Kind=${kind}` : `/${apiVersion}, Kind=${kind}`;

/**
 * The API server's decoding: a field of the wrong JSON type (encoding/json's error), then strict
 * field validation's unknown fields, as a BadRequest message; undefined when the object decodes.
 */
export function strictDecode(obj: KubeObject): string | undefined {
  const shape = SHAPES[obj.kind];
  const mistyped = shape ? typeError(obj, shape) : undefined;
  if (mistyped) return `${obj.kind} in version "${obj.apiVersion.split('/').pop()}" cannot be handled as a ${obj.kind}: ${mistyped}`;
  const unknown = shape ? unknownFields(obj, shape) : [];
  if (!unknown.length) return undefined;
  const version = obj.apiVersion;
  return `${obj.kind} in version "${version.split('/').pop()}" cannot be handled as a ${obj.kind}: strict decoding error: ${unknown.map((u) => `unknown field "${u}"`).join(', ')}`;
}

/** What apply did to one object, as kubectl reports it (`pod/x created`). */
export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** Drops keys the previous configuration set and the new one does not (the "delete" part of apply's three-way merge). */
function merge(live: unknown, next: unknown, last: unknown): unknown {
  if (!isMap(next) || !isMap(live)) return next;
  const out: Record<string, unknown> = { ...live };
  for (const k of Object.keys(isMap(last) ? last : {})) if (!(k in next)) delete out[k];
  for (const [k, v] of Object.entries(next)) out[k] = merge(live[k], v, isMap(last) ? last[k] : undefined);
  return out;
}
const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The object as decoding into the kind's Go types leaves it (validation.ts goNormalize). */
const decoded = (obj: KubeObject): KubeObject => (SHAPES[obj.kind] ? goNormalize(obj, SHAPES[obj.kind]!) as KubeObject : obj);

/** `kubectl apply` of one object. */
export function applyObject(world: World, input: KubeObject): ApiResult<ApplyOutcome> {
  const bad = strictDecode(input);
  if (bad) return { ok: false, error: { reason: 'BadRequest', message: bad } };
  const obj = decoded(input);
  const lastText = JSON.stringify(obj) + '\n';
  const live = getObject(world.cluster!, obj.kind, obj.metadata.namespace, obj.metadata.name);
  const withAnno = cloneObject(obj);
  withAnno.metadata.annotations = { ...withAnno.metadata.annotations, [LAST_APPLIED]: lastText };
  if (!live) {
    const r = createObject(world, withAnno);
    return r.ok ? { ok: true, value: 'created' } : r;
  }
  const prevText = live.metadata.annotations?.[LAST_APPLIED];
  const prev = prevText ? (JSON.parse(prevText) as unknown) : undefined;
  const next = merge(live, withAnno, prev) as KubeObject;
  next.metadata = { ...next.metadata, resourceVersion: live.metadata.resourceVersion };
  const before = live.metadata.resourceVersion;
  const r = updateObject(world, next);
  if (!r.ok) return r;
  return { ok: true, value: r.value.metadata.resourceVersion === before ? 'unchanged' : 'configured' };
}

/** `kubectl create -f` of one object (AlreadyExists when present). */
export function createFromManifest(world: World, obj: KubeObject): ApiResult<KubeObject> {
  const bad = strictDecode(obj);
  if (bad) return { ok: false, error: { reason: 'BadRequest', message: bad } };
  return createObject(world, decoded(obj));
}
