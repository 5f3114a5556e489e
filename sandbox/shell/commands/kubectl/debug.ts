/**
 * `kubectl debug` (kubectl v1.31, staging/src/k8s.io/kubectl/pkg/cmd/debug/debug.go and
 * profiles.go): three ways to get a shell where the trouble is.
 * - `debug POD --image=I [-it] [--target=C] [-- CMD]`: an ephemeral container added through
 *   the pods/ephemeralcontainers subresource; the kubelet starts it in the pod's sandbox, so
 *   it shares the pod's network namespace (`ip addr` shows the pod's eth0).
 * - `debug node/NAME --image=I -it`: a pod `node-debugger-NAME-xxxxx` on that node with
 *   hostNetwork, hostPID and hostIPC and the node's root filesystem at /host.
 * - `debug POD --copy-to=NEW --image=I`: a copy of the pod with a debug container added (or,
 *   with -c naming one of its containers, that container changed); --set-image, --same-node,
 *   --share-processes, --replace.
 * Options are checked in kubectl's order (Complete, then Validate) with its messages; -i
 * attaches (debug-attach.ts). Profiles: general and legacy add nothing, netadmin adds
 * NET_ADMIN and NET_RAW, sysadmin makes the container privileged, baseline and restricted
 * keep the default capabilities (restricted drops them all).
 */
import { createObject, deleteObject, getObject, type KubeObject } from '../../../cluster/index.ts';
import { notFound, updateEphemeralContainers } from '../../../cluster/store.ts';
import { randomInt } from '../../../core/random.ts';
import { flagBool, flagValue } from './args.ts';
import { fail, printApiError, resource, settle, type Kctx } from './common.ts';
import { attachDebugContainer } from './debug-attach.ts';

const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'];
/** A simplified distribution reference grammar (docker/distribution reference.ReferenceRegexp). */
const IMAGE = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::\w[\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** What the command line asked. */
interface DebugOptions {
  names: string[];
  args: string[];
  image?: string;
  container?: string;
  copyTo?: string;
  target?: string;
  profile: string;
  interactive: boolean;
  tty: boolean;
  attach: boolean;
  quiet: boolean;
  /** --arguments-only: the words after -- are the container's args, not its command. */
  argsOnly: boolean;
  setImages: Map<string, string>;
}

/** utilrand.String(5): kubectl's name suffix alphabet (no vowels, no confusable digits). */
export function nameSuffix(k: Kctx): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from({ length: 5 }, () => alphabet[randomInt(k.ctx.world.rng, 0, alphabet.length - 1)]).join('');
}

/** The profile's securityContext for the debug container (profiles.go). */
export function profileSecurity(profile: string): Record<string, unknown> | undefined {
  if (profile === 'netadmin') return { capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } };
  if (profile === 'sysadmin') return { privileged: true };
  if (profile === 'restricted') return { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
  return undefined;
}

/** Complete and Validate: the options, or kubectl's message. */
function options(k: Kctx, words: string[]): DebugOptions | string {
  const f = k.args;
  const setImages = new Map<string, string>();
  for (const v of f.flags.get('set-image') ?? []) {
    for (const pair of v.split(',')) {
      const eq = pair.indexOf('=');
      if (eq < 0) return `invalid argument "${v}" for "--set-image" flag: ${pair} must be formatted as key=value`;
      setImages.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  const interactive = flagBool(f, 'stdin');
  const attachGiven = flagValue(f, 'attach');
  const o: DebugOptions = {
    names: words, args: f.rest ?? [], profile: flagValue(f, 'profile') ?? 'legacy', interactive, tty: flagBool(f, 'tty'),
    attach: attachGiven === undefined ? interactive : attachGiven !== 'false', quiet: flagBool(f, 'quiet'), argsOnly: flagBool(f, 'arguments-only'), setImages,
    ...(flagValue(f, 'image') ? { image: flagValue(f, 'image')! } : {}),
    ...(flagValue(f, 'container') ? { container: flagValue(f, 'container')! } : {}),
    ...(flagValue(f, 'copy-to') ? { copyTo: flagValue(f, 'copy-to')! } : {}),
    ...(flagValue(f, 'target') ? { target: flagValue(f, 'target')! } : {}),
  };
  if (!PROFILES.includes(o.profile)) return `unknown profile: ${o.profile}`;
  if (o.attach && attachGiven !== undefined && !o.image && !o.container) return 'you must specify --container or create a new container using --image in order to attach.';
  if (o.copyTo) {
    if (!o.image && !setImages.size && !o.args.length) return 'you must specify --image, --set-image or command arguments.';
    if (o.args.length && !o.container && !o.image) return 'you must specify an existing container or a new image when specifying args.';
  } else if (flagBool(f, 'replace')) return '--replace may only be used with --copy-to.';
  else if (flagBool(f, 'same-node')) return '--same-node may only be used with --copy-to.';
  else if (setImages.size) return '--set-image may only be used with --copy-to.';
  else if (!o.image) return 'you must specify --image when not using --copy-to.';
  if (o.image && !IMAGE.test(o.image)) return `invalid image name "${o.image}": invalid reference format`;
  if (!o.names.length) return 'NAME or filename is required for debug';
  const policy = flagValue(f, 'image-pull-policy') ?? '';
  if (!['Always', 'IfNotPresent', 'Never', ''].includes(policy)) return `invalid image pull policy: ${policy}`;
  for (const [name, image] of setImages) if (!IMAGE.test(image)) return `invalid image name "${image}" for container "${name}": invalid reference format`;
  if (o.target) {
    if (o.copyTo) return '--target is incompatible with --copy-to. Use --share-processes instead.';
    if (!o.quiet) k.ctx.stdout.write(`Targeting container "${o.target}". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
  }
  if (o.tty && !o.interactive) return '-i/--stdin is required for containers with -t/--tty=true';
  if (o.profile === 'legacy' && !o.quiet) k.ctx.stderr.write('--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n');
  return o;
}

/** The debug container's fields shared by every mode. */
function containerFields(o: DebugOptions, name: string): Record<string, unknown> {
  const sc = profileSecurity(o.profile);
  return {
    name, image: o.image, ...(o.args.length ? { [o.argsOnly ? 'args' : 'command']: o.args } : {}), resources: {}, ...(sc ? { securityContext: sc } : {}),
    ...(o.interactive ? { stdin: true } : {}), terminationMessagePolicy: 'File', ...(o.tty ? { tty: true } : {}),
  };
}

/** A name for the debug container not taken in `pod` (computeDebugContainerName). */
function debugName(k: Kctx, o: DebugOptions, pod: KubeObject): string {
  if (o.container) return o.container;
  const spec = pod.spec as { containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] };
  const taken = new Set([...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name));
  let name = '';
  while (!name || taken.has(name)) name = `debugger-${nameSuffix(k)}`;
  if (!o.quiet) k.ctx.stdout.write(`Defaulting debug container name to ${name}.\n`);
  return name;
}

/** `kubectl debug`. */
export async function runDebug(k: Kctx, words: string[]): Promise<number> {
  const o = options(k, words);
  if (typeof o === 'string') return fail(k, o);
  for (const target of o.names) {
    const slash = target.indexOf('/');
    const [type, name] = slash >= 0 ? [target.slice(0, slash), target.slice(slash + 1)] : ['pods', target];
    const kind = resource(k, type);
    if (!kind) return 1;
    const obj = getObject(k.cluster, kind.kind, kind.namespaced ? k.ns : undefined, name);
    if (!obj) { printApiError(k, notFound(kind.kind, name)); return 1; }
    if (kind.kind === 'Node') return debugNode(k, o, obj);
    if (kind.kind !== 'Pod') return fail(k, `"${kind.apiVersion.includes('/') ? kind.apiVersion : `/${kind.apiVersion}`}, Kind=${kind.kind}" not supported by debug`);
    const status = o.copyTo ? await debugByCopy(k, o, obj) : await debugEphemeral(k, o, obj);
    if (status !== 0) return status;
  }
  return 0;
}

async function debugEphemeral(k: Kctx, o: DebugOptions, pod: KubeObject): Promise<number> {
  const name = debugName(k, o, pod);
  const added = { ...containerFields(o, name), ...(o.target ? { targetContainerName: o.target } : {}) };
  const r = updateEphemeralContainers(k.ctx.world, pod.metadata.namespace!, pod.metadata.name, added);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  await settle(k);
  return o.attach ? attachDebugContainer(k, pod.metadata.name, name, o.tty, o.args, 'ephemeral') : 0;
}

async function debugNode(k: Kctx, o: DebugOptions, node: KubeObject): Promise<number> {
  const cn = o.container ?? 'debugger';
  const pn = `node-debugger-${node.metadata.name}-${nameSuffix(k)}`;
  if (!o.quiet) k.ctx.stdout.write(`Creating debugging pod ${pn} with container ${cn} on node ${node.metadata.name}.\n`);
  const container = { ...containerFields(o, cn), volumeMounts: [{ mountPath: '/host', name: 'host-root' }] };
  const pod: KubeObject = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: pn, namespace: k.ns } as KubeObject['metadata'],
    spec: {
      containers: [container], hostIPC: true, hostNetwork: true, hostPID: true, nodeName: node.metadata.name, restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }], volumes: [{ hostPath: { path: '/' }, name: 'host-root' }],
    },
  };
  const r = createObject(k.ctx.world, pod);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  await settle(k);
  return o.attach ? attachDebugContainer(k, pn, cn, o.tty, o.args, 'node') : 0;
}

async function debugByCopy(k: Kctx, o: DebugOptions, pod: KubeObject): Promise<number> {
  const spec = structuredClone(pod.spec) as Record<string, unknown> & { containers: Record<string, unknown>[]; nodeName?: string; ephemeralContainers?: unknown };
  delete spec.ephemeralContainers;
  if (!flagBool(k.args, 'same-node')) delete spec.nodeName;
  if (k.args.flags.has('share-processes')) spec.shareProcessNamespace = flagBool(k.args, 'share-processes');
  for (const c of spec.containers) {
    const img = o.setImages.get(String(c.name)) ?? o.setImages.get('*');
    if (img) c.image = img;
  }
  let name = o.container ?? '';
  let c = spec.containers.find((x) => x.name === name);
  if (!c) {
    if (!o.image) {
      if (!o.setImages.size) return fail(k, 'you must specify image when creating new container');
      name = '';
    } else {
      name = debugName(k, o, { ...pod, spec });
      c = { name, terminationMessagePolicy: 'File' };
      spec.containers.push(c);
    }
  }
  if (c) {
    if (o.args.length && o.argsOnly) c.args = o.args;
    else if (o.args.length) { c.command = o.args; delete c.args; }
    if (o.image) c.image = o.image;
    if (o.interactive) c.stdin = true; else delete c.stdin;
    if (o.tty) c.tty = true; else delete c.tty;
    const sc = profileSecurity(o.profile);
    if (sc) c.securityContext = sc;
  }
  const m = pod.metadata;
  const copy: KubeObject = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: o.copyTo!, namespace: m.namespace, ...(m.labels ? { labels: { ...m.labels } } : {}), ...(m.annotations ? { annotations: { ...m.annotations } } : {}) } as KubeObject['metadata'],
    spec,
  };
  const r = createObject(k.ctx.world, copy);
  if (!r.ok) { printApiError(k, r.error); return 1; }
  if (flagBool(k.args, 'replace')) deleteObject(k.ctx.world, 'Pod', m.namespace, m.name);
  await settle(k);
  return o.attach && name ? attachDebugContainer(k, o.copyTo!, name, o.tty, o.args, 'copy') : 0;
}
