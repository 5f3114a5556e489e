/**
 * What every kubectl subcommand shares: the cluster of the world (or kubectl's connection
 * error on a machine without one), the namespace from -n, resource words resolved to kinds,
 * the error lines kubectl prints (`Error from server (NotFound): pods "x" not found`), and
 * running the controllers after a write, as the real control plane does in the background.
 */
import type { ClusterState } from '../../../cluster/index.ts';
import { getObject, kindInfo, listObjects, parseSelector, reconcileYielding, resolveResource, type ApiError, type KindInfo, type KubeObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { wallDate } from '../../../core/index.ts';
import { hostTurn } from '../../../fabric/scheduler.ts';
import { readFile, resolvePath } from '../../fs.ts';
import type { CommandContext } from '../../types.ts';
import { flagBool, flagValue, type ParsedArgs } from './args.ts';

/** A subcommand's context: the command context, parsed flags and the cluster. */
export interface Kctx {
  ctx: CommandContext;
  args: ParsedArgs;
  cluster: ClusterState;
  /** The namespace (-n or `default`). */
  ns: string;
  /** -A given. */
  allNamespaces: boolean;
}

/** Builds the subcommand context; undefined (after printing kubectl's error) without a cluster. */
export function kctx(ctx: CommandContext, args: ParsedArgs): Kctx | undefined {
  const cluster = ctx.world.cluster;
  if (!cluster || (ctx.machine.kind !== 'node' && ctx.machine.kind !== 'host')) {
    // Without a kubeconfig kubectl tries localhost:8080; discovery retries and klog reports
    // each failure (five lines for `get`) before the final message.
    const d = wallDate(ctx.world.clock);
    const p2 = (n: number) => String(n).padStart(2, '0');
    const stamp = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
    for (let i = 0; i < 5; i++) {
      ctx.stderr.write(`E${stamp}.${String(100000 + i * 1731).padStart(6, '0')}    4321 memcache.go:265] "Unhandled Error" err="couldn't get current server API group list: Get \\"http://localhost:8080/api?timeout=32s\\": dial tcp 127.0.0.1:8080: connect: connection refused"\n`);
    }
    ctx.stderr.write('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
    return undefined;
  }
  return { ctx, args, cluster, ns: flagValue(args, 'namespace') ?? 'default', allNamespaces: flagBool(args, 'all-namespaces') };
}

/** Prints an API error as kubectl does; Invalid errors print as `The Kind "x" is invalid: ...`. */
export function printApiError(k: Kctx, e: ApiError, context?: string): void {
  if (e.reason === 'Invalid') k.ctx.stderr.write(`The ${e.message}\n`);
  else k.ctx.stderr.write(`Error from server (${e.reason}): ${context ? `${context}: ` : ''}${e.message}\n`);
}

/** `error: ...` and status 1, kubectl's client-side failure. */
export function fail(k: { ctx: CommandContext }, message: string): number {
  k.ctx.stderr.write(`error: ${message}\n`);
  return 1;
}

/** Resolves a resource word or fails with kubectl's message. */
export function resource(k: Kctx, word: string): KindInfo | undefined {
  const info = resolveResource(word);
  if (!info) k.ctx.stderr.write(`error: the server doesn't have a resource type "${word}"\n`);
  return info;
}

/** `pod/web`, `deployment.apps/web`: how kubectl names an object in its messages. */
export function kindSlashName(o: { kind: string; metadata: { name: string } }): string {
  const info = kindInfo(o.kind);
  const group = info?.apiVersion.includes('/') ? `.${info.apiVersion.split('/')[0]}` : '';
  return `${(info?.singular ?? o.kind.toLowerCase())}${group}/${o.metadata.name}`;
}

/**
 * Runs the controllers after a write, as the control plane would before the next command,
 * giving the host turns while a huge one computes (undefined when no turn was needed).
 */
export const settle = (k: Kctx): Promise<void> | undefined => reconcileYielding(k.ctx.world, k.ctx.pause ?? hostTurn);

/** Reads a -f argument: a file on this machine, or stdin for `-`. */
export function readManifest(k: Kctx, path: string): { text: string; source: string } | undefined {
  if (path === '-') return { text: k.ctx.stdin, source: 'STDIN' };
  const abs = resolvePath(k.ctx.env.get('PWD') ?? '/root', path);
  const r = readFile(k.ctx, abs);
  if (!r.ok) {
    k.ctx.stderr.write(`error: the path "${path}" does not exist\n`);
    return undefined;
  }
  return { text: r.value, source: path };
}

/** Splits `TYPE NAME...`, `TYPE/NAME...` or `TYPE1,TYPE2` positionals into kind + names pairs. */
export function targets(k: Kctx, words: string[]): { kind: KindInfo; names: string[] }[] | undefined {
  if (!words.length) return [];
  const out: { kind: KindInfo; names: string[] }[] = [];
  if (words[0]!.includes('/')) {
    for (const w of words) {
      const [type, name] = w.split('/') as [string, string?];
      if (!name) { k.ctx.stderr.write(`error: arguments in resource/name form must have a single resource and name\n`); return undefined; }
      const kind = resource(k, type);
      if (!kind) return undefined;
      const prev = out.find((t) => t.kind === kind);
      if (prev) prev.names.push(name);
      else out.push({ kind, names: [name] });
    }
    return out;
  }
  const types = words[0]!.split(',').flatMap((t) => (t === 'all' ? ['pods', 'services', 'daemonsets', 'deployments', 'replicasets'] : [t]));
  for (const t of types) {
    const kind = resource(k, t);
    if (!kind) return undefined;
    out.push({ kind, names: words.slice(1) });
  }
  return out;
}

/** The object's namespace for messages: `in NAMESPACE namespace` suffix of "No resources found". */
export const noResources = (k: Kctx, kind: KindInfo): string =>
  k.allNamespaces || !kind.namespaced ? 'No resources found\n' : `No resources found in ${k.ns} namespace.\n`;

/**
 * The objects one `targets` group names, as kubectl label/annotate find them: by name (a
 * missing one is reported and makes the status 1), or every one matching `-l`/`--all`.
 * A number is the exit status of a refusal already printed.
 */
export function groupObjects(k: Kctx, g: { kind: KindInfo; names: string[] }, selText: string | undefined): { objs: KubeObject[]; status: number } | number {
  const ns = g.kind.namespaced ? k.ns : undefined;
  if (g.names.length) {
    const objs: KubeObject[] = [];
    let status = 0;
    for (const n of g.names) {
      const o = getObject(k.cluster, g.kind.kind, ns, n);
      if (o) objs.push(o); else { printApiError(k, notFound(g.kind.kind, n)); status = 1; }
    }
    return { objs, status };
  }
  if (selText === undefined && !flagBool(k.args, 'all')) return fail(k, 'resource(s) were provided, but no name was specified');
  const sel = selText === undefined ? undefined : parseSelector(selText);
  if (typeof sel === 'string') return fail(k, sel);
  const objs = listObjects(k.cluster, g.kind.kind, ns, sel);
  if (!objs.length) k.ctx.stderr.write(noResources(k, g.kind));
  return { objs, status: 0 };
}
