// periodicSync: runs the controllers only when virtual time crosses a sync-period boundary,
// reads the period from kube-proxy's ConfigMap when there is one.
import { describe, expect, it, vi } from 'vitest';
import { createWorld } from '../fabric/world.ts';
import { advance } from '../core/index.ts';
import { CONTROLLERS, createCluster, createObject } from './index.ts';
import { periodicSync } from './periodic.ts';
import { parseGoDuration, syncPeriodMs } from './kube-proxy/sync-period.ts';

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
    // The last controller of the table counts the rounds.
    const probe = vi.spyOn(CONTROLLERS[CONTROLLERS.length - 1]!, 'reconcile').mockImplementation(() => { runs++; return false; });
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
    probe.mockRestore();
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
