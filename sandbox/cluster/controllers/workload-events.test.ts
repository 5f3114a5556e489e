/**
 * The workload controllers' events as a real cluster records them: the Deployment controller's
 * ScalingReplicaSet (pkg/controller/deployment/sync.go getNewReplicaSet "Scaled up replica set
 * %s to %d", scaleReplicaSet "Scaled %s replica set %s to %d from %d"; a real v1.30 capture in
 * github.com/KacperPiotrGadula/Kubernetes Deployment/Readme.md shows both forms), the
 * ReplicaSet and DaemonSet controllers' SuccessfulCreate / SuccessfulDelete
 * (pkg/controller/controller_utils.go "Created pod: %v", "Deleted pod: %v"), and client-go's
 * EventAggregator folding the tenth distinct similar message on (tools/record/events_cache.go).
 */
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import { listObjects } from '../index.ts';
import type { EventObject } from '../events.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
  const events = (kind: string, name: string) => (listObjects(r.world.cluster!, 'Event') as EventObject[])
    .filter((e) => e.involvedObject.kind === kind && e.involvedObject.name.startsWith(name));
  const rsName = async () => (await run("kubectl get rs -l app=web -o jsonpath='{.items[0].metadata.name}'")).trim();
  return { run, events, rsName };
}

describe('workload controller events', () => {
  it('the Deployment controller records each ReplicaSet it creates or resizes', async () => {
    const { run, events, rsName } = await setup();
    const first = await rsName();
    const boot = events('Deployment', 'web').map((e) => [e.reason, e.message, e.source.component]);
    expect(boot).toEqual([['ScalingReplicaSet', `Scaled up replica set ${first} to 2`, 'deployment-controller']]);
    await run('kubectl scale deployment web --replicas=3');
    await run('kubectl set image deployment/web nginx=nginx:1.28');
    const rs = (await run("kubectl get rs -l app=web -o jsonpath='{range .items[*]}{.metadata.name} {end}'")).trim().split(' ');
    const second = rs.find((n) => n !== first)!;
    expect(events('Deployment', 'web').map((e) => e.message)).toEqual([
      `Scaled up replica set ${first} to 2`,
      `Scaled up replica set ${first} to 3 from 2`,
      `Scaled up replica set ${second} to 3`,
      `Scaled down replica set ${first} to 0 from 3`,
    ]);
    const d = await run('kubectl describe deployment web');
    expect(d).toMatch(new RegExp(`^Events:\\n  Type    Reason             Age   From                   Message\\n  ----    ------             ----  ----                   -------\\n  Normal  ScalingReplicaSet  7m    deployment-controller  Scaled up replica set ${first} to 2\\n`, 'm'));
    expect(d).toContain(`Normal  ScalingReplicaSet  0s    deployment-controller  Scaled down replica set ${first} to 0 from 3\n`);
  });

  it('the ReplicaSet controller records each pod it creates and deletes', async () => {
    const { run, events, rsName } = await setup();
    const rs = await rsName();
    await run('kubectl scale deployment web --replicas=3');
    const added = (await run(`kubectl get pods -l app=web --sort-by=.metadata.creationTimestamp -o jsonpath='{.items[2].metadata.name}'`)).trim();
    await run('kubectl scale deployment web --replicas=2');
    const msgs = events('ReplicaSet', rs).map((e) => `${e.type} ${e.reason} ${e.message} ${e.source.component}`);
    expect(msgs).toHaveLength(4);
    expect(msgs.slice(2)).toEqual([`Normal SuccessfulCreate Created pod: ${added} replicaset-controller`, `Normal SuccessfulDelete Deleted pod: ${added} replicaset-controller`]);
    const out = await run(`kubectl events --for rs/${rs}`);
    // kubectl/pkg/cmd/events event_printer.go printOneEvent: OBJECT is `Kind/name`, a single
    // event's LAST SEEN is when it was first seen.
    expect(out).toMatch(new RegExp(`^0s\\s+Normal\\s+SuccessfulDelete\\s+ReplicaSet/${rs}\\s+Deleted pod: ${added}$`, 'm'));
  });

  // pkg/printers/internalversion printEvent: -o wide's SUBOBJECT and SOURCE sit before MESSAGE.
  it('kubectl get events -o wide in printEvent\'s column order', async () => {
    const { run, rsName } = await setup();
    const rs = await rsName();
    const out = await run(`kubectl get events -o wide --field-selector involvedObject.name=${rs}`);
    expect(out.split('\n')[0]!.split(/\s{2,}/)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
    expect(out).toMatch(new RegExp(`^7m\\s+Normal\\s+SuccessfulCreate\\s+replicaset/${rs}\\s+replicaset-controller\\s+Created pod: ${rs}-\\w+\\s+7m\\s+1\\s+${rs}\\.[0-9a-f]+$`, 'm'));
  });

  it('the DaemonSet controller records the pods it creates', async () => {
    const { run } = await setup();
    const pods = (await run("kubectl get pods -n kube-system -l k8s-app=kube-proxy -o jsonpath='{range .items[*]}{.metadata.name} {end}'")).trim().split(' ').sort();
    const out = await run('kubectl get events -n kube-system --field-selector involvedObject.kind=DaemonSet,involvedObject.name=kube-proxy');
    const created = [...out.matchAll(/SuccessfulCreate\s+daemonset\/kube-proxy\s+Created pod: (\S+)/g)].map((m) => m[1]).sort();
    expect(created).toEqual(pods);
  });

  it('from the tenth distinct similar message on, events are combined into one that counts', async () => {
    const { run, events, rsName } = await setup();
    const rs = await rsName();
    await run('kubectl scale deployment web --replicas=15');
    const creates = events('ReplicaSet', rs).filter((e) => e.reason === 'SuccessfulCreate');
    // 2 pods at boot and 13 more, within ten minutes: 9 events of their own, then one combined.
    expect(creates.filter((e) => !e.message.startsWith('(combined')).length).toBe(9);
    const combined = creates.filter((e) => e.message.startsWith('(combined from similar events): Created pod: '));
    expect(combined).toHaveLength(1);
    expect(combined[0]!.count).toBe(6);
  });
});
