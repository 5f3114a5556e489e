/**
 * kubectl (v1.31): the subcommands a learner of Kubernetes networking types, against the
 * sandbox's API store (sandbox/cluster). subcommands.ts is the table of subcommands; each is
 * its own module: get.ts, describe.ts, apply.ts (apply, create, delete), workload.ts (scale,
 * run, label, rollout, wait), exec.ts (exec, logs). Every write runs the controllers until quiescent before the
 * next command, so `kubectl get pods -o wide` right after `apply` shows scheduled pods with
 * IPs. Flags are parsed as cobra/pflag do (args.ts); errors print as kubectl prints them.
 * May import: cluster, shell (fs, types).
 */
import { KINDS, listObjects } from '../../../cluster/index.ts';
import type { CommandContext, CommandSpec } from '../../types.ts';
import { flagsFor, parseArgs } from './args.ts';
import { kctx } from './common.ts';
import { SUBCOMMANDS } from './subcommands.ts';

/** The names, in the table's order (completion and "Did you mean" list them so). */
const NAMES = Object.keys(SUBCOMMANDS);

const USAGE = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container
  port-forward    Forward one or more local ports to a pod
  debug           Create debugging sessions for troubleshooting workloads and nodes

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource
  wait            Experimental: Wait for a specific condition on one or many resources

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

async function run(ctx: CommandContext): Promise<number> {
  const parsed = parseArgs(ctx.argv.slice(1), flagsFor(ctx.argv.slice(1).find((a) => NAMES.includes(a))));
  const sub = ctx.argv.slice(1).find((a) => !a.startsWith('-'));
  if (typeof parsed === 'string') {
    ctx.stderr.write(`error: ${parsed}\nSee 'kubectl${sub ? ` ${sub}` : ''} --help' for usage.\n`);
    return 1;
  }
  const [cmd, ...words] = parsed.positional;
  if (!cmd) { ctx.stdout.write(USAGE); return 0; }
  if (cmd === 'help' || parsed.flags.has('help')) { ctx.stdout.write(USAGE); return 0; }
  const subcommand = Object.hasOwn(SUBCOMMANDS, cmd) ? SUBCOMMANDS[cmd] : undefined;
  if (!subcommand) {
    ctx.stderr.write(`error: unknown command "${cmd}" for "kubectl"\n${suggest(cmd)}`);
    return 1;
  }
  if (typeof subcommand !== 'function') return subcommand.client(ctx);
  const k = kctx(ctx, parsed);
  if (!k) return 1;
  return subcommand(k, words);
}

/** cobra's "Did you mean this?" for a mistyped subcommand (Levenshtein distance <= 2). */
function suggest(cmd: string): string {
  const near = NAMES.filter((s) => distance(s, cmd) <= 2 || s.startsWith(cmd));
  return `${near.length ? `\nDid you mean this?\n${near.map((n) => `\t${n}\n`).join('')}` : ''}Run 'kubectl --help' for usage.\n`;
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** The kubectl command. */
export const kubectl: CommandSpec = {
  name: 'kubectl',
  run,
  complete(words, partial, place) {
    if (!words.length) return NAMES;
    const c = place.world.cluster;
    if (!c) return [];
    const last = words[words.length - 1]!;
    if (last === '-n' || last === '--namespace') return listObjects(c, 'Namespace').map((n) => n.metadata.name);
    if (['get', 'describe', 'delete', 'label', 'wait', 'scale'].includes(words[0]!) && words.length === 1) {
      return KINDS.flatMap((k) => [k.plural, ...k.shortNames]);
    }
    const nsIdx = words.findIndex((w) => w === '-n' || w === '--namespace');
    const ns = nsIdx >= 0 ? words[nsIdx + 1] : 'default';
    if (['exec', 'logs', 'port-forward', 'debug'].includes(words[0]!)) return listObjects(c, 'Pod', ns).map((p) => p.metadata.name);
    const kind = KINDS.find((k) => k.plural === words[1] || k.singular === words[1] || k.shortNames.includes(words[1] ?? ''));
    if (kind) return listObjects(c, kind.kind, kind.namespaced ? ns : undefined).map((o) => o.metadata.name);
    void partial;
    return [];
  },
};

export default kubectl;
