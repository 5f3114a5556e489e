/**
 * A container whose process exits, as a real cluster treats it under each restartPolicy
 * (pkg/kubelet/container ShouldContainerBeRestarted, kuberuntime doBackOff, kubelet_pods.go
 * getPhase, status/generate.go for the Ready condition) and as `kubectl get pods` prints it
 * (pkg/printers/internalversion printPod). busybox's default `sh` exits 0 without a terminal;
 * traefik/whoami refuses an unknown flag with Go's flag.ExitOnError, status 2.
 */
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import { getObject } from '../index.ts';
import { podPhase, restartsBy } from './container-exit.ts';

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
  const status = (name: string) => getObject(r.world.cluster!, 'Pod', 'default', name)!.status as {
    phase: string; conditions: { type: string; status: string; reason?: string }[];
    containerStatuses: { restartCount: number; ready: boolean; state: Record<string, { reason?: string; exitCode?: number }>; lastState: Record<string, { reason?: string; exitCode?: number }> }[];
  };
  return { run, status, world: r.world };
}

describe('restartPolicy', () => {
  it('Never: a container that exits 0 stays Terminated/Completed and the pod Succeeded, never restarted', async () => {
    const { run, status } = await setup();
    await run('kubectl run done --image=busybox --restart=Never');
    await run('sleep 3');
    expect(await run('kubectl get pod done')).toMatch(/^done\s+0\/1\s+Completed\s+0\s+3s$/m);
    const st = status('done');
    expect(st.phase).toBe('Succeeded');
    expect(st.containerStatuses[0]!.state.terminated).toMatchObject({ reason: 'Completed', exitCode: 0 });
    expect(st.containerStatuses[0]!.restartCount).toBe(0);
    expect(st.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const d = await run('kubectl describe pod done');
    expect(d).toMatch(/^Status:\s+Succeeded$/m);
    expect(d).toMatch(/^ {4}State:\s+Terminated\n {6}Reason:\s+Completed\n {6}Exit Code:\s+0\n/m);
    expect(d).not.toContain('BackOff');
    // kubectl exec.go refuses a completed pod before it reaches the kubelet.
    expect(await run('kubectl exec done -- ls')).toBe('error: cannot exec into a container in a completed pod; current phase is Succeeded\n');
  });

  // kuberuntime killPodWithSyncResult / StopPodSandbox: a finished pod's sandbox is torn down
  // (CNI DEL: its veth leaves the node), the pod stays with its status and logs.
  it('a finished pod loses its sandbox: its veth leaves the node, PodReadyToStartContainers turns False', async () => {
    const { run, status, world } = await setup();
    const veth = async (pod: string) => {
      const rt = world.cluster!.pods.get(`default/${pod}`)!;
      const node = (await run(`kubectl get pod ${pod} -o jsonpath='{.spec.nodeName}'`)).trim();
      return { rt, present: (await run(`ssh ${node} ip -br link`)).includes(`${rt.hostVeth}@`) };
    };
    await run('kubectl run done --image=busybox --restart=Never');
    await run('kubectl run up --image=nginx');
    const done = await veth('done');
    expect(done.rt.hostVeth).toMatch(/^veth/);
    expect(done.present).toBe(false);
    expect(world.netns.has(done.rt.netns)).toBe(false);
    expect((await veth('up')).present).toBe(true);
    expect(status('done').conditions.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
    expect(await run('kubectl logs done; echo "rc=$?"')).toBe('rc=0\n');
    // describe.go describeNode: Non-terminated Pods leaves out Succeeded and Failed ones.
    const node = (await run("kubectl get pod done -o jsonpath='{.spec.nodeName}'")).trim();
    const d = await run(`kubectl describe node ${node}`);
    expect(d).toMatch(/^Non-terminated Pods:/m);
    expect(d).not.toMatch(/^ {2}default +done /m);
  });

  // kubectl run.go: a pod that finished before kubectl could attach gets its logs printed;
  // with --rm it is deleted; a failure ends as `pod NS/NAME terminated (Error)`.
  it('kubectl run -i --rm of a container that exits at once: its logs, the deletion, the reason', async () => {
    const { run } = await setup();
    expect(await run('kubectl run w -i --rm --restart=Never --image=traefik/whoami -- -nope; echo "rc=$?"')).toBe('pod "w" deleted\npod default/w terminated (Error)\nrc=1\n');
  });

  it('Never: a container that exits non-zero is Error and the pod Failed', async () => {
    const { run, status } = await setup();
    await run('kubectl run bad --image=traefik/whoami --restart=Never -- -nope');
    expect(await run('kubectl get pod bad')).toMatch(/^bad\s+0\/1\s+Error\s+0\s+0s$/m);
    const st = status('bad');
    expect(st.phase).toBe('Failed');
    expect(st.containerStatuses[0]!.state.terminated).toMatchObject({ reason: 'Error', exitCode: 2 });
    expect(st.conditions.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  it('OnFailure: restarts only after a non-zero status', async () => {
    const { run, status } = await setup();
    await run('kubectl run ok --image=busybox --restart=OnFailure');
    await run('kubectl run bad --image=traefik/whoami --restart=OnFailure -- -nope');
    await run('sleep 4');
    const out = await run('kubectl get pods ok bad');
    expect(out).toMatch(/^ok\s+0\/1\s+Completed\s+0\s+4s$/m);
    expect(out).toMatch(/^bad\s+0\/1\s+CrashLoopBackOff\s+1 \(4s ago\)\s+4s$/m);
    expect(status('ok').phase).toBe('Succeeded');
    const bad = status('bad');
    expect(bad.phase).toBe('Running');
    expect(bad.containerStatuses[0]!.lastState.terminated).toMatchObject({ reason: 'Error', exitCode: 2 });
  });

  it('Always: even a clean exit is restarted, in back-off, with the BackOff warning', async () => {
    const { run, status } = await setup();
    await run('kubectl run loop --image=busybox');
    const st = status('loop');
    expect(st.phase).toBe('Running');
    expect(st.containerStatuses[0]!.state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(st.containerStatuses[0]!.lastState.terminated).toMatchObject({ reason: 'Completed', exitCode: 0 });
    expect(await run('kubectl get events --field-selector involvedObject.name=loop')).toMatch(/Warning\s+BackOff\s+pod\/loop\s+Back-off restarting failed container loop in pod loop_default\(/);
  });

  // kubelet.go: backOffPeriod 10s, MaxContainerBackOff 300s; doBackOff's message names the
  // back-off in Go's duration format; describeContainerState prints the last termination.
  it('Always: restarts again after 10s, 20s, 40s ... with the restart count and its time', async () => {
    const { run, status } = await setup();
    await run('kubectl run loop --image=busybox');
    await run('sleep 40');
    expect(await run('kubectl get pod loop')).toMatch(/^loop\s+0\/1\s+CrashLoopBackOff\s+3 \(10s ago\)\s+40s$/m);
    const cs = status('loop').containerStatuses[0]!;
    expect(cs.restartCount).toBe(3);
    expect((cs.state.waiting as { message?: string }).message).toMatch(/^back-off 40s restarting failed container=loop pod=loop_default\([0-9a-f-]+\)$/);
    const d = await run('kubectl describe pod loop');
    expect(d).toMatch(/^ {4}State:\s+Waiting\n {6}Reason:\s+CrashLoopBackOff\n {4}Last State:\s+Terminated\n {6}Reason:\s+Completed\n {6}Exit Code:\s+0\n {6}Started:\s+Mon, 23 Nov 2026 16:49:30 \+0000\n/m);
    expect(d).toMatch(/Warning\s+BackOff\s+0s \(x3 over 40s\)\s+kubelet\s+Back-off restarting failed container loop/);
    expect(d).toMatch(/Normal\s+Started\s+\S+ \(x3 over 40s\)\s+kubelet\s+Started container loop/);
    // kubectl events' getInterval (kubectl/pkg/cmd/events event_printer.go) for a repeated event.
    expect(await run('kubectl events --for pod/loop')).toMatch(/^0s \(x3 over 40s\)\s+Warning\s+BackOff\s+Pod\/loop\s+Back-off restarting failed container loop/m);
  });

  it('the back-off schedule: at once, then 10s, 20s, 40s, 80s, 160s, then every 300s', () => {
    expect(restartsBy(0, 0)).toEqual({ count: 1, last: 0 });
    expect(restartsBy(0, 9_999)).toEqual({ count: 1, last: 0 });
    expect(restartsBy(0, 10_000)).toEqual({ count: 2, last: 10_000 });
    expect(restartsBy(0, 115_000)).toEqual({ count: 4, last: 70_000 });
    expect(restartsBy(0, 310_000)).toEqual({ count: 6, last: 310_000 });
    expect(restartsBy(0, 3_715_000)).toEqual({ count: 17, last: 3_610_000 });
  });

  it('kubectl debug node/NAME without -i: the debugger exits and is Completed (its pod has restartPolicy Never)', async () => {
    const { run } = await setup();
    const made = await run('kubectl debug node/node-2 --image=busybox --profile=general');
    const name = /pod (node-debugger-node-2-\w+)/.exec(made)![1]!;
    expect(await run(`kubectl get pod ${name}`)).toMatch(new RegExp(`^${name}\\s+0/1\\s+Completed\\s+0\\s`, 'm'));
  });

  it('a failed init container: Init:CrashLoopBackOff under Always, Init:Error under Never (printPod)', async () => {
    const { run, status } = await setup();
    const manifest = (name: string, policy: string) => `kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  restartPolicy: ${policy}
  initContainers: [{ name: istio-init, image: docker.io/istio/proxyv2:1.24.2, args: [istio-iptables, -k, eth1] }]
  containers: [{ name: app, image: nginx }]
EOF`;
    await run(manifest('again', 'Always'));
    await run(manifest('never', 'Never'));
    await run('sleep 2');
    const out = await run('kubectl get pods again never');
    expect(out).toMatch(/^again\s+0\/1\s+Init:CrashLoopBackOff\s+1 \(2s ago\)\s+2s$/m);
    expect(out).toMatch(/^never\s+0\/1\s+Init:Error\s+0\s+2s$/m);
    expect(status('never').phase).toBe('Failed');
  });

  // kubectl run.go getRestartPolicy; the API server's validateRestartPolicy (pkg/apis/core/
  // validation) and ValidatePodTemplateSpecForReplicaSet (pkg/apis/apps/validation).
  it('restartPolicy values: kubectl run refuses others, -i alone means OnFailure, the API server validates', async () => {
    const { run } = await setup();
    expect(await run('kubectl run x --image=busybox --restart=Sometimes; echo "rc=$?"')).toBe("error: invalid restart policy: Sometimes\nSee 'kubectl run -h' for help and examples\nrc=1\n");
    await run('kubectl run y -i --image=busybox -- true');
    expect(await run("kubectl get pod y -o jsonpath='{.spec.restartPolicy}'")).toBe('OnFailure');
    const apply = (kind: string, policy: string) => `kubectl apply -f - <<EOF
apiVersion: ${kind === 'Pod' ? 'v1' : 'apps/v1'}
kind: ${kind}
metadata: { name: z }
spec:
${kind === 'Pod' ? `  restartPolicy: ${policy}\n  containers: [{ name: c, image: nginx }]` : `  selector: { matchLabels: { a: b } }\n  template:\n    metadata: { labels: { a: b } }\n    spec:\n      restartPolicy: ${policy}\n      containers: [{ name: c, image: nginx }]`}
EOF`;
    expect(await run(apply('Pod', 'Sometimes'))).toBe('The Pod "z" is invalid: spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"\n');
    expect(await run(apply('Deployment', 'Never'))).toBe('The Deployment "z" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"\n');
  });

  it('getPhase for each policy once every container has stopped', () => {
    const ok = { state: { terminated: { exitCode: 0 } } };
    const failed = { state: { terminated: { exitCode: 1 } } };
    const restarting = { state: { waiting: {} }, lastState: { terminated: {} } };
    expect(podPhase('Never', [ok, ok])).toBe('Succeeded');
    expect(podPhase('Never', [ok, failed])).toBe('Failed');
    expect(podPhase('OnFailure', [ok, restarting])).toBe('Running');
    expect(podPhase('Always', [ok])).toBe('Running');
    expect(podPhase('Never', [{ state: { running: {} } }, ok])).toBe('Running');
    expect(podPhase('Never', [], true)).toBe('Failed');
    expect(podPhase('Always', [], true)).toBe('Pending');
  });
});
