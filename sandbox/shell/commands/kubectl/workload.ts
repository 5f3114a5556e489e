/**
 * Subcommands that change workloads and labels: `scale`, `run`, `label`, `rollout
 * restart|status`, and `wait --for=condition=X|delete`. Messages as kubectl prints them
 * (`deployment.apps/web scaled`, `pod/x labeled`, `pod/x condition met`).
 */
import { createObject, getObject, listObjects, nowStamp, parseSelector, updateObject, type KubeObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { flagBool, flagValue } from './args.ts';
import { runAttached } from './run-attached.ts';
import { waitRollout } from './rollout-status.ts';
import { fail, groupObjects, kindSlashName, printApiError, resource, settle, targets, type Kctx } from './common.ts';

/** `kubectl scale TYPE NAME --replicas=N`. */
export async function runScale(k: Kctx, words: string[]): Promise<number> {
  const r = flagValue(k.args, 'replicas');
  if (r === undefined) return fail(k, 'required flag(s) "replicas" not set');
  if (!/^\d+$/.test(r)) return fail(k, `invalid argument "${r}" for "--replicas" flag: strconv.ParseInt: parsing "${r}": invalid syntax`);
  const groups = targets(k, words);
  if (!groups) return 1;
  if (!groups.length || !groups[0]!.names.length) return fail(k, 'resource(s) were provided, but no name was specified');
  let status = 0;
  for (const g of groups) {
    for (const n of g.names) {
      if (!['Deployment', 'ReplicaSet'].includes(g.kind.kind)) { fail(k, `no scaler has been implemented for ${g.kind.kind}`); status = 1; continue; }
      const o = getObject(k.cluster, g.kind.kind, k.ns, n);
      if (!o) { printApiError(k, notFound(g.kind.kind, n)); status = 1; continue; }
      const u = updateObject(k.ctx.world, { ...o, spec: { ...o.spec, replicas: Number(r) } });
      if (!u.ok) { printApiError(k, u.error); status = 1; continue; }
      k.ctx.stdout.write(`${kindSlashName(o)} scaled\n`);
      await settle(k);
    }
  }
  return status;
}

/** `kubectl run NAME --image=IMG [--labels] [--port] [--env] [--restart] [--command] [-- ARGS]`. */
export async function runRun(k: Kctx, words: string[]): Promise<number> {
  const name = words[0];
  if (!name) return fail(k, 'NAME is required for run');
  if (flagBool(k.args, 'rm') && !flagBool(k.args, 'stdin')) return fail(k, '--rm should only be used for attached containers');
  const image = flagValue(k.args, 'image');
  if (!image) return fail(k, 'required flag(s) "image" not set');
  const labelsText = flagValue(k.args, 'labels');
  const labels = labelsText ? Object.fromEntries(labelsText.split(',').map((kv) => kv.split('=') as [string, string])) : { run: name };
  const rest = [...words.slice(1), ...(k.args.rest ?? [])];
  const port = flagValue(k.args, 'port');
  const env = (k.args.flags.get('env') ?? []).map((kv) => ({ name: kv.slice(0, kv.indexOf('=')), value: kv.slice(kv.indexOf('=') + 1) }));
  const container: Record<string, unknown> = { name, image, resources: {} };
  if (rest.length) container[flagBool(k.args, 'command') ? 'command' : 'args'] = rest;
  if (port) container.ports = [{ containerPort: Number(port) }];
  if (env.length) container.env = env;
  // generate/versioned run.go BasicPod: -i keeps the container's stdin open (once: kubectl
  // attaches a single time), -t gives it a terminal; a shell on that stdin waits for input.
  if (flagBool(k.args, 'stdin')) Object.assign(container, { stdin: true, stdinOnce: true });
  if (flagBool(k.args, 'tty')) container.tty = true;
  // run.go getRestartPolicy: -i without --restart means OnFailure; kubectl refuses any other value.
  const restart = flagValue(k.args, 'restart') || (flagBool(k.args, 'stdin') ? 'OnFailure' : 'Always');
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) return fail(k, `invalid restart policy: ${restart}\nSee 'kubectl run -h' for help and examples`);
  const pod: KubeObject = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: k.ns, labels, uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: { containers: [container], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
  };
  const r = createObject(k.ctx.world, pod);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  await settle(k);
  if (flagBool(k.args, 'stdin')) return runAttached(k, name, rest);
  k.ctx.stdout.write(`pod/${name} created\n`);
  return 0;
}

/** `kubectl label TYPE NAME k=v k2- [--overwrite]` (also `-l`/`--all` targets). */
export async function runLabel(k: Kctx, words: string[]): Promise<number> {
  // cmdutil.GetResourcesAndPairs: a word with '=' (not first) or a trailing '-' is a change,
  // prefixed keys (kubernetes.io/service-name=x) included; everything else names targets.
  const changes = words.filter((w) => (w.includes('=') && !w.startsWith('=')) || (w.endsWith('-') && w !== '-'));
  const objWords = words.filter((w) => !changes.includes(w));
  if (!changes.length) return fail(k, 'at least one label update is required');
  const groups = targets(k, objWords);
  if (!groups) return 1;
  let status = 0;
  const selText = flagValue(k.args, 'selector');
  for (const g of groups) {
    const found = groupObjects(k, g, selText);
    if (typeof found === 'number') return found;
    if (found.status !== 0) status = found.status;
    const objs = found.objs;
    for (const o of objs) {
      const labels = { ...o.metadata.labels };
      let removed = false;
      for (const c of changes) {
        if (c.endsWith('-') && !c.includes('=')) { if (c.slice(0, -1) in labels) removed = true; delete labels[c.slice(0, -1)]; continue; }
        const [key, value] = [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)];
        if (key in labels && labels[key] !== value && !flagBool(k.args, 'overwrite')) {
          return fail(k, `'${key}' already has a value (${labels[key]}), and --overwrite is false`);
        }
        labels[key] = value;
      }
      const same = JSON.stringify(labels) === JSON.stringify(o.metadata.labels ?? {});
      if (!same) {
        const u = updateObject(k.ctx.world, { ...o, metadata: { ...o.metadata, labels } });
        if (!u.ok) { printApiError(k, u.error); status = 1; continue; }
      }
      k.ctx.stdout.write(`${kindSlashName(o)} ${same ? 'not labeled' : removed && changes.every((c) => c.endsWith('-')) ? 'unlabeled' : 'labeled'}\n`);
    }
  }
  await settle(k);
  return status;
}

/** `kubectl rollout restart|status deployment/NAME`. */
export async function runRollout(k: Kctx, words: string[]): Promise<number> {
  const [verb, ...rest] = words;
  if (verb !== 'restart' && verb !== 'status') {
    k.ctx.stderr.write(`error: unknown command "${verb ?? ''}" for "kubectl rollout"\nRun 'kubectl rollout --help' for usage.\n`);
    return 1;
  }
  const groups = targets(k, rest);
  if (!groups) return 1;
  if (!groups.length) return fail(k, 'required resource not specified');
  let status = 0;
  for (const g of groups) {
    for (const n of g.names) {
      const o = getObject(k.cluster, g.kind.kind, k.ns, n);
      if (!o) { printApiError(k, notFound(g.kind.kind, n)); status = 1; continue; }
      if (g.kind.kind !== 'Deployment') { fail(k, `${verb === 'restart' ? 'restarting' : 'status of'} ${g.kind.plural} is not supported`); status = 1; continue; }
      if (verb === 'status') {
        const r = await waitRollout(k, n);
        if (r === 130) return r;
        if (r !== 0) status = 1;
        continue;
      }
      const spec = o.spec as { template: { metadata?: { annotations?: Record<string, string> } } };
      const tpl = { ...spec.template, metadata: { ...spec.template.metadata, annotations: { ...spec.template.metadata?.annotations, 'kubectl.kubernetes.io/restartedAt': nowStamp(k.ctx.world) } } };
      const u = updateObject(k.ctx.world, { ...o, spec: { ...o.spec, template: tpl } });
      if (!u.ok) { printApiError(k, u.error); status = 1; continue; }
      k.ctx.stdout.write(`${kindSlashName(o)} restarted\n`);
      await settle(k);
    }
  }
  return status;
}

/** `kubectl wait --for=condition=Ready|delete TYPE/NAME | TYPE -l SEL | --all`. */
export async function runWait(k: Kctx, words: string[]): Promise<number> {
  const cond = flagValue(k.args, 'for');
  if (!cond) return fail(k, '--for must be specified');
  const m = /^condition=([^=]+)(?:=(.*))?$/.exec(cond);
  if (!m && cond !== 'delete') return fail(k, `unrecognized condition: "${cond}"`);
  const groups = targets(k, words);
  if (!groups) return 1;
  const selText = flagValue(k.args, 'selector');
  let status = 0;
  for (const g of groups) {
    const info = resource(k, g.kind.plural);
    if (!info) return 1;
    let objs: KubeObject[] = [];
    if (g.names.length) {
      for (const n of g.names) {
        const o = getObject(k.cluster, g.kind.kind, k.ns, n);
        if (o) objs.push(o);
        else if (cond !== 'delete') { printApiError(k, notFound(g.kind.kind, n)); status = 1; }
      }
    } else {
      const sel = selText === undefined ? undefined : parseSelector(selText);
      if (typeof sel === 'string') return fail(k, sel);
      objs = listObjects(k.cluster, g.kind.kind, g.kind.namespaced ? k.ns : undefined, sel);
      if (!objs.length) return fail(k, 'no matching resources found');
    }
    const met = (o: KubeObject): boolean => {
      const live = getObject(k.cluster, o.kind, o.metadata.namespace, o.metadata.name);
      if (cond === 'delete') return !live || live.metadata.uid !== o.metadata.uid;
      const want = (m![2] ?? 'True').toLowerCase();
      const conds = ((live?.status?.conditions ?? []) as { type: string; status: string }[]);
      return conds.some((c) => c.type.toLowerCase() === m![1]!.toLowerCase() && c.status.toLowerCase() === want);
    };
    // Nothing changes while kubectl waits unless time passes: wait out --timeout (30s) of
    // simulated time once, then report, as kubectl does when the condition never comes.
    if (!objs.every(met)) await k.ctx.sleep(timeoutMs(flagValue(k.args, 'timeout')));
    for (const o of objs) {
      if (met(o)) { k.ctx.stdout.write(`${kindSlashName(o)} condition met\n`); continue; }
      fail(k, `timed out waiting for the condition on ${g.kind.plural}/${o.metadata.name}`);
      status = 1;
    }
  }
  return status;
}

/** A Go duration (`30s`, `2m`, `1m30s`) in ms; kubectl's default is 30s. */
function timeoutMs(text: string | undefined): number {
  if (!text) return 30_000;
  let ms = 0;
  for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) ms += Number(n) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[u as 'ms']);
  return ms || 30_000;
}

