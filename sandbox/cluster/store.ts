/**
 * The API store: objects keyed by kind and `namespace/name`, each write stamped with the next
 * resourceVersion and recorded as a watch event (as the API server over etcd does). Writes
 * validate first and change nothing when rejected; errors carry the API status reason and the
 * message kubectl prints after `Error from server (REASON): `.
 */
import { wallDate } from '../core/index.ts';
import type { World } from '../fabric/world.ts';
import { applyDefaults } from './defaults.ts';
import { uuid } from './ids.ts';
import { kindInfo } from './kinds.ts';
import { validate } from './validators.ts';
import { matches, type Selector } from './selector.ts';
import type { ClusterState, KubeObject, WatchEvent } from './types.ts';

declare module '../fabric/world.ts' {
  interface WorldExtensions {
    /** Kubernetes state; absent in scenarios without a cluster (bare-host, reference-lab). */
    cluster?: ClusterState;
  }
}

/** A deep copy of an API object (they are JSON values; structuredClone is not in the sandbox's lib). */
export const cloneObject = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

/** How many watch events the store keeps (older ones are compacted away, as etcd does). */
const EVENT_LOG_LIMIT = 2000;

/** An API error: the status reason and the message (`pods "x" not found`). */
export interface ApiError {
  reason: 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Conflict' | 'Forbidden';
  message: string;
}

/** Success with a value, or an API error. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

const okv = <T>(value: T): ApiResult<T> => ({ ok: true, value });
const err = (reason: ApiError['reason'], message: string): { ok: false; error: ApiError } => ({ ok: false, error: { reason, message } });

/** The store key of an object: `namespace/name`, or `name` when cluster-scoped. */
export const keyOf = (ns: string | undefined, name: string): string => (ns ? `${ns}/${name}` : name);

/** The cluster of a world that has one (throws otherwise: calling it without one is our bug). */
export function clusterOf(world: World): ClusterState {
  if (!world.cluster) throw new Error('world has no cluster');
  return world.cluster;
}

/** RFC 3339 text of the world's current time, as metadata timestamps carry it. */
export const nowStamp = (world: World): string => wallDate(world.clock).toISOString().replace(/\.\d{3}Z$/, 'Z');

function bucket(c: ClusterState, kind: string): Map<string, KubeObject> {
  let m = c.objects.get(kind);
  if (!m) c.objects.set(kind, (m = new Map()));
  return m;
}

function record(c: ClusterState, type: WatchEvent['type'], obj: KubeObject): void {
  // The stored object itself: writes replace stored objects (updateObject stores a copy), so
  // an event's object stays as it was when the event happened.
  c.events.push({ type, kind: obj.kind, key: keyOf(obj.metadata.namespace, obj.metadata.name), resourceVersion: c.resourceVersion, object: obj });
  if (c.events.length > EVENT_LOG_LIMIT) c.events.splice(0, c.events.length - EVENT_LOG_LIMIT);
}

/** `pods "x"` as API messages name an object. */
export const named = (obj: { kind: string; metadata: { name: string } }): string =>
  `${kindInfo(obj.kind)?.plural ?? obj.kind.toLowerCase()}${groupSuffix(obj.kind)} "${obj.metadata.name}"`;

function groupSuffix(kind: string): string {
  const v = kindInfo(kind)?.apiVersion ?? 'v1';
  return v.includes('/') ? `.${v.split('/')[0]}` : '';
}

/**
 * Mutating admission the API server applies to every write: defaulting (defaults.ts), and a
 * Namespace always carries the
 * `kubernetes.io/metadata.name` label (NamespaceDefaultLabelName, GA in 1.22) and phase Active.
 */
function admit(obj: KubeObject): void {
  applyDefaults(obj);
  if (obj.kind === 'Namespace') {
    obj.metadata.labels = { ...obj.metadata.labels, 'kubernetes.io/metadata.name': obj.metadata.name };
    obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
    obj.status = { phase: 'Active', ...obj.status };
  }
}

/**
 * The API server's Invalid message (apierrors.NewInvalid): one cause inline, several as a
 * bulleted list after a line break.
 */
export const invalidMessage = (kind: string, name: string, causes: string[]): string =>
  causes.length === 1 ? `${kind} "${name}" is invalid: ${causes[0]}` : `${kind} "${name}" is invalid: \n${causes.map((c) => `* ${c}`).join('\n')}`;

/** Reads one object. */
export function getObject(c: ClusterState, kind: string, ns: string | undefined, name: string): KubeObject | undefined {
  return c.objects.get(kind)?.get(keyOf(kindInfo(kind)?.namespaced ? ns : undefined, name));
}

/** The NotFound error for kind/name, worded as the API server words it. */
export const notFound = (kind: string, name: string): ApiError =>
  ({ reason: 'NotFound', message: `${named({ kind, metadata: { name } })} not found` });

/**
 * Lists objects of a kind, in one namespace or all (`ns` undefined), filtered by a label
 * selector, sorted by namespace then name (etcd's key order, which kubectl prints).
 */
export function listObjects(c: ClusterState, kind: string, ns?: string, sel?: Selector): KubeObject[] {
  const out: { key: string; o: KubeObject }[] = [];
  for (const [key, o] of c.objects.get(kind) ?? []) {
    if (ns !== undefined && o.metadata.namespace !== ns) continue;
    if (sel && !matches(sel, o.metadata.labels)) continue;
    out.push({ key, o });
  }
  // Keys are `namespace/name`: plain code-unit order is etcd's byte order for these names.
  out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return out.map((x) => x.o);
}

/**
 * Creates an object: fills uid, resourceVersion, creationTimestamp (and a generateName
 * suffix is the caller's job). Fails with AlreadyExists, with NotFound when its namespace
 * does not exist, or with Invalid from the kind's validators.
 */
export function createObject(world: World, input: KubeObject): ApiResult<KubeObject> {
  const c = clusterOf(world);
  const info = kindInfo(input.kind);
  if (!info) return err('BadRequest', `no kind "${input.kind}" is registered`);
  const obj = cloneObject(input);
  obj.apiVersion = obj.apiVersion || info.apiVersion;
  if (info.namespaced) {
    obj.metadata.namespace = obj.metadata.namespace || 'default';
    if (!getObject(c, 'Namespace', undefined, obj.metadata.namespace)) {
      return err('NotFound', `namespaces "${obj.metadata.namespace}" not found`);
    }
  } else delete obj.metadata.namespace;
  const key = keyOf(obj.metadata.namespace, obj.metadata.name);
  if (bucket(c, info.kind).has(key)) return err('AlreadyExists', `${named(obj)} already exists`);
  admit(obj);
  const causes = validate(obj, undefined);
  if (causes.length) return err('Invalid', invalidMessage(info.kind, obj.metadata.name, causes));
  obj.metadata.uid = uuid(world.rng);
  obj.metadata.creationTimestamp = obj.metadata.creationTimestamp || nowStamp(world);
  if (info.kind === 'Deployment' || info.kind === 'ReplicaSet' || info.kind === 'DaemonSet') obj.metadata.generation = 1;
  c.resourceVersion++;
  obj.metadata.resourceVersion = String(c.resourceVersion);
  bucket(c, info.kind).set(key, obj);
  record(c, 'ADDED', obj);
  return okv(obj);
}

/**
 * Replaces a stored object with `next` (same kind, namespace and name); bumps the
 * resourceVersion, and the generation when the spec changed. Unchanged objects are not
 * rewritten (the API server's no-op update), so controllers reach quiescence.
 */
export function updateObject(world: World, next: KubeObject): ApiResult<KubeObject> {
  const c = clusterOf(world);
  const key = keyOf(next.metadata.namespace, next.metadata.name);
  const old = c.objects.get(next.kind)?.get(key);
  if (!old) return { ok: false, error: notFound(next.kind, next.metadata.name) };
  const obj = cloneObject(next);
  obj.metadata.uid = old.metadata.uid;
  obj.metadata.creationTimestamp = old.metadata.creationTimestamp;
  obj.metadata.resourceVersion = old.metadata.resourceVersion;
  if (old.metadata.generation !== undefined) obj.metadata.generation = old.metadata.generation;
  admit(obj);
  if (JSON.stringify(obj) === JSON.stringify(old)) return okv(old);
  const causes = validate(obj, old);
  if (causes.length) return err('Invalid', invalidMessage(obj.kind, obj.metadata.name, causes));
  if (old.metadata.generation !== undefined && JSON.stringify(obj.spec) !== JSON.stringify(old.spec)) {
    obj.metadata.generation = old.metadata.generation + 1;
  }
  c.resourceVersion++;
  obj.metadata.resourceVersion = String(c.resourceVersion);
  c.objects.get(next.kind)!.set(key, obj);
  record(c, 'MODIFIED', obj);
  return okv(obj);
}

/**
 * The pods/ephemeralcontainers subresource (what `kubectl debug` patches): only
 * spec.ephemeralContainers changes, existing ones stay as they were, and every name must be
 * new in the pod (ValidatePodEphemeralContainersUpdate, pkg/apis/core/validation).
 */
export function updateEphemeralContainers(world: World, ns: string, name: string, added: Record<string, unknown>): ApiResult<KubeObject> {
  const c = clusterOf(world);
  const old = getObject(c, 'Pod', ns, name);
  if (!old) return { ok: false, error: notFound('Pod', name) };
  const spec = old.spec as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: Record<string, unknown>[] };
  const list = [...(spec.ephemeralContainers ?? []), added];
  const taken = [...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((x) => x.name);
  if (taken.includes(String(added.name))) {
    return err('Invalid', invalidMessage('Pod', name, [`spec.ephemeralContainers[${list.length - 1}].name: Duplicate value: "${String(added.name)}"`]));
  }
  const obj = cloneObject(old);
  (obj.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers = cloneObject(list);
  c.resourceVersion++;
  obj.metadata.resourceVersion = String(c.resourceVersion);
  bucket(c, 'Pod').set(keyOf(ns, name), obj);
  record(c, 'MODIFIED', obj);
  return okv(obj);
}

/** Deletes an object; dependents go with it through the garbage collector controller. */
export function deleteObject(world: World, kind: string, ns: string | undefined, name: string): ApiResult<KubeObject> {
  const c = clusterOf(world);
  const key = keyOf(kindInfo(kind)?.namespaced ? ns : undefined, name);
  const old = c.objects.get(kind)?.get(key);
  if (!old) return { ok: false, error: notFound(kind, name) };
  c.objects.get(kind)!.delete(key);
  c.resourceVersion++;
  record(c, 'DELETED', old);
  return okv(old);
}

/** Watch: the events after resourceVersion `since`, optionally of some kinds only. */
export function watch(c: ClusterState, since: number, kinds?: readonly string[]): WatchEvent[] {
  return c.events.filter((e) => e.resourceVersion > since && (!kinds || kinds.includes(e.kind)));
}
