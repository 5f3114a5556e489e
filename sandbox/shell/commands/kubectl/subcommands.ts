/**
 * Which kubectl subcommands exist: the one table, in the order `kubectl` completes and
 * suggests them. To add one, add its line: a function of the subcommand context (common.ts
 * Kctx: the command context, parsed flags, the cluster, the namespace) and the positional
 * words after the subcommand's name; flags go in args.ts FLAGS; after a write it runs the
 * controllers itself (common.ts settle).
 */
import { KINDS } from '../../../cluster/index.ts';
import type { CommandContext } from '../../types.ts';
import type { Kctx } from './common.ts';
import { runApplyOrCreate, runCreateGenerator, runDelete } from './apply.ts';
import { runDescribe } from './describe.ts';
import { runExec, runLogs } from './exec.ts';
import { runGet } from './get.ts';
import { formatTable } from './table.ts';
import { runLabel, runRollout, runRun, runScale, runWait } from './workload.ts';
import { runAnnotate } from './annotate.ts';
import { runEdit } from './edit.ts';
import { runEvents } from './events-view.ts';
import { runExpose } from './expose.ts';
import { runPatch } from './patch.ts';
import { runSet } from './set-image.ts';
import { runExplain } from './explain.ts';
import { runPortForward } from './port-forward.ts';
import { runDebug } from './debug.ts';

/** A subcommand that talks to the API server (kubectl fails before it runs without one). */
export type Subcommand = (k: Kctx, words: string[]) => number | Promise<number>;

/** A subcommand that answers from the client alone. */
export interface ClientSubcommand {
  client(ctx: CommandContext): number;
}

/** `kubectl version`: the client's versions, and the server's when there is a cluster. */
function version(ctx: CommandContext): number {
  ctx.stdout.write(`Client Version: v1.31.2\nKustomize Version: v5.4.2\n${ctx.world.cluster ? `Server Version: ${ctx.world.cluster.config.version}\n` : ''}`);
  return 0;
}

/** `kubectl cluster-info`: where the control plane answers (kubeadm's API server address). */
function clusterInfo(k: Kctx): number {
  k.ctx.stdout.write('\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://10.0.16.11:6443\x1b[0m\n\nTo further debug and diagnose cluster problems, use \'kubectl cluster-info dump\'.\n');
  return 0;
}

/** `kubectl api-resources`: the kinds the API server serves. */
function apiResources(k: Kctx): number {
  const rows = [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...KINDS.map((i) => [i.plural, i.shortNames.join(','), i.apiVersion, String(i.namespaced), i.kind])];
  k.ctx.stdout.write(formatTable(rows));
  return 0;
}

/** The subcommands by name. */
export const SUBCOMMANDS: Readonly<Record<string, Subcommand | ClientSubcommand>> = {
  get: runGet,
  describe: runDescribe,
  apply: (k) => runApplyOrCreate(k, 'apply'),
  create: (k, words) => (words.length ? runCreateGenerator(k, words) : runApplyOrCreate(k, 'create')),
  delete: runDelete,
  scale: runScale,
  run: runRun,
  label: runLabel,
  exec: runExec,
  logs: runLogs,
  wait: runWait,
  rollout: runRollout,
  version: { client: version },
  'cluster-info': clusterInfo,
  'api-resources': apiResources,
  annotate: runAnnotate,
  edit: runEdit,
  events: runEvents,
  expose: runExpose,
  patch: runPatch,
  set: runSet,
  explain: runExplain,
  'port-forward': runPortForward,
  debug: runDebug,
};
