/**
 * `kubectl exec` and `kubectl logs`. exec runs in a container's machine: `-it ... -- sh`
 * moves the interactive shell into the pod (its prompt, `exit` comes back), a one-shot
 * `exec POD -- CMD` runs CMD there and returns its status (`command terminated with exit
 * code N` on failure). A binary the image lacks fails as containerd/runc report it. logs
 * prints what the container's process wrote.
 */
import type { KubeObject, PodRuntime, ContainerRuntime } from '../../../cluster/index.ts';
import { randomHex } from '../../../cluster/ids.ts';
import { listObjects, parseSelector } from '../../../cluster/index.ts';
import { flagBool, flagValue } from './args.ts';
import { fail, resolvePodTarget, type Kctx } from './common-pod.ts';

/**
 * Picks the container (-c, else the default-container annotation, else the first) and says so
 * as kubectl does; `-c` may name an init container for logs (they have exited: no exec).
 */
function pickContainer(k: Kctx, pod: KubeObject, rt: PodRuntime, withInit = false): ContainerRuntime | undefined {
  const wanted = flagValue(k.args, 'container');
  const names = rt.containers.map((c) => c.name);
  if (wanted !== undefined) {
    const c = [...rt.containers, ...(withInit ? rt.initContainers ?? [] : [])].find((x) => x.name === wanted);
    if (!c) k.ctx.stderr.write(`Error from server (BadRequest): container ${wanted} is not valid for pod ${pod.metadata.name}\n`);
    return c;
  }
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const c = rt.containers.find((x) => x.name === def) ?? rt.containers[0];
  // podcmd.AllContainerNames: the containers, then the init containers marked `(init)`.
  const inits = ((pod.spec as { initContainers?: { name: string }[] } | undefined)?.initContainers ?? []).map((x) => `${x.name} (init)`);
  if (c && names.length > 1 && !def) k.ctx.stderr.write(`Defaulted container "${c.name}" out of: ${[...names, ...inits].join(', ')}\n`);
  return c;
}

/** `kubectl exec [-it] POD [-c C] -- CMD ARGS...`. */
export async function runExec(k: Kctx, words: string[]): Promise<number> {
  const rest = k.args.rest;
  if (!words.length) return fail(k, 'pod, type/name or --filename must be specified');
  if (!rest) {
    if (words.length > 1) return fail(k, `exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples`);
    return fail(k, 'you must specify at least one command for the container');
  }
  if (!rest.length) return fail(k, 'you must specify at least one command for the container');
  const pod = resolvePodTarget(k, words[0]!);
  if (!pod) return 1;
  // kubectl's exec.go refuses before it asks the kubelet: the containers have exited.
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return fail(k, `cannot exec into a container in a completed pod; current phase is ${phase}`);
  const rt = k.cluster.pods.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
  if (!rt) return fail(k, `unable to upgrade connection: container not found ("${(pod.spec as { containers: { name: string }[] }).containers[0]?.name ?? ''}")`);
  const c = pickContainer(k, pod, rt);
  if (!c) {
    if (flagValue(k.args, 'container') !== undefined) return 1;
    return fail(k, `unable to upgrade connection: container not found ("${(pod.spec as { containers: { name: string }[] }).containers[0]?.name ?? ''}")`);
  }
  const machine = k.ctx.world.machines.get(c.machine);
  const netns = machine ? k.ctx.world.netns.get(machine.netns) : undefined;
  if (!machine || !netns) return fail(k, `unable to upgrade connection: container not found ("${c.name}")`);
  const bin = rest[0]!.split('/').pop()!;
  if (machine.binaries && !machine.binaries.includes(bin)) {
    k.ctx.stderr.write(`error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomHex(k.ctx.world.rng, 64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${rest[0]}": executable file not found in $PATH: unknown\n`);
    return 1;
  }
  const interactive = flagBool(k.args, 'stdin') && flagBool(k.args, 'tty');
  const shells = ['sh', 'ash', 'bash', 'zsh', 'dash'];
  if (interactive && rest.length === 1 && shells.includes(bin)) {
    k.ctx.enter({ machine, netns });
    return 0;
  }
  const status = await k.ctx.spawn(rest, { machine, netns }, flagBool(k.args, 'stdin') ? k.ctx.stdin : '');
  if (status !== 0) k.ctx.stderr.write(`command terminated with exit code ${status}\n`);
  return status;
}

/** `kubectl logs POD|TYPE/NAME [-c C] [--tail N]`. */
export function runLogs(k: Kctx, words: string[]): number {
  const selText = flagValue(k.args, 'selector');
  if (!words.length && selText !== undefined) return logsBySelector(k, selText);
  if (!words.length) return fail(k, 'expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee \'kubectl logs -h\' for help and examples');
  const pod = resolvePodTarget(k, words[0]!, true);
  if (!pod) return 1;
  const rt = k.cluster.pods.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
  if (!rt) {
    k.ctx.stderr.write(`Error from server (BadRequest): container "${(pod.spec as { containers: { name: string }[] }).containers[0]?.name ?? ''}" in pod "${pod.metadata.name}" is waiting to start: ContainerCreating\n`);
    return 1;
  }
  const c = pickContainer(k, pod, rt, true);
  if (!c) return 1;
  const tail = flagValue(k.args, 'tail');
  const lines = tail !== undefined && Number(tail) >= 0 ? c.logs.slice(Math.max(0, c.logs.length - Number(tail))) : c.logs;
  k.ctx.stdout.write(lines.map((l) => `${l}\n`).join(''));
  return 0;
}


/**
 * `kubectl logs -l SELECTOR [-c C]`: the logs of every matching pod's container (-c, else the first), one pod after
 * the other, `[pod/NAME/CONTAINER] ` before each line with --prefix.
 */
function logsBySelector(k: Kctx, selText: string): number {
  const sel = parseSelector(selText);
  if (typeof sel === 'string') return fail(k, sel);
  const pods = listObjects(k.cluster, 'Pod', k.ns, sel);
  if (!pods.length) { k.ctx.stderr.write(`No resources found in ${k.ns} namespace.\n`); return 0; }
  const tail = flagValue(k.args, 'tail');
  for (const pod of pods) {
    const rt = k.cluster.pods.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    const wanted = flagValue(k.args, 'container');
    const c = wanted === undefined ? rt?.containers[0] : [...rt?.containers ?? [], ...rt?.initContainers ?? []].find((x) => x.name === wanted);
    if (!c) continue;
    // With a selector kubectl's default --tail is 10 (logs.go: selector implies tail 10).
    const n = tail !== undefined ? Number(tail) : 10;
    const lines = n >= 0 ? c.logs.slice(Math.max(0, c.logs.length - n)) : c.logs;
    const prefix = flagBool(k.args, 'prefix') ? `[pod/${pod.metadata.name}/${c.name}] ` : '';
    k.ctx.stdout.write(lines.map((l) => `${prefix}${l}\n`).join(''));
  }
  return 0;
}
