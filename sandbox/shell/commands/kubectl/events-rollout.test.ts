// Events and rollout status as kubectl v1.31 shows them. Sources: the
// reasons and messages of kube-scheduler (schedule_one.go: Scheduled) and the kubelet
// (images/image_manager.go: Pulling, Pulled, Failed, BackOff; kuberuntime: Created, Started);
// kubectl's describe Events table (pkg/describe DescribeEvents) and rollout status viewer
// (polymorphichelpers/rollout_status.go DeploymentStatusViewer).
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { clusterScenario } from '../../../scenarios/fixtures.ts';
import { createShell } from '../../session.ts';
import { deploymentStatus } from './rollout-status.ts';

async function session() {
  const r = bootScenario(clusterScenario({ nodes: 2, manifests: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx:1.27}]` }), 2);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  return { world: r.world, run };
}

describe('events', () => {
  it('describe pod lists scheduling, pulling, starting in order', async () => {
    const s = await session();
    await s.run('kubectl run ok --image=nginx:1.27');
    const d = (await s.run('kubectl describe pod ok')).out;
    const events = d.slice(d.indexOf('Events:'));
    const reasons = events.split('\n').slice(3).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/).slice(0, 2).join(' '));
    expect(reasons).toEqual(['Normal Scheduled', 'Normal Pulled', 'Normal Created', 'Normal Started']);
    expect(events).toMatch(/default-scheduler +Successfully assigned default\/ok to node-\d/);
    expect(events).toContain('kubelet            Container image "nginx:1.27" already present on machine');
  });

  it("names each Event by the hex of its UnixNano, so get events lists an object's events in time order (client-go tools/record makeEvent)", async () => {
    const s = await session();
    await s.run('kubectl run ok --image=nginx:1.27');
    const rows = (await s.run('kubectl get events -o wide')).out.split('\n').filter((l) => l.includes('pod/ok '));
    expect(rows.map((l) => l.trim().split(/\s+/)[2])).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
    const names = rows.map((l) => l.trim().split(/\s+/).at(-1)!);
    const nanos = names.map((n) => BigInt(`0x${n.slice('ok.'.length)}`));
    const created = Date.parse((await s.run("kubectl get pod ok -o jsonpath='{.metadata.creationTimestamp}'")).out);
    for (const ns of nanos) expect(Number(ns / 1_000_000_000n)).toBe(created / 1000);
    expect([...nanos].sort((a, b) => (a < b ? -1 : 1))).toEqual(nanos);
  });

  it('a bad image gives ErrImagePull events, then BackOff at the next sync', async () => {
    const s = await session();
    await s.run('kubectl run bad --image=ngnix:1.27');
    let ev = (await s.run('kubectl events --for pod/bad')).out;
    expect(ev).toContain('Warning   Failed      Pod/bad   Error: ErrImagePull');
    expect(ev).not.toContain('BackOff');
    await s.run('sleep 1');
    await s.run('kubectl get pods');
    await s.run('kubectl label pod bad x=y');
    ev = (await s.run('kubectl events --for pod/bad')).out;
    expect(ev).toMatch(/Normal +BackOff +Pod\/bad +Back-off pulling image "ngnix:1.27"/);
    expect(ev).toMatch(/Warning +Failed +Pod\/bad +Error: ImagePullBackOff/);
  });
});

describe('rollout status', () => {
  it('says a finished rollout is finished and waits out a stuck one until the progress deadline', async () => {
    const s = await session();
    expect((await s.run('kubectl rollout status deployment/web')).out).toBe('deployment "web" successfully rolled out\n');
    await s.run('kubectl set image deployment/web nginx=ngnix:1.27');
    const t0 = s.world.clock.ms;
    const r = await s.run('kubectl rollout status deployment/web');
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/^Waiting for deployment "web" rollout to finish: /);
    expect(r.err).toBe('error: deployment "web" exceeded its progress deadline\n');
    expect(s.world.clock.ms - t0).toBeGreaterThanOrEqual(600_000);
  });

  it('words each waiting state as the viewer does', () => {
    const d = (status: Record<string, unknown>, gen = 2) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', uid: '', resourceVersion: '', creationTimestamp: '', generation: gen }, spec: { replicas: 3 }, status });
    expect(deploymentStatus(d({ observedGeneration: 1 })).line).toBe('Waiting for deployment spec update to be observed...\n');
    expect(deploymentStatus(d({ observedGeneration: 2, updatedReplicas: 1, replicas: 3 })).line).toBe('Waiting for deployment "w" rollout to finish: 1 out of 3 new replicas have been updated...\n');
    expect(deploymentStatus(d({ observedGeneration: 2, updatedReplicas: 3, replicas: 4 })).line).toBe('Waiting for deployment "w" rollout to finish: 1 old replicas are pending termination...\n');
    expect(deploymentStatus(d({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 2 })).line).toBe('Waiting for deployment "w" rollout to finish: 2 of 3 updated replicas are available...\n');
    expect(deploymentStatus(d({ observedGeneration: 2, updatedReplicas: 3, replicas: 3, availableReplicas: 3 })).done).toBe(true);
  });
});
