/**
 * PodGC (kube-controller-manager pkg/controller/podgc/gc_controller.go): a pod bound to a node
 * that does not exist stays Pending until the node has been missing for the 40 s quarantine,
 * then is deleted; a Deployment whose template names such a node therefore churns one pod per
 * quarantine instead of fighting its ReplicaSet in one instant (which never settled).
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import type { World } from '../../fabric/world.ts';
import { listObjects } from '../index.ts';

function boot(): World {
  const r = bootScenario(scenarioText('services')!, 1);
  if (typeof r === 'string') throw new Error(r);
  return r.world;
}

const PINNED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: pinned}
spec:
  selector: {matchLabels: {app: pinned}}
  template:
    metadata: {labels: {app: pinned}}
    spec:
      nodeName: no-such-node
      containers: [{name: c, image: nginx:1.27}]
`;

describe('PodGC', () => {
  it('keeps a pod of a missing node for the quarantine, then deletes it; its ReplicaSet makes another', async () => {
    const world = boot();
    const sh = createShell(world, 'node-1');
    const run = async (line: string) => {
      let out = '';
      const { status } = await sh.exec(line, (c) => { out += c.text; });
      return { out, status };
    };
    expect(await run(`printf '${PINNED}' | kubectl apply -f -`)).toEqual({ out: 'deployment.apps/pinned created\n', status: 0 });
    const pods = () => listObjects(world.cluster!, 'Pod', 'default').filter((p) => p.metadata.name.startsWith('pinned-'));
    const first = pods().map((p) => p.metadata.uid);
    expect(first).toHaveLength(1);
    expect((await run('kubectl get pods -l app=pinned --no-headers')).out).toMatch(/^pinned-\S+\s+0\/1\s+Pending\s+0\s+0s\n$/);
    await run('sleep 20');
    expect(pods().map((p) => p.metadata.uid)).toEqual(first);
    await run('sleep 40');
    const second = pods().map((p) => p.metadata.uid);
    expect(second).toHaveLength(1);
    expect(second).not.toEqual(first);
  });
});
