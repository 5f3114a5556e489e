// The control loop in its two flavours: a huge write gives the host turns (so a worker keeps
// answering) and reaches exactly the world the synchronous loop reaches; a small one runs
// without a turn. The ReplicaSet controller works in bursts of 500 pods, as upstream does, and
// the kubelets start at most 100 pods per sync.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { World } from '../fabric/world.ts';
import { createObject, listObjects, updateObject } from './store.ts';
import { reconcileAll, reconcileYielding } from './reconcile.ts';
import { BURST_REPLICAS, reconcileReplicaSets } from './controllers/replicaset.ts';
import { reconcileKubelet, STARTS_PER_SYNC } from './controllers/kubelet.ts';
import { CONTROLLERS } from './controllers/index.ts';

/** A world of the pod-ip-model scenario, taken out of a booted sandbox. */
function bootedWorld(): World {
  const sb = createSandbox();
  sb.boot({ scenario: scenarioText('pod-ip-model')! });
  return (sb.snapshot().data as { world: World }).world;
}

function addDeployment(world: World, name: string, replicas: number): void {
  const labels = { app: name };
  const made = createObject(world, {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name, namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
  });
  expect(made.ok).toBe(true);
}

/** What the controllers made: every pod with its node and phase, and the store's version. */
const outcome = (w: World) => ({
  rv: w.cluster!.resourceVersion,
  pods: listObjects(w.cluster!, 'Pod').map((p) => `${p.metadata.name} ${(p.spec as { nodeName?: string }).nodeName ?? '-'} ${(p.status as { phase?: string } | undefined)?.phase ?? '-'}`),
});

describe('reconcileYielding', () => {
  it('gives the host turns during a huge write and ends in the world reconcileAll makes', async () => {
    const a = bootedWorld();
    const b = structuredClone(a);
    addDeployment(a, 'big', 2000);
    addDeployment(b, 'big', 2000);
    reconcileAll(a);
    let turns = 0;
    const pending = reconcileYielding(b, async () => { turns++; });
    expect(pending).toBeInstanceOf(Promise);
    await pending;
    expect(turns).toBeGreaterThan(2);
    expect(outcome(b)).toEqual(outcome(a));
    expect(outcome(a).pods.filter((p) => p.startsWith('big-'))).toHaveLength(2000);
  }, 120_000);

  it('finishes a small write at once, with no turn and no promise', () => {
    const w = bootedWorld();
    addDeployment(w, 'small', 3);
    let turns = 0;
    expect(reconcileYielding(w, async () => { turns++; })).toBeUndefined();
    expect(turns).toBe(0);
    expect(listObjects(w.cluster!, 'Pod').filter((p) => p.metadata.name.startsWith('small-'))).toHaveLength(3);
  });
});

describe('the ReplicaSet controller', () => {
  it(`creates and deletes at most ${BURST_REPLICAS} pods per sync, and says there is more`, () => {
    const w = bootedWorld();
    addDeployment(w, 'burst', 1200);
    reconcileAll(w);
    const mine = () => listObjects(w.cluster!, 'Pod').filter((p) => p.metadata.name.startsWith('burst-')).length;
    expect(mine()).toBe(1200);
    const rs = listObjects(w.cluster!, 'ReplicaSet').find((r) => r.metadata.name.startsWith('burst-'))!;
    expect(updateObject(w, { ...rs, spec: { ...rs.spec, replicas: 0 } }).ok).toBe(true);
    expect(reconcileReplicaSets(w.cluster!, w)).toBe('more');
    expect(mine()).toBe(1200 - BURST_REPLICAS);
    reconcileReplicaSets(w.cluster!, w);
    expect(reconcileReplicaSets(w.cluster!, w)).toBeUndefined();
    expect(mine()).toBe(0);
  }, 120_000);
});

describe('the kubelet', () => {
  it(`starts at most ${STARTS_PER_SYNC} pods per sync, and says there is more`, () => {
    const w = bootedWorld();
    addDeployment(w, 'many', 250);
    // One round of everything before the kubelet: the pods exist and are bound to nodes.
    for (const c of CONTROLLERS) {
      if (c.name === 'kubelet') break;
      c.reconcile(w.cluster!, w);
    }
    const started = () => [...w.cluster!.pods.keys()].filter((k) => k.startsWith('default/many-')).length;
    expect(started()).toBe(0);
    expect(reconcileKubelet(w.cluster!, w)).toBe('more');
    expect(started()).toBe(STARTS_PER_SYNC);
    reconcileAll(w);
    expect(started()).toBe(250);
  }, 120_000);
});
