/**
 * `ip netns` (ip-netns(8)): list, add, delete, exec, identify. Names are the machine's
 * /run/netns entries (`machine.namedNetns`); `exec` runs the command in that namespace on
 * the same machine. A deleted name destroys the namespace only when nothing else holds it
 * (no machine runs in it and no other name refers to it), as a real netns lives on while a
 * process or a mount keeps it.
 */
import { createNetns, deleteNetns } from '../../../net/netns.ts';
import { failWith, matches, out, type IpRun } from './common.ts';
import { netnsIdOf } from './format-link.ts';
import { hasCapability } from '../../../fabric/capabilities.ts';

/** `ip netns ...`. */
export async function ipNetns(run: IpRun, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined) return netnsList(run);
  if (rest.length > 0 && sub !== 'exec' && !matches(sub, 'exec') && invalidName(rest[0]!)) return failWith(run, 255, `Invalid netns name "${rest[0]}"`);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return netnsList(run);
  if (matches(sub, 'list-id')) return 0;
  if (matches(sub, 'help')) return failWith(run, 255, 'Usage:\tip netns list\n\tip netns add NAME\n\tip netns attach NAME PID\n\tip netns set NAME NETNSID\n\tip [-all] netns delete [NAME]\n\tip netns identify [PID]\n\tip netns pids NAME\n\tip [-all] netns exec [NAME] cmd ...\n\tip netns monitor\n\tip netns list-id [target-nsid POSITIVE-INT] [nsid POSITIVE-INT]\nNETNSID := auto | POSITIVE-INT');
  if (matches(sub, 'identify')) return netnsIdentify(run);
  if (matches(sub, 'add')) return netnsAdd(run, rest);
  if (matches(sub, 'delete')) return netnsDel(run, rest);
  if (matches(sub, 'exec')) return netnsExec(run, rest);
  return failWith(run, 255, `Command "${sub}" is unknown, try "ip netns help".`);
}

/** Names ip-netns refuses (a path component: empty, `.`, `..`, or containing '/'). */
const invalidName = (name: string): boolean => name === '' || name === '.' || name === '..' || name.includes('/') || name.length > 255;

function netnsList(run: IpRun): number {
  // /run/netns is a tmpfs: readdir returns the newest entry first.
  const names = [...run.ctx.machine.namedNetns].reverse();
  for (const [name, id] of names) {
    const peers = [...run.ns.links.values()].some((l) => l.kind === 'veth' && l.peer.netns === id && id !== run.ns.id);
    out(run, peers ? `${name} (id: ${netnsIdOf(run.ns, id)})\n` : `${name}\n`);
  }
  return 0;
}

function netnsIdentify(run: IpRun): number {
  const names = [...run.ctx.machine.namedNetns].filter(([, id]) => id === run.ns.id).map(([n]) => n);
  out(run, names.join('\n') + '\n');
  return 0;
}

function netnsAdd(run: IpRun, args: string[]): number {
  const name = args[0];
  if (name === undefined) return failWith(run, 255, 'No netns name specified');
  if (run.ctx.machine.namedNetns.has(name)) return failWith(run, 1, `Cannot create namespace file "/run/netns/${name}": File exists`);
  // ip netns add first makes /run/netns a shared mount, which needs CAP_SYS_ADMIN.
  if (!hasCapability(run.ctx.machine, 'SYS_ADMIN')) return failWith(run, 1, 'mount --make-shared /run/netns failed: Operation not permitted');
  // The new namespace lives on this machine's kernel, so it has the same modules loaded.
  const ns = createNetns(run.ctx.world, name, run.ctx.netns.kernelModules);
  run.ctx.machine.namedNetns.set(name, ns.id);
  return 0;
}

function netnsDel(run: IpRun, args: string[]): number {
  const name = args[0];
  if (name === undefined) return failWith(run, 255, 'No netns name specified');
  const id = run.ctx.machine.namedNetns.get(name);
  if (id === undefined) return failWith(run, 1, `Cannot remove namespace file "/run/netns/${name}": No such file or directory`);
  run.ctx.machine.namedNetns.delete(name);
  const world = run.ctx.world;
  const held = [...world.machines.values()].some((m) => m.netns === id || [...m.namedNetns.values()].includes(id)) || run.ctx.netns.id === id;
  if (!held) deleteNetns(world, id);
  return 0;
}

async function netnsExec(run: IpRun, args: string[]): Promise<number> {
  const [name, ...cmd] = args;
  if (name === undefined) return failWith(run, 255, 'No netns name specified');
  if (invalidName(name)) return failWith(run, 255, `Invalid netns name "${name}"`);
  const id = run.ctx.machine.namedNetns.get(name);
  const ns = id === undefined ? undefined : run.ctx.world.netns.get(id);
  if (!ns) return failWith(run, 255, `Cannot open network namespace "${name}": No such file or directory`);
  if (cmd.length === 0) return failWith(run, 1, 'No command specified');
  return run.ctx.spawn(cmd, { machine: run.ctx.machine, netns: ns }, run.ctx.stdin);
}
