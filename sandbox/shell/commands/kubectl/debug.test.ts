// kubectl debug as kubectl v1.31 behaves. Sources: kubectl's pkg/cmd/debug/debug.go (Validate's
// messages, "Defaulting debug container name to", "Creating debugging pod ... on node ...",
// generateNodeDebugPod: hostNetwork/hostPID/hostIPC and the node's / at /host,
// generatePodCopyWithDebugContainer), profiles.go (netadmin: NET_ADMIN and NET_RAW), the
// pods/ephemeralcontainers validation (pkg/apis/core/validation: Duplicate value), and the
// docs pages https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/ and
// https://kubernetes.io/docs/tasks/debug/debug-cluster/kubectl-node-debug/.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';
import { runLine } from '../../test-run-line.ts';

function session() {
  const b = bootScenario(scenarioText('default')!, 3);
  if (typeof b === 'string') throw new Error(b);
  const sh = createShell(b.world, 'node-1');
  return { world: b.world, sh, run: (line: string) => runLine(b.world, sh, line) };
}

const LEGACY = '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n';

describe('kubectl debug', () => {
  it('adds an ephemeral container in the pod\'s network namespace and moves the shell into it', async () => {
    const s = session();
    const r = await s.run('kubectl debug -it toolbox --image=busybox --target=whoami');
    expect(r.out).toMatch(/^Targeting container "whoami"\. If you don't see processes from this container it may be because the container runtime doesn't support this feature\.\nDefaulting debug container name to debugger-[b-df-hj-np-tv-z2456789]{5}\.\n$/);
    expect(r.err).toBe(`${LEGACY}If you don't see a command prompt, try pressing enter.\n`);
    expect(s.sh.prompt()).toBe('/ # ');
    const ip = s.world.cluster!.pods.get('default/toolbox')!.ip;
    expect((await s.run('hostname; ip -br addr show eth0')).out).toMatch(new RegExp(`^toolbox\\neth0@if\\d+ +UP +${ip.replace(/\./g, '\\.')}/24 `));
    // The default profile adds no capability: the pod's network cannot be changed.
    expect((await s.run('ip link add d0 type dummy')).err).toBe('RTNETLINK answers: Operation not permitted\n');
    // Its own pid namespace: busybox's sh is pid 1 (the node's init is not visible).
    expect((await s.run('ps')).out).toMatch(/^PID +USER +TIME +COMMAND\n +1 root +0:00 sh\n/);
    await s.run('exit');
    const name = /debugger-\w{5}/.exec(r.out)![0];
    const yaml = (await s.run('kubectl get pod toolbox -o yaml')).out;
    expect(yaml).toContain(`  ephemeralContainers:\n  - image: busybox\n    name: ${name}\n    resources: {}\n    stdin: true\n    targetContainerName: whoami\n    terminationMessagePolicy: File\n    tty: true\n`);
    expect(yaml).toMatch(new RegExp(`ephemeralContainerStatuses:\\n  - containerID: containerd://[0-9a-f]{64}\\n    image: docker.io/library/busybox:latest`));
    expect((await s.run('kubectl describe pod toolbox')).out).toMatch(new RegExp(`\\nEphemeral Containers:\\n  ${name}:\\n    Container ID: +containerd://`));
  });

  it('--profile=netadmin gives NET_ADMIN; a name already used is the API server\'s Duplicate value', async () => {
    const s = session();
    const r = await s.run('kubectl debug toolbox -i --image=busybox --profile=netadmin -c nadm -- ip link add d1 type dummy');
    expect(r).toMatchObject({ status: 0, out: '' });
    expect((await s.run('kubectl exec toolbox -c netshoot -- ip -br link show d1')).out).toMatch(/^d1 +DOWN/);
    const dup = await s.run('kubectl debug toolbox --image=busybox --profile=general -c whoami');
    expect(dup).toMatchObject({ status: 1, err: 'The Pod "toolbox" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "whoami"\n' });
  });

  it('debugs a node from a hostNetwork pod with the node\'s files at /host', async () => {
    const s = session();
    const r = await s.run('kubectl debug node/node-2 -it --image=busybox --profile=general');
    const pod = /^Creating debugging pod (node-debugger-node-2-[b-df-hj-np-tv-z2456789]{5}) with container debugger on node node-2\.\n$/.exec(r.out)?.[1];
    expect(pod).toBeDefined();
    expect(r.err).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect((await s.run('ip -br addr show eth0; cat /host/etc/hostname')).out).toMatch(/^eth0@if\d+ +UP +10\.0\.16\.12\/20 .*\nnode-2\n$/);
    await s.run('exit');
    const spec = JSON.parse((await s.run(`kubectl get pod ${pod} -o json`)).out).spec;
    expect(spec).toMatchObject({ hostNetwork: true, hostPID: true, hostIPC: true, nodeName: 'node-2', restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] });
    expect(spec.containers[0]).toMatchObject({ name: 'debugger', image: 'busybox', volumeMounts: [{ mountPath: '/host', name: 'host-root' }] });
    expect((await s.run('kubectl debug node/node-9 -it --image=busybox --profile=general')).err).toBe('Error from server (NotFound): nodes "node-9" not found\n');
  });

  it('--copy-to makes a new pod with the debug container added', async () => {
    const s = session();
    const r = await s.run('kubectl debug toolbox -it --image=busybox --copy-to=tb-copy --profile=general -- sh');
    expect(r.out).toMatch(/^Defaulting debug container name to debugger-\w{5}\.\n$/);
    expect((await s.run('hostname')).out).toBe('tb-copy\n');
    await s.run('exit');
    expect((await s.run("kubectl get pod tb-copy -o jsonpath='{.spec.containers[*].name}'")).out).toMatch(/^netshoot whoami debugger-\w{5}$/);
    expect((await s.run('kubectl debug toolbox --copy-to=tb-copy --image=busybox --profile=general')).err).toBe('Error from server (AlreadyExists): pods "tb-copy" already exists\n');
  });

  it('refuses bad command lines with kubectl\'s messages and changes nothing', async () => {
    const s = session();
    const rv = s.world.cluster!.resourceVersion;
    const cases: [string, string][] = [
      ['kubectl debug toolbox', 'error: you must specify --image when not using --copy-to.\n'],
      ['kubectl debug toolbox --image=Bad::x', 'error: invalid image name "Bad::x": invalid reference format\n'],
      ['kubectl debug toolbox -t --image=busybox', 'error: -i/--stdin is required for containers with -t/--tty=true\n'],
      ['kubectl debug toolbox --image=busybox --replace', 'error: --replace may only be used with --copy-to.\n'],
      ['kubectl debug toolbox --copy-to=x --target=whoami --image=busybox', 'error: --target is incompatible with --copy-to. Use --share-processes instead.\n'],
      ['kubectl debug --image=busybox', 'error: NAME or filename is required for debug\n'],
      ['kubectl debug toolbox --image=busybox --profile=bogus', 'error: unknown profile: bogus\n'],
      ['kubectl debug deploy/web --image=busybox --profile=general', 'error: "apps/v1, Kind=Deployment" not supported by debug\n'],
      ['kubectl debug nope --image=busybox', `${LEGACY}Error from server (NotFound): pods "nope" not found\n`],
    ];
    for (const [line, err] of cases) expect(await s.run(line), line).toMatchObject({ status: 1, err });
    expect(s.world.cluster!.resourceVersion).toBe(rv);
  });
});
