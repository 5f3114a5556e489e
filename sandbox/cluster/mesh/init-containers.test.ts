// Init containers as the kubelet runs them: the istio-init program loads its rules in the pod's
// namespace before the containers start and is reported Completed; one that refuses its
// arguments exits 1 (Error), the pod's containers never start, and restartPolicy decides the rest.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { parseManifests, toObject, applyObject } from '../manifest.ts';
import { reconcileAll } from '../reconcile.ts';
import { getObject } from '../store.ts';
import type { KubeObject } from '../types.ts';
import type { World } from '../../fabric/world.ts';
import { createShell } from '../../shell/session.ts';

function world(): World {
  const b = bootScenario(scenarioText('mesh')!);
  if (typeof b === 'string') throw new Error(b);
  return b.world;
}

function apply(w: World, yaml: string): void {
  const parsed = parseManifests(yaml);
  if ('error' in parsed) throw new Error(parsed.error);
  for (const doc of parsed.docs) {
    const obj = toObject(doc, 'default', 'test');
    if ('client' in obj) throw new Error(String(obj.client));
    const r = applyObject(w, obj);
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  reconcileAll(w);
}

const pod = (name: string, initArgs: string, restartPolicy = 'Always'): string => `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  restartPolicy: ${restartPolicy}
  initContainers:
    - { name: istio-init, image: docker.io/istio/proxyv2:1.24.2, args: [${initArgs}] }
  containers:
    - { name: netshoot, image: nicolaka/netshoot, command: [sleep, infinity] }
`;

const status = (w: World, name: string): Record<string, unknown> => (getObject(w.cluster!, 'Pod', 'default', name) as KubeObject).status as Record<string, unknown>;

describe('init containers', () => {
  it('run istio-iptables in the pod namespace and report it Completed', () => {
    const w = world();
    apply(w, pod('meshed', '"istio-iptables", "-p", "15001", "-b", "*"'));
    const st = status(w, 'meshed') as { phase: string; initContainerStatuses: { name: string; state: { terminated: { reason: string; exitCode: number } } }[] };
    expect(st.phase).toBe('Running');
    expect(st.initContainerStatuses.map((s) => [s.name, s.state.terminated.reason, s.state.terminated.exitCode])).toEqual([['istio-init', 'Completed', 0]]);
    const ns = w.netns.get(w.cluster!.pods.get('default/meshed')!.netns)!;
    expect([...ns.netfilter.tables.get('nat')!.chains.keys()]).toEqual(expect.arrayContaining(['ISTIO_INBOUND', 'ISTIO_OUTPUT', 'ISTIO_REDIRECT', 'ISTIO_IN_REDIRECT']));
  });

  // kubelet: a failed init container is restarted unless restartPolicy is Never (kuberuntime
  // computeInitContainerActions), so under Always it is in back-off, its run in lastState;
  // getPhase keeps the pod Pending. kubectl's printPod shows Init:CrashLoopBackOff.
  it('stop at one that fails: Error, exit code 1, restarted in back-off, containers waiting in PodInitializing', () => {
    const w = world();
    apply(w, pod('broken', '"istio-iptables", "-k", "eth1"'));
    const st = status(w, 'broken') as { phase: string; initContainerStatuses: { restartCount: number; state: { waiting?: { reason: string } }; lastState: { terminated?: { reason: string; exitCode: number } } }[]; containerStatuses: { state: { waiting?: { reason: string } } }[] };
    expect(st.phase).toBe('Pending');
    expect(st.initContainerStatuses[0]!.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(st.initContainerStatuses[0]!.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(st.initContainerStatuses[0]!.restartCount).toBe(1);
    expect(st.containerStatuses[0]!.state.waiting?.reason).toBe('PodInitializing');
    const ns = w.netns.get(w.cluster!.pods.get('default/broken')!.netns)!;
    expect(ns.netfilter.tables.get('nat')?.chains.has('ISTIO_OUTPUT') ?? false).toBe(false);
  });

  // getPhase: `failedInitialization > 0 && RestartPolicy == Never` -> PodFailed; printPod: Init:Error.
  it('under restartPolicy Never a failed init container fails the pod', () => {
    const w = world();
    apply(w, pod('broken', '"istio-iptables", "-k", "eth1"', 'Never'));
    const st = status(w, 'broken') as { phase: string; initContainerStatuses: { restartCount: number; state: { terminated?: { reason: string; exitCode: number } } }[] };
    expect(st.phase).toBe('Failed');
    expect(st.initContainerStatuses[0]!.state.terminated).toMatchObject({ reason: 'Error', exitCode: 1 });
    expect(st.initContainerStatuses[0]!.restartCount).toBe(0);
  });

  // A real cluster keeps an exited init container's log for `kubectl logs -c` (the kubelet's
  // container log files stay until the pod is removed). The sandbox gives istio-iptables no
  // output, so the log is empty, with status 0, as for a container that printed nothing.
  it('keep their logs: kubectl logs -c istio-init answers (empty), not "not valid for pod"', async () => {
    const w = world();
    const sh = createShell(w, 'node-1');
    const run = async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
    expect(await run('kubectl logs sleep -c istio-init; echo "rc=$?"')).toBe('rc=0\n');
    expect(await run('kubectl logs -l app=sleep -c istio-init --prefix; echo "rc=$?"')).toBe('rc=0\n');
    expect(await run('kubectl logs sleep -c nope; echo "rc=$?"')).toBe('Error from server (BadRequest): container nope is not valid for pod sleep\nrc=1\n');
  });
});
