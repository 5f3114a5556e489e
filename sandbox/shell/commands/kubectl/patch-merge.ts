/**
 * The three patch documents `kubectl patch` sends, applied as the API server applies them:
 * - JSON merge patch (RFC 7386): maps merge, `null` deletes, anything else replaces;
 * - strategic merge patch (k8s.io/apimachinery pkg/util/strategicpatch): as a merge patch,
 *   except that lists whose Go field carries `patchMergeKey` merge element by element on that
 *   key (containers by name, container ports by containerPort, Service ports by port ...),
 *   and an element `{$patch: delete, KEY: v}` removes the element with that key;
 * - JSON patch (RFC 6902): add, remove, replace, move, copy and test at JSON pointers, with
 *   evanphx/json-patch's error words.
 */

type Json = unknown;
type JsonMap = Record<string, Json>;
const isMap = (v: Json): v is JsonMap => !!v && typeof v === 'object' && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** RFC 7386 section 2 MergePatch. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isMap(patch)) return clone(patch);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * patchMergeKey of the list fields of the modelled kinds (the `patchMergeKey` struct tags in
 * k8s.io/api core/v1 and apps/v1 types.go), by field name: the same name means the same key in
 * every modelled type except `ports`, whose key depends on the parent (a container's ports
 * merge on containerPort, a Service's on port).
 */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name', volumeMounts: 'mountPath',
  imagePullSecrets: 'name', hostAliases: 'ip', conditions: 'type', ownerReferences: 'uid',
};

function mergeKey(field: string, list: Json[]): string | undefined {
  if (field === 'ports') return list.some((e) => isMap(e) && 'containerPort' in e) ? 'containerPort' : 'port';
  return MERGE_KEYS[field];
}

/** Strategic merge patch of `patch` into `target`. */
export function strategicMerge(target: Json, patch: Json): Json {
  if (!isMap(patch)) return clone(patch);
  const out: JsonMap = isMap(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k.startsWith('$setElementOrder')) continue;
    if (v === null) { delete out[k]; continue; }
    const live = out[k];
    const key = Array.isArray(v) ? mergeKey(k, [...(Array.isArray(live) ? live : []), ...v]) : undefined;
    if (Array.isArray(v) && key && Array.isArray(live)) out[k] = mergeList(live, v, key);
    else if (Array.isArray(v)) out[k] = clone(v.filter((e) => !(isMap(e) && e.$patch === 'delete')));
    else out[k] = strategicMerge(live, v);
  }
  return out;
}

/** Merges list elements on `key`: matching elements merge, new ones are appended, `$patch: delete` removes. */
function mergeList(live: Json[], patch: Json[], key: string): Json[] {
  const out = live.map(clone);
  for (const e of patch) {
    if (!isMap(e)) { out.push(clone(e)); continue; }
    const at = out.findIndex((x) => isMap(x) && x[key] === e[key]);
    if (e.$patch === 'delete') { if (at >= 0) out.splice(at, 1); continue; }
    if (at >= 0) out[at] = strategicMerge(out[at], e);
    else out.push(strategicMerge({}, e));
  }
  return out;
}

/** RFC 6901 pointer tokens of `path` (`/spec/containers/0/image`). */
function tokens(path: string): string[] | undefined {
  if (path === '') return [];
  if (!path.startsWith('/')) return undefined;
  return path.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The container of the pointer's last token, with that token; undefined when the path does not exist. */
function locate(doc: Json, toks: string[]): { parent: JsonMap | Json[]; last: string } | undefined {
  let cur: Json = doc;
  for (const t of toks.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isMap(cur)) cur = cur[t];
    else return undefined;
  }
  if (!isMap(cur) && !Array.isArray(cur)) return undefined;
  return { parent: cur, last: toks[toks.length - 1]! };
}

const has = (p: JsonMap | Json[], last: string): boolean =>
  Array.isArray(p) ? /^\d+$/.test(last) && Number(last) < p.length : Object.prototype.hasOwnProperty.call(p, last);

function get(doc: Json, path: string): { value: Json } | undefined {
  const toks = tokens(path);
  if (!toks) return undefined;
  if (!toks.length) return { value: doc };
  const l = locate(doc, toks);
  if (!l || !has(l.parent, l.last)) return undefined;
  return { value: Array.isArray(l.parent) ? l.parent[Number(l.last)] : l.parent[l.last] };
}

function remove(doc: Json, path: string, op: string): string | undefined {
  const toks = tokens(path);
  const l = toks && toks.length ? locate(doc, toks) : undefined;
  if (!l || !has(l.parent, l.last)) return `${op} operation does not apply: doc is missing path: "${path}"`;
  if (Array.isArray(l.parent)) l.parent.splice(Number(l.last), 1);
  else delete l.parent[l.last];
  return undefined;
}

function add(doc: Json, path: string, value: Json): string | undefined {
  const toks = tokens(path);
  const l = toks && toks.length ? locate(doc, toks) : undefined;
  if (!l) return `add operation does not apply: doc is missing path: "${path}"`;
  if (Array.isArray(l.parent)) {
    const i = l.last === '-' ? l.parent.length : Number(l.last);
    if (!/^(\d+|-)$/.test(l.last) || i > l.parent.length) return `add operation does not apply: doc is missing path: "${path}"`;
    l.parent.splice(i, 0, clone(value));
  } else l.parent[l.last] = clone(value);
  return undefined;
}

/** Applies an RFC 6902 patch to a copy of `doc`; the copy, or evanphx/json-patch's error. */
export function applyJsonPatch(doc: Json, ops: Json[]): Json | string {
  const out = clone(doc);
  for (const raw of ops) {
    if (!isMap(raw)) return 'json: cannot unmarshal non-object into Go value of type jsonpatch.Operation';
    const op = String(raw.op ?? '');
    const path = String(raw.path ?? '');
    let e: string | undefined;
    switch (op) {
      case 'add': e = add(out, path, raw.value ?? null); break;
      case 'remove': e = remove(out, path, 'remove'); break;
      case 'replace': e = get(out, path) ? (remove(out, path, 'replace') ?? add(out, path, raw.value ?? null)) : `replace operation does not apply: doc is missing key: ${path}`; break;
      case 'move':
      case 'copy': {
        const from = get(out, String(raw.from ?? ''));
        if (!from) { e = `${op} operation does not apply: doc is missing from path: ${String(raw.from ?? '')}`; break; }
        if (op === 'move') e = remove(out, String(raw.from), 'move');
        e ??= add(out, path, from.value);
        break;
      }
      case 'test': {
        const at = get(out, path);
        if (!at || JSON.stringify(at.value) !== JSON.stringify(raw.value ?? null)) e = `testing value ${path} failed: test failed`;
        break;
      }
      default: e = `Unexpected kind: ${op}`;
    }
    if (e) return e;
  }
  return out;
}
