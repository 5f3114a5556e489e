// Pods under random restart policies, images and arguments, and Deployments scaled at random:
// no exception, and the invariants a real cluster keeps (pkg/kubelet kubelet_pods.go getPhase,
// container ShouldContainerBeRestarted; printPod's STATUS; the ReplicaSet controller's events):
// - under restartPolicy Never nothing is ever restarted and no container waits in back-off;
// - a container that exited 0 under OnFailure is not restarted;
// - a Succeeded pod's containers all exited 0, and it is never a pod under Always;
// - `kubectl get pods` says Completed exactly for a single-container pod that Succeeded;
// - a ReplicaSet's SuccessfulCreate counts minus its SuccessfulDelete counts (combined events
//   included) equal the pods it controls, unless someone else deleted some of them (then more).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import { runLine } from '../../sandbox/shell/test-run-line.ts';
import { listObjects, type KubeObject } from '../../sandbox/cluster/index.ts';
import { controllerOf } from '../../sandbox/cluster/controllers/owners.ts';
import type { EventObject } from '../../sandbox/cluster/events.ts';

const IMAGES = ['busybox', 'nicolaka/netshoot', 'traefik/whoami', 'hashicorp/http-echo', 'agnhost', 'nginx', 'docker.io/istio/proxyv2:1.24.2', 'ngnix'];
const ARGS = [[], ['--', 'sleep', '3600'], ['--', '-nope'], ['--', '-port=8080'], ['--', 'serve-hostname', '--udp'], ['--', 'netexec'], ['--', 'proxy'], ['--', 'version'], ['--', 'bogus']];
const POLICIES = ['Always', 'OnFailure', 'Never'];

const world0 = (() => {
  const b = bootScenario(scenarioText('default')!, 7);
  if (typeof b === 'string') throw new Error(b);
  return b.world;
})();

type Status = { restartCount?: number; state?: { waiting?: { reason?: string }; terminated?: { exitCode?: number } }; lastState?: { terminated?: { exitCode?: number } } };

function checkPod(p: KubeObject, row: string | undefined): void {
  const policy = (p.spec as { restartPolicy?: string }).restartPolicy ?? 'Always';
  const st = (p.status ?? {}) as { phase?: string; containerStatuses?: Status[]; initContainerStatuses?: Status[] };
  const all = [...(st.containerStatuses ?? []), ...(st.initContainerStatuses ?? [])];
  const where = `${p.metadata.name} (${policy}) ${JSON.stringify(st)}`;
  if (policy === 'Never') {
    expect(all.every((c) => (c.restartCount ?? 0) === 0), where).toBe(true);
    expect(all.some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff'), where).toBe(false);
  }
  if (policy === 'OnFailure') expect(all.some((c) => c.state?.waiting && c.lastState?.terminated?.exitCode === 0), where).toBe(false);
  if (st.phase === 'Succeeded') {
    expect(policy, where).not.toBe('Always');
    expect((st.containerStatuses ?? []).every((c) => c.state?.terminated?.exitCode === 0), where).toBe(true);
  }
  if (row && (p.spec as { containers: unknown[] }).containers.length === 1) expect(/\sCompleted\s/.test(row), `${where}\n${row}`).toBe(st.phase === 'Succeeded');
}

describe('pods and Deployments under random lifecycles', () => {
  it('keep the kubelet and controllers\' invariants, and never throw', async () => {
    let n = 0;
    const step = fc.oneof(
      fc.tuple(fc.constantFrom(...IMAGES), fc.constantFrom(...POLICIES), fc.constantFrom(...ARGS), fc.boolean())
        .map(([image, policy, args, interactive]) => `kubectl run p${n++} --image=${image} --restart=${policy}${interactive ? ' -i' : ''} ${args.join(' ')}`),
      fc.integer({ min: 0, max: 30 }).map((r) => `kubectl scale deploy web --replicas=${r}`),
      fc.constantFrom('kubectl set image deploy/web nginx=nginx:1.28', 'kubectl set image deploy/web nginx=nginx:1.27', 'sleep 30', 'kubectl delete pod -l app=web --wait=false'),
    );
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (lines) => {
      const world = structuredClone(world0);
      const sh = createShell(world, 'node-1');
      for (const line of lines) {
        const r = await runLine(world, sh, line);
        while (sh.depth() > 1) await runLine(world, sh, 'exit');
        expect(Number.isInteger(r.status) && r.status >= 0 && r.status <= 255, `${line}\n${r.err}`).toBe(true);
      }
      for (const line of ['kubectl get pods', 'kubectl describe pods', 'kubectl describe rs', 'kubectl describe deploy', 'kubectl get events', 'kubectl events']) {
        const r = await runLine(world, sh, line);
        expect(r.status, `${line}\n${r.err}`).toBe(0);
      }
      const table = (await runLine(world, sh, 'kubectl get pods')).out.split('\n');
      for (const p of listObjects(world.cluster!, 'Pod', 'default')) checkPod(p, table.find((l) => l.startsWith(`${p.metadata.name} `)));
      const events = listObjects(world.cluster!, 'Event', 'default') as EventObject[];
      for (const rs of listObjects(world.cluster!, 'ReplicaSet', 'default')) {
        const count = (reason: string) => events.filter((e) => e.involvedObject.uid === rs.metadata.uid && e.reason === reason).reduce((s, e) => s + e.count, 0);
        const pods = listObjects(world.cluster!, 'Pod', 'default').filter((p) => controllerOf(p)?.uid === rs.metadata.uid).length;
        const net = count('SuccessfulCreate') - count('SuccessfulDelete');
        if (lines.some((l) => l.includes('delete pod'))) expect(net, rs.metadata.name).toBeGreaterThanOrEqual(pods);
        else expect(net, `${rs.metadata.name}\n${lines.join('\n')}`).toBe(pods);
      }
      sh.dispose();
    }), { numRuns: 40 });
  }, 300_000);
});
