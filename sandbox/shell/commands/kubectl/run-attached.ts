/**
 * `kubectl run NAME --image=I -i[t] [--rm] [--restart=Never] [-- CMD ARGS]` after the pod is
 * created: kubectl attaches to the container (staging/src/k8s.io/kubectl/pkg/cmd/run/run.go).
 * A shell (or no command) with a terminal moves the learner's shell into the pod; any other
 * command runs there and its output comes back; `--rm` then deletes the pod and says
 * `pod "NAME" deleted`; a failing command ends with `pod NS/NAME terminated (Error)` and
 * status 1, as kubectl reports a container that exited non-zero. A pod that has already
 * finished when kubectl would attach (its process ended at once) gets its logs printed
 * instead (run.go: a completed pod is not attached to), then the same ending.
 */
import { deleteObject, getObject } from '../../../cluster/index.ts';
import { flagBool } from './args.ts';
import { fail, settle, type Kctx } from './common.ts';

const SHELLS = ['sh', 'ash', 'bash', 'zsh', 'dash'];

/** Attaches to the first container of pod `name` (created and settled by the caller). */
export async function runAttached(k: Kctx, name: string, command: string[]): Promise<number> {
  const rt = k.cluster.pods.get(`${k.ns}/${name}`);
  const m = rt ? k.ctx.world.machines.get(rt.containers[0]?.machine ?? '') : undefined;
  const netns = m ? k.ctx.world.netns.get(m.netns) : undefined;
  const tty = flagBool(k.args, 'tty');
  const remove = async () => {
    if (!flagBool(k.args, 'rm')) return;
    if (deleteObject(k.ctx.world, 'Pod', k.ns, name).ok) k.ctx.stdout.write(`pod "${name}" deleted\n`);
    await settle(k);
  };
  const pod = getObject(k.cluster, 'Pod', k.ns, name);
  const phase = (pod?.status as { phase?: string } | undefined)?.phase;
  if (pod && rt && (phase === 'Succeeded' || phase === 'Failed')) {
    k.ctx.stdout.write((rt.containers[0]?.logs ?? []).map((l) => `${l}\n`).join(''));
    const ended = ((pod.status as { containerStatuses?: { state?: { terminated?: { reason?: string } } }[] }).containerStatuses ?? [])[0]?.state?.terminated;
    await remove();
    if (phase === 'Succeeded') return 0;
    k.ctx.stderr.write(`pod ${k.ns}/${name} terminated (${ended?.reason ?? 'Error'})\n`);
    return 1;
  }
  if (!m || !netns) {
    // The container never started (a failed pull): kubectl gives up after --pod-running-timeout.
    await k.ctx.sleep(60_000);
    await remove();
    return fail(k, 'timed out waiting for the condition');
  }
  if (tty) k.ctx.stderr.write("If you don't see a command prompt, try pressing enter.\n");
  const bin = command[0]?.split('/').pop();
  if (tty && (!command.length || (command.length === 1 && SHELLS.includes(bin!)))) {
    // The pod stays until deleted: the interactive shell has no hook for kubectl's --rm.
    k.ctx.enter({ machine: m, netns });
    return 0;
  }
  if (!command.length) { await remove(); return 0; }
  if (m.binaries && !m.binaries.includes(bin!)) {
    k.ctx.stderr.write(`exec ${command[0]}: executable file not found in $PATH\n`);
    await remove();
    k.ctx.stderr.write(`pod ${k.ns}/${name} terminated (StartError)\n`);
    return 1;
  }
  const status = await k.ctx.spawn(command, { machine: m, netns }, k.ctx.stdin);
  await remove();
  if (status !== 0) {
    k.ctx.stderr.write(`pod ${k.ns}/${name} terminated (Error)\n`);
    return 1;
  }
  return 0;
}
