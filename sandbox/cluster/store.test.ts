// The API store: resourceVersions, AlreadyExists/NotFound, namespace admission and watches,
// which every controller and kubectl message relies on.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../fabric/world.ts';
import { createCluster } from './index.ts';
import { createObject, deleteObject, getObject, listObjects, updateObject, watch } from './store.ts';
import type { KubeObject } from './types.ts';

const meta = (name: string, namespace?: string, labels?: Record<string, string>) =>
  ({ name, uid: '', resourceVersion: '', creationTimestamp: '', ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) });
const cm = (name: string, ns = 'default', data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, ns), data });

function world() {
  const w = createWorld(7);
  w.cluster = createCluster();
  createObject(w, { apiVersion: 'v1', kind: 'Namespace', metadata: meta('default') });
  return w;
}

describe('store', () => {
  it('labels namespaces with kubernetes.io/metadata.name', () => {
    const w = world();
    expect(getObject(w.cluster!, 'Namespace', undefined, 'default')!.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'default' });
  });
  it('stamps increasing resourceVersions and rejects duplicates with AlreadyExists', () => {
    const w = world();
    const a = createObject(w, cm('a'));
    const b = createObject(w, cm('b'));
    expect(a.ok && b.ok && Number(b.value.metadata.resourceVersion) > Number(a.value.metadata.resourceVersion)).toBe(true);
    const dup = createObject(w, cm('a'));
    expect(dup).toEqual({ ok: false, error: { reason: 'AlreadyExists', message: 'configmaps "a" already exists' } });
  });
  it('refuses objects in a namespace that does not exist', () => {
    const r = createObject(world(), cm('a', 'nope'));
    expect(r.ok ? '' : r.error.message).toBe('namespaces "nope" not found');
  });
  it('does not bump the resourceVersion of a no-op update', () => {
    const w = world();
    const a = createObject(w, cm('a', 'default', { k: 'v' }));
    if (!a.ok) throw new Error();
    const same = updateObject(w, a.value);
    expect(same.ok && same.value.metadata.resourceVersion).toBe(a.value.metadata.resourceVersion);
    const changed = updateObject(w, { ...a.value, data: { k: 'w' } });
    expect(changed.ok && changed.value.metadata.resourceVersion).not.toBe(a.value.metadata.resourceVersion);
  });
  it('names group kinds in NotFound (deployments.apps)', () => {
    const r = deleteObject(world(), 'Deployment', 'default', 'web');
    expect(r.ok ? '' : r.error.message).toBe('deployments.apps "web" not found');
  });
  it('delivers watch events after a resourceVersion', () => {
    const w = world();
    const rv = w.cluster!.resourceVersion;
    createObject(w, cm('a'));
    deleteObject(w, 'ConfigMap', 'default', 'a');
    expect(watch(w.cluster!, rv, ['ConfigMap']).map((e) => `${e.type} ${e.key}`)).toEqual(['ADDED default/a', 'DELETED default/a']);
  });
  it('lists by namespace and label selector, sorted by name', () => {
    const w = world();
    createObject(w, { ...cm('b'), metadata: meta('b', 'default', { app: 'x' }) });
    createObject(w, { ...cm('a'), metadata: meta('a', 'default', { app: 'x' }) });
    createObject(w, cm('c'));
    expect(listObjects(w.cluster!, 'ConfigMap', 'default', [{ key: 'app', op: 'in', values: ['x'] }]).map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });
});
