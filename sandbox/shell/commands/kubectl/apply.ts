/**
 * `kubectl apply -f`, `kubectl create -f` / `create deployment|namespace|configmap`, and
 * `kubectl delete`: manifests from files or stdin (`-f -`, heredocs), multi-document, each
 * document reported on its own line (`deployment.apps/web created`), a failing document
 * reported with kubectl's words while the others still apply (exit status 1 at the end).
 */
import {
  createObject, deleteObject, getObject, listObjects, parseSelector, type KubeObject,
} from '../../../cluster/index.ts';
import { applyObject, createFromManifest, parseManifests, toObject } from '../../../cluster/manifest.ts';
import { notFound } from '../../../cluster/store.ts';
import { flagBool, flagValue } from './args.ts';
import { createIngress, createService } from './create-network.ts';
import { fail, kindSlashName, noResources, printApiError, readManifest, settle, targets, type Kctx } from './common.ts';

type Mode = 'apply' | 'create';

/** Reads every -f source into objects; undefined after printing an error. */
function loadObjects(k: Kctx): { obj: KubeObject; source: string }[] | undefined | 'client-errors' {
  const files = k.args.flags.get('filename') ?? [];
  const out: { obj: KubeObject; source: string }[] = [];
  let clientErrors = false;
  for (const f of files) {
    const m = readManifest(k, f);
    if (!m) return undefined;
    const parsed = parseManifests(m.text);
    if ('error' in parsed) { fail(k, `error parsing ${m.source}: ${parsed.error}`); return undefined; }
    for (const doc of parsed.docs) {
      const obj = toObject(doc, k.ns, m.source);
      if ('client' in obj) { k.ctx.stderr.write(`error: ${obj.client}\n`); clientErrors = true; continue; }
      const metaNs = (doc.metadata as { namespace?: string } | undefined)?.namespace;
      if (metaNs && flagValue(k.args, 'namespace') && metaNs !== k.ns) {
        k.ctx.stderr.write(`error: the namespace from the provided object "${metaNs}" does not match the namespace "${k.ns}". You must pass '--namespace=${metaNs}' to perform this operation.\n`);
        clientErrors = true;
        continue;
      }
      out.push({ obj, source: m.source });
    }
  }
  return clientErrors && !out.length ? 'client-errors' : out;
}

/** `kubectl apply -f ...` / `kubectl create -f ...`. */
export async function runApplyOrCreate(k: Kctx, mode: Mode): Promise<number> {
  if (!k.args.flags.get('filename')?.length) {
    return fail(k, mode === 'apply' ? 'must specify one of -f and -k' : 'must specify one of -f and -k');
  }
  const objs = loadObjects(k);
  if (objs === undefined || objs === 'client-errors') return 1;
  let status = 0;
  const dry = flagValue(k.args, 'dry-run');
  for (const { obj, source } of objs) {
    if (dry && dry !== 'none') {
      // --dry-run=client|server: report what would happen, store nothing.
      const exists = getObject(k.cluster, obj.kind, obj.metadata.namespace, obj.metadata.name);
      k.ctx.stdout.write(`${kindSlashName(obj)} ${exists && mode === 'apply' ? 'configured' : 'created'} (${dry === 'server' ? 'server dry run' : 'dry run'})\n`);
      continue;
    }
    if (mode === 'apply') {
      const r = applyObject(k.ctx.world, obj);
      if (r.ok) k.ctx.stdout.write(`${kindSlashName(obj)} ${r.value}\n`);
      else { status = 1; printApiError(k, r.error, `error when ${getObject(k.cluster, obj.kind, obj.metadata.namespace, obj.metadata.name) ? 'applying patch' : 'creating'} "${source}"`); }
    } else {
      const r = createFromManifest(k.ctx.world, obj);
      if (r.ok) k.ctx.stdout.write(`${kindSlashName(obj)} created\n`);
      else { status = 1; printApiError(k, r.error, `error when creating "${source}"`); }
    }
    await settle(k);
  }
  return status;
}

const meta = (name: string, ns?: string, labels?: Record<string, string>): KubeObject['metadata'] =>
  ({ name, uid: '', resourceVersion: '', creationTimestamp: '', ...(ns ? { namespace: ns } : {}), ...(labels ? { labels } : {}) });

/** `kubectl create TYPE NAME ...` generators (deployment, namespace, configmap). */
export async function runCreateGenerator(k: Kctx, words: string[]): Promise<number> {
  const [type, name] = words;
  if (type === 'service' || type === 'svc') return createService(k, words.slice(1));
  if (type === 'ingress' || type === 'ing') return createIngress(k, words.slice(1));
  if (!name) return fail(k, `exactly one NAME is required, got 0`);
  let obj: KubeObject;
  if (type === 'namespace' || type === 'ns') obj = { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name) };
  else if (type === 'deployment' || type === 'deploy') {
    const images = k.args.flags.get('image') ?? [];
    if (!images.length) return fail(k, 'required flag(s) "image" not set');
    const replicas = Number(flagValue(k.args, 'replicas') ?? '1');
    const port = flagValue(k.args, 'port');
    // create_deployment.go buildPodSpec: every container runs the command after `--`; only
    // the first one gets --port.
    const command = k.args.rest?.length ? { command: k.args.rest } : {};
    const containers = images.map((img, i) => ({
      name: (img.split('/').pop() ?? img).split(':')[0]!.split('@')[0]!, image: img, ...command, resources: {},
      ...(port && i === 0 ? { ports: [{ containerPort: Number(port) }] } : {}),
    }));
    obj = {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(name, k.ns, { app: name }),
      spec: { replicas, selector: { matchLabels: { app: name } }, strategy: {}, template: { metadata: { labels: { app: name } }, spec: { containers } } },
    };
  } else if (type === 'configmap' || type === 'cm') {
    const data = Object.fromEntries((k.args.flags.get('from-literal') ?? []).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, k.ns), data };
  } else {
    k.ctx.stderr.write(`error: unknown command "${type}" for "kubectl create"\n\nDid you mean this?\n\tdeployment\n\nRun 'kubectl create --help' for usage.\n`);
    return 1;
  }
  const r = createObject(k.ctx.world, obj);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  k.ctx.stdout.write(`${kindSlashName(obj)} created\n`);
  await settle(k);
  return 0;
}

/** `kubectl delete (-f FILE | TYPE NAME... | TYPE -l SEL | TYPE --all)`. */
export async function runDelete(k: Kctx, words: string[]): Promise<number> {
  let victims: KubeObject[] = [];
  let status = 0;
  if (k.args.flags.get('filename')?.length) {
    const objs = loadObjects(k);
    if (objs === undefined || objs === 'client-errors') return 1;
    for (const { obj } of objs) {
      const live = getObject(k.cluster, obj.kind, obj.metadata.namespace, obj.metadata.name);
      if (live) victims.push(live);
      else { printApiError(k, notFound(obj.kind, obj.metadata.name)); status = 1; }
    }
  } else {
    if (!words.length) return fail(k, 'You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
    const groups = targets(k, words);
    if (!groups) return 1;
    const selText = flagValue(k.args, 'selector');
    const all = flagBool(k.args, 'all');
    for (const g of groups) {
      const ns = g.kind.namespaced ? (k.allNamespaces ? undefined : k.ns) : undefined;
      if (g.names.length) {
        for (const n of g.names) {
          const o = getObject(k.cluster, g.kind.kind, ns, n);
          if (o) victims.push(o);
          else if (!flagBool(k.args, 'ignore-not-found')) { printApiError(k, notFound(g.kind.kind, n)); status = 1; }
        }
      } else if (selText !== undefined || all) {
        const sel = selText === undefined ? undefined : parseSelector(selText);
        if (typeof sel === 'string') return fail(k, sel);
        const found = listObjects(k.cluster, g.kind.kind, ns, sel);
        if (!found.length) k.ctx.stderr.write(noResources(k, g.kind));
        victims.push(...found);
      } else {
        return fail(k, 'resource(s) were provided, but no name was specified');
      }
    }
  }
  for (const o of victims) {
    const r = deleteObject(k.ctx.world, o.kind, o.metadata.namespace, o.metadata.name);
    if (!r.ok) { printApiError(k, r.error); status = 1; continue; }
    const info = kindSlashName(o).split('/')[0];
    k.ctx.stdout.write(`${info} "${o.metadata.name}" deleted\n`);
  }
  if (victims.length) await settle(k);
  return status;
}
