/**
 * `kubectl debug -i` attaching to the debug container (debug.go handleAttachPod): it waits
 * until the container runs (waitForContainer has no timeout: a container stuck in
 * ErrImagePull shows kubectl's warning and waits until Ctrl-C), then `If you don't see a
 * command prompt, try pressing enter.` with a terminal, and the learner's shell moves into the
 * container (no command, or a shell), or the command runs there and its output comes back.
 * A node debugger gets the node's files under /host (a copy made when it starts: the hostPath
 * mount of `/` is not live in the sandbox).
 */
import { flagBool } from './args.ts';
import type { Kctx } from './common.ts';

const SHELLS = ['sh', 'ash', 'bash', 'zsh', 'dash'];

/** Attaches to container `name` of pod `pod` (created and settled by the caller). */
export async function attachDebugContainer(k: Kctx, pod: string, name: string, tty: boolean, command: string[], mode: 'ephemeral' | 'node' | 'copy'): Promise<number> {
  const rt = k.cluster.pods.get(`${k.ns}/${pod}`);
  const cr = (mode === 'ephemeral' ? rt?.ephemeral : rt?.containers)?.find((c) => c.name === name);
  const machine = cr ? k.ctx.world.machines.get(cr.machine) : undefined;
  const netns = machine ? k.ctx.world.netns.get(machine.netns) : undefined;
  if (!machine || !netns || !rt) {
    const p = k.cluster.objects.get('Pod')?.get(`${k.ns}/${pod}`);
    const st = p?.status as Record<string, { name: string; state?: { waiting?: { message?: string } } }[] | undefined> | undefined;
    const s = [...(st?.containerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])].find((x) => x.name === name);
    const message = s?.state?.waiting?.message;
    if (message && !flagBool(k.args, 'quiet')) k.ctx.stderr.write(`Warning: container ${name}: ${message}\n`);
    while (!k.ctx.interrupted()) await k.ctx.sleep(1000);
    return 130;
  }
  if (mode === 'node') {
    const node = k.ctx.world.machines.get(k.cluster.nodes.get(rt.node)?.machine ?? '');
    for (const [path, text] of node?.files ?? []) if (!machine.files.has(`/host${path}`)) machine.files.set(`/host${path}`, text);
  }
  if (tty) k.ctx.stderr.write("If you don't see a command prompt, try pressing enter.\n");
  const bin = command[0]?.split('/').pop() ?? '';
  if (!command.length || (command.length === 1 && SHELLS.includes(bin))) {
    k.ctx.enter({ machine, netns });
    return 0;
  }
  return k.ctx.spawn(command, { machine, netns }, k.ctx.stdin);
}
