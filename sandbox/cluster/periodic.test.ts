// periodicSync: runs the controllers only when virtual time crosses a sync-period boundary,
// reads the period from kube-proxy's ConfigMap when there is one.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../fabric/world.ts';
import { advance } from '../core/index.ts';
import { createCluster, createObject, registerController } from './index.ts';
import { parseGoDuration, periodicSync, syncPeriodMs } from './periodic.ts';

describe('periodicSync', () => {
  it('parses Go durations', () => {
    expect(parseGoDuration('30s')).toBe(30_000);
    expect(parseGoDuration('1m0s')).toBe(60_000);
    expect(parseGoDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseGoDuration('500ms')).toBe(500);
    expect(parseGoDuration('30')).toBeUndefined();
  });

  it('reconciles once per crossed period boundary', () => {
    const world = createWorld(1);
    world.cluster = createCluster();
    let runs = 0;
    registerController({ name: 'k2-periodic-probe', order: 999, reconcile: () => { runs++; return false; } });
    expect(periodicSync(world)).toBe(false);
    advance(world.clock, 29_999);
    expect(periodicSync(world)).toBe(false);
    advance(world.clock, 1);
    expect(periodicSync(world)).toBe(true);
    expect(runs).toBe(1);
    advance(world.clock, 10_000);
    expect(periodicSync(world)).toBe(false);
    advance(world.clock, 95_000);
    expect(periodicSync(world)).toBe(true);
    expect(runs).toBe(2);
    registerController({ name: 'k2-periodic-probe', order: 999, reconcile: () => false });
  });

  it('takes iptables.syncPeriod from the kube-proxy ConfigMap', () => {
    const world = createWorld(1);
    world.cluster = createCluster();
    expect(syncPeriodMs(world)).toBe(30_000);
    createObject(world, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system', uid: '', resourceVersion: '', creationTimestamp: '' } });
    const r = createObject(world, {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-proxy', namespace: 'kube-system', uid: '', resourceVersion: '', creationTimestamp: '' },
      data: { 'config.conf': 'apiVersion: kubeproxy.config.k8s.io/v1alpha1\niptables:\n  masqueradeAll: false\n  syncPeriod: 1m0s\nmode: iptables\n' },
    } as never);
    expect(r.ok).toBe(true);
    expect(syncPeriodMs(world)).toBe(60_000);
  });
});
