/**
 * The kubelet and its container runtime, one per node: starts the pods bound to its node
 * (the pause container creates the pod's network namespace, registered on the node as
 * `/run/netns/cni-<uuid>`; CNI ADD wires it; each container becomes a machine a shell can
 * enter, with its image's binaries, files and the servers its image starts) and tears down
 * pods that were deleted (CNI DEL, namespace gone). It reports pod status (phase, IPs,
 * conditions, container states) as the real kubelet does.
 */
import type { Machine, World } from '../../fabric/world.ts';
import { createNetns, deleteNetns } from '../../net/netns.ts';
import { linkByName } from '../../net/link.ts';
import { setLinkUp } from '../../net/link-state.ts';
import type { Netns } from '../../net/types.ts';
import { maskOf, parseCidr, formatIpv4 } from '../../wire/index.ts';
import { sandboxDown, sandboxUp } from './sandbox-network.ts';
import { hasChain, KUBELET_RULES, restoreNoflush } from './node-rules.ts';
import { randomHex, uuid } from '../ids.ts';
import { imageBehaviour } from '../images.ts';
import { advancePulls, pullWaiting } from './image-pull.ts';
import { advanceCrashLoops, backOffEvent, crashLoopWaiting, podPhase, restartPolicyOf, restarts, terminated } from './container-exit.ts';
import { containerStartEvents, pullBackOffEvents } from './pod-events.ts';
import { formatResolvConf, podResolvConf, type PodDnsConfig } from '../dns/resolv-conf.ts';
import { getObject, listObjects, nowStamp, updateObject, keyOf } from '../store.ts';
import { POD_ENV_PROVIDERS } from './pod-env.ts';
import type { ClusterState, ContainerRuntime, ContainerSpec, KubeObject, Pod, PodRuntime } from '../types.ts';
import { containerCapabilities, type ContainerSecurity } from '../../fabric/capabilities.ts';
import { initStatuses, runInitContainers, type InitOutcome } from '../mesh/init-containers.ts';
import { startEphemeralContainers } from './ephemeral-containers.ts';

/** The cluster DNS address kubelet writes into pods (`--cluster-dns`): the service range's 10th address. */
export function clusterDns(c: ClusterState): string {
  const svc = getObject(c, 'Service', 'kube-system', 'kube-dns');
  const ip = (svc?.spec as { clusterIP?: string } | undefined)?.clusterIP;
  if (ip) return ip;
  const r = parseCidr(c.config.serviceCidr)!;
  return formatIpv4(((r.addr & maskOf(r.len)) + 10) >>> 0);
}

/** The machine name of a pod's container. */
export const containerMachineName = (ns: string, pod: string, container: string): string => `${ns}/${pod}/${container}`;

/** The node's root namespace, through its machine. */
export function nodeNetns(world: World, c: ClusterState, node: string): Netns | undefined {
  const rt = c.nodes.get(node);
  const m = rt ? world.machines.get(rt.machine) : undefined;
  return m ? world.netns.get(m.netns) : undefined;
}

/**
 * Pods the kubelets start in one sync, between them. Real kubelets start pods in parallel
 * pod workers; the sandbox starts them one by one, so a huge deployment (hundreds of
 * sandboxes, each with its CNI ADD) is spread over rounds and one controller call stays short
 * (reconcile.ts gives the host turns between calls). Fewer pods start at once in every lesson.
 */
export const STARTS_PER_SYNC = 100;

/** Starts new pods, stops deleted ones, reports status; 'more' when pods wait for the next sync. */
export function reconcileKubelet(c: ClusterState, world: World): boolean | 'more' {
  let changed = false;
  for (const n of listObjects(c, 'Node')) {
    const ns = nodeNetns(world, c, n.metadata.name);
    if (ns && !hasChain(ns, 'filter', 'KUBE-FIREWALL')) { restoreNoflush(world, ns, KUBELET_RULES); changed = true; }
  }
  for (const [key, rt] of [...c.pods]) {
    const [ns, name] = key.split('/') as [string, string];
    const p = getObject(c, 'Pod', ns, name);
    if (!p || p.metadata.uid !== rt.uid || (p.spec as Pod['spec']).nodeName !== rt.node || !getObject(c, 'Node', undefined, rt.node)) {
      stopPod(world, c, key, rt);
      changed = true;
    } else if (!rt.stopped && isTerminal(p)) {
      stopSandbox(world, c, key, rt, p);
      changed = true;
    }
  }
  for (const [key, rt] of c.pods) if (rt.pullFailedAt) syncPulls(world, c, key, rt);
  for (const [key, rt] of c.pods) {
    const p = rt.crashLoopSince ? c.objects.get('Pod')?.get(key) : undefined;
    if (p) advanceCrashLoops(world, p, rt, imageRef);
  }
  for (const [key, rt] of c.pods) {
    const p = rt.stopped ? undefined : c.objects.get('Pod')?.get(key);
    if (p && startEphemeralContainers(world, p, rt, imageRef)) changed = true;
  }
  let starts = 0;
  for (const p of listObjects(c, 'Pod')) {
    const node = (p.spec as Pod['spec']).nodeName;
    const key = keyOf(p.metadata.namespace, p.metadata.name);
    // A pod bound to a deleted Node waits for PodGC: its kubelet no longer syncs it.
    if (!node || c.pods.has(key) || !c.nodes.has(node) || !getObject(c, 'Node', undefined, node)) continue;
    if (starts === STARTS_PER_SYNC) return 'more';
    // Only a pod that started counts: pods that cannot start yet never hold up the loop.
    if (startPod(world, c, p, node)) {
      changed = true;
      starts++;
    } else writeCreating(world, p, c.nodes.get(node)!.ip);
  }
  return changed;
}

/** The kubelet's next sync of a pod whose pulls failed: ErrImagePull becomes ImagePullBackOff. */
function syncPulls(world: World, c: ClusterState, key: string, rt: PodRuntime): void {
  const [ns, name] = key.split('/') as [string, string];
  const p = getObject(c, 'Pod', ns, name);
  const st = p?.status as { containerStatuses?: { name: string; state?: { waiting?: { reason?: string } } }[] } | undefined;
  if (!p || !st?.containerStatuses) return;
  const statuses = structuredClone(st.containerStatuses);
  const image = (n: string) => {
    const ct = (p.spec as Pod['spec']).containers.find((x) => x.name === n);
    return ct ? { image: ct.image, ref: imageRef(ct.image) } : undefined;
  };
  const before = statuses.map((x) => x.state?.waiting?.reason);
  if (!advancePulls(rt, statuses, image, world.clock.ms)) return;
  updateObject(world, { ...p, status: { ...st, containerStatuses: statuses } });
  statuses.forEach((x, i) => { if (x.state?.waiting?.reason === 'ImagePullBackOff' && before[i] !== 'ImagePullBackOff') pullBackOffEvents(world, p, rt.node, x.name, image(x.name)?.image ?? ''); });
}

const isTerminal = (p: KubeObject): boolean => ['Succeeded', 'Failed'].includes(String((p.status as { phase?: string } | undefined)?.phase));

function stopPod(world: World, c: ClusterState, key: string, rt: PodRuntime): void {
  if (!rt.stopped) tearDown(world, c, key, rt);
  c.pods.delete(key);
}

/**
 * A pod that has finished: the kubelet kills its sandbox (kuberuntime killPodWithSyncResult,
 * StopPodSandbox: CNI DEL, the address back to the pool) and reports it no longer ready to
 * start containers; the pod object, its status and its logs stay.
 */
function stopSandbox(world: World, c: ClusterState, key: string, rt: PodRuntime, p: KubeObject): void {
  tearDown(world, c, key, rt);
  rt.stopped = true;
  const st = (p.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string }[] };
  const conditions = (st.conditions ?? []).map((x) => (x.type === 'PodReadyToStartContainers' ? { ...x, status: 'False', lastTransitionTime: nowStamp(world) } : x));
  updateObject(world, { ...p, status: { ...st, conditions } });
}

/** The sandbox's machines and network: the namespace and its CNI wiring, or a host-network pod's sockets. */
function tearDown(world: World, c: ClusterState, key: string, rt: PodRuntime): void {
  for (const ct of [...rt.containers, ...(rt.ephemeral ?? [])]) world.machines.delete(ct.machine);
  const node = c.nodes.get(rt.node);
  const nodeNs = nodeNetns(world, c, rt.node);
  if (rt.hostVeth || rt.netnsName) {
    const machine = node ? world.machines.get(node.machine) : undefined;
    if (machine && nodeNs) sandboxDown(world, machine, nodeNs, key, rt);
    machine?.namedNetns.delete(rt.netnsName);
    deleteNetns(world, rt.netns);
  } else {
    const ns = world.netns.get(rt.netns);
    if (ns) ns.listeners = ns.listeners.filter((l) => l.serve.params.pod !== key);
  }
}

function startPod(world: World, c: ClusterState, p: KubeObject, nodeName: string): boolean {
  const node = c.nodes.get(nodeName)!;
  const nodeMachine = world.machines.get(node.machine);
  const nodeNs = nodeNetns(world, c, nodeName);
  if (!nodeMachine || !nodeNs) return false;
  const spec = p.spec as Pod['spec'];
  const key = keyOf(p.metadata.namespace, p.metadata.name);
  const sandboxId = randomHex(world.rng, 64);
  let netns: Netns;
  let ip: string;
  let netnsName = '';
  let hostVeth = '';
  let network: PodRuntime['network'];
  if (spec.hostNetwork) {
    netns = nodeNs;
    ip = node.ip;
  } else {
    netnsName = `cni-${uuid(world.rng)}`;
    // A pod shares its node's kernel, so it sees the node's modules (br_netfilter's sysctls).
    netns = createNetns(world, netnsName, nodeNs.kernelModules);
    setLinkUp(world, netns, linkByName(netns, 'lo')!, true);
    nodeMachine.namedNetns.set(netnsName, netns.id);
    const up = sandboxUp(world, nodeMachine, nodeNs, p, nodeName, { netnsName, sandboxId, portMappings: portMappings(spec) });
    if (!up.ok) {
      nodeMachine.namedNetns.delete(netnsName);
      deleteNetns(world, netns.id);
      return false;
    }
    ({ ip, hostVeth, network } = up.value);
  }
  const rt: PodRuntime = { uid: p.metadata.uid, node: nodeName, netns: netns.id, netnsName, hostVeth, ip, sandboxId, containers: [], ...(network ? { network } : {}) };
  c.pods.set(key, rt);
  const env = providedEnv(c, p);
  const inits = runInitContainers(world, netns, (spec.initContainers as ContainerSpec[] | undefined) ?? []);
  const initIds = inits.map(() => randomHex(world.rng, 64));
  if (inits.length) rt.initContainers = inits.map((o, i) => ({ name: o.name, image: o.image, machine: '', containerId: initIds[i]!, logs: [] }));
  if (inits.some((o) => !o.ok)) {
    writeInitFailed(world, p, rt, node.ip, inits, initIds);
    return true;
  }
  const statuses = spec.containers.map((ct) => startContainer(world, c, p, rt, netns, ct, env));
  writeStatus(world, c, p, rt, node.ip, statuses, initStatuses(inits, initIds, imageRef, nowStamp(world)));
  return true;
}

/** The runtime's portMappings: every container port with a hostPort (kuberuntime's makePortMappings), protocol in lower case. */
function portMappings(spec: Pod['spec']): Record<string, unknown>[] {
  return spec.containers.flatMap((ct) => (ct.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0).map((p) => ({
    hostPort: p.hostPort!, containerPort: p.containerPort, protocol: (p.protocol ?? 'TCP').toLowerCase(), ...(p.hostIP ? { hostIP: p.hostIP } : {}),
  })));
}

/** The providers' variables for `p`: one provider's shared list as it is, several merged. */
function providedEnv(c: ClusterState, p: KubeObject): readonly string[] {
  const lists = POD_ENV_PROVIDERS.map((f) => f(c, p)).filter((l) => l.length > 0);
  if (lists.length <= 1) return lists[0] ?? [];
  const merged = new Map<string, string>();
  for (const l of lists) for (let i = 0; i + 1 < l.length; i += 2) merged.set(l[i]!, l[i + 1]!);
  return [...merged].flat();
}

/** A container's start: running, or exited with `exitCode` (then restarted or not, per restartPolicy), or no pull. */
interface ContainerStart { name: string; image: string; id: string; running: boolean; exitCode?: number; reason?: string }

function startContainer(world: World, c: ClusterState, p: KubeObject, rt: PodRuntime, netns: Netns,
  ct: Pod['spec']['containers'][number], extraEnv: readonly string[]): ContainerStart {
  const ns = p.metadata.namespace!;
  const img = imageBehaviour(ct.image);
  const id = randomHex(world.rng, 64);
  if (!img) {
    // The pull failed: no container is created (image-pull.ts).
    rt.pullFailedAt = { ...rt.pullFailedAt, [ct.name]: world.clock.ms };
    return { name: ct.name, image: ct.image, id: '', running: false, reason: 'ErrImagePull' };
  }
  const args = [...(ct.args ?? [])];
  const command = [...(ct.command ?? [])];
  const machineName = containerMachineName(ns, p.metadata.name, ct.name);
  // The runtime's variables, then the Service variables (held by reference: machineEnv puts
  // them after these three), then the container's own `env:`, which wins over either.
  const env = new Map<string, string>([
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', p.metadata.name],
    ['HOME', '/root'],
    ...(ct.env ?? []).filter((e) => e.value !== undefined).map((e) => [e.name, e.value!] as [string, string]),
  ]);
  const files = new Map<string, string>([
    ['/etc/hostname', `${p.metadata.name}\n`],
    ['/etc/hosts', (p.spec as Pod['spec']).hostNetwork ? world.machines.get(c.nodes.get(rt.node)?.machine ?? '')?.files.get('/etc/hosts') ?? hostsFile(rt.ip, p) : hostsFile(rt.ip, p)],
    ['/etc/resolv.conf', resolvConf(c, ns, p, world.machines.get(c.nodes.get(rt.node)?.machine ?? '')?.files.get('/etc/resolv.conf') ?? '')],
  ]);
  const machine: Machine = { name: machineName, hostname: p.metadata.name, kind: 'pod', netns: netns.id, namedNetns: new Map(), files, binaries: [...img.binaries], env,
    ...(extraEnv.length ? { sharedEnv: { vars: extraEnv, at: 3 } } : {}), ...containerCapabilities(ct as ContainerSecurity) };
  world.machines.set(machineName, machine);
  const cr: ContainerRuntime = { name: ct.name, image: ct.image, machine: machineName, containerId: id, logs: [] };
  rt.containers.push(cr);
  // A shell whose stdin is kept open (`stdin: true`, as kubectl debug's and run -i's containers
  // have) waits for input instead of exiting: the command's, or the image's default shell
  // (which args replace); an entrypoint that is no shell does not read it.
  const isShell = (w: string | undefined) => w !== undefined && ['sh', 'ash', 'bash', 'zsh'].includes(w.split('/').pop()!);
  const shellOnStdin = (ct as { stdin?: boolean }).stdin === true
    && (command.length ? isShell(command[0]) : img.shell === true && (!args.length || isShell(args[0])));
  const exitCode = shellOnStdin ? undefined : img.exit(command, args);
  const running = exitCode === undefined;
  if (running) {
    const stamp = nowStamp(world).replace('T', ' ').replace('Z', '').replace(/-/g, '/');
    cr.logs.push(...img.startLogs(args, { pod: p.metadata.name, stamp }));
    for (const l of img.listeners(args, { pod: p.metadata.name, namespace: ns, container: ct.name })) {
      const params = { ...l.params, pod: `${ns}/${p.metadata.name}`, container: ct.name, machine: machineName, hostname: p.metadata.name, ips: podIps(netns), ...runAs(p, ct) };
      netns.listeners.push({ proto: l.proto, addr: 0, port: l.port, serve: { app: l.app, params } });
    }
  }
  return { name: ct.name, image: ct.image, id, running, ...(running ? {} : { exitCode }) };
}

/**
 * The process's uid and gid (`runAsUser`/`runAsGroup` of the container's securityContext, else
 * the pod's) as app parameters, for the sockets it opens; none when neither says (root).
 */
function runAs(p: KubeObject, ct: Pod['spec']['containers'][number]): Record<string, string> {
  const pick = (f: 'runAsUser' | 'runAsGroup'): unknown =>
    ((ct as { securityContext?: Record<string, unknown> }).securityContext?.[f]) ?? ((p.spec as { securityContext?: Record<string, unknown> }).securityContext?.[f]);
  const uid = pick('runAsUser');
  const gid = pick('runAsGroup');
  return typeof uid === 'number' ? { uid: String(uid), gid: String(typeof gid === 'number' ? gid : uid) } : {};
}

/** The pod's addresses in interface order, as Go's net.InterfaceAddrs lists them (whoami's `IP:` lines). */
function podIps(netns: Netns): string {
  return [...netns.links.keys()].sort((a, b) => a - b).flatMap((i) => netns.addrs.filter((a) => a.ifindex === i)
    .map((a) => (a.family === 'inet' ? formatIpv4(a.addr) : a.addr))).join(',');
}

/** The kubelet-managed /etc/hosts of a pod (pkg/kubelet/kubelet_pods.go managedHostsFileContent). */
function hostsFile(ip: string, p: KubeObject): string {
  return ['# Kubernetes-managed hosts file.', '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix', 'fe00::1\tip6-allnodes', 'fe00::2\tip6-allrouters', `${ip}\t${p.metadata.name}`, ''].join('\n');
}

/** /etc/resolv.conf as the kubelet computes it for the pod's dnsPolicy (dns/resolv-conf.ts). */
function resolvConf(c: ClusterState, ns: string, p: KubeObject, nodeResolv: string): string {
  const spec = p.spec as Pod['spec'] & { dnsConfig?: PodDnsConfig };
  return formatResolvConf(podResolvConf({
    namespace: ns, clusterDNS: clusterDns(c), clusterDomain: c.config.clusterDomain, hostResolvConf: nodeResolv,
    ...(spec.dnsPolicy ? { dnsPolicy: spec.dnsPolicy } : {}), ...(spec.hostNetwork ? { hostNetwork: true } : {}),
    ...(spec.dnsConfig ? { dnsConfig: spec.dnsConfig } : {}),
  }));
}

/**
 * An init container failed: its containers wait in PodInitializing. Under restartPolicy Never
 * the pod has Failed (getPhase); otherwise the kubelet restarts the init container, which
 * fails again, so it waits in CrashLoopBackOff and the pod stays Pending.
 */
function writeInitFailed(world: World, p: KubeObject, rt: PodRuntime, hostIP: string, inits: InitOutcome[], ids: string[]): void {
  const now = nowStamp(world);
  const spec = p.spec as Pod['spec'];
  const policy = restartPolicyOf(p);
  const initContainerStatuses = initStatuses(inits, ids, imageRef, now).map((x, i) => {
    if (inits[i]!.ok || policy === 'Never') return x;
    rt.crashLoopSince = { ...rt.crashLoopSince, [inits[i]!.name]: world.clock.ms };
    return { ...x, lastState: { terminated: (x.state as { terminated: unknown }).terminated }, restartCount: 1, state: { waiting: crashLoopWaiting(p, inits[i]!.name) } };
  });
  updateObject(world, {
    ...p,
    status: {
      phase: podPhase(policy, [], true), hostIP, hostIPs: [{ ip: hostIP }], podIP: rt.ip, podIPs: [{ ip: rt.ip }], startTime: now, qosClass: 'BestEffort',
      initContainerStatuses,
      containerStatuses: spec.containers.map((ct) => ({ name: ct.name, image: imageRef(ct.image), imageID: '', lastState: {}, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'PodInitializing' } } })),
    },
  });
}

function writeStatus(world: World, c: ClusterState, p: KubeObject, rt: PodRuntime, hostIP: string, cs: ContainerStart[], inits: Record<string, unknown>[] = []): void {
  const now = nowStamp(world);
  const policy = restartPolicyOf(p);
  const containerStatuses = cs.map((s) => {
    const base = { image: imageRef(s.image), imageID: '', lastState: {}, name: s.name, ready: s.running, restartCount: 0, started: s.running };
    if (s.reason === 'ErrImagePull') return { ...base, state: { waiting: pullWaiting(s.image, imageRef(s.image), world.clock.ms, world.clock.ms) } };
    const containerID = `containerd://${s.id}`;
    if (s.running) return { ...base, containerID, state: { running: { startedAt: now } } };
    const ended = terminated(s.exitCode ?? 0, containerID, now);
    // Restarted: its first run is the last state, and the kubelet holds the next in back-off.
    return restarts(policy, s.exitCode ?? 0)
      ? { ...base, containerID, lastState: { terminated: ended }, restartCount: 1, state: { waiting: crashLoopWaiting(p, s.name) } }
      : { ...base, containerID, state: { terminated: ended } };
  });
  const phase = podPhase(policy, containerStatuses);
  const allReady = containerStatuses.every((x) => x.ready);
  // pkg/kubelet/status generate.go: a terminal pod's readiness says why (PodCompleted, PodFailed).
  const notReady: Record<string, string> = phase === 'Succeeded' ? { reason: 'PodCompleted' } : phase === 'Failed' ? { reason: 'PodFailed' }
    : { reason: 'ContainersNotReady', message: `containers with unready status: [${containerStatuses.filter((x) => !x.ready).map((x) => x.name).join(' ')}]` };
  const cond = (type: string, ok: boolean, why: Record<string, string> = {}) => ({ type, status: ok ? 'True' : 'False', lastProbeTime: null, lastTransitionTime: now, ...(ok ? {} : why) });
  const status = {
    phase,
    conditions: [cond('PodReadyToStartContainers', true), cond('Initialized', true), cond('Ready', allReady, notReady), cond('ContainersReady', allReady, notReady), cond('PodScheduled', true)],
    hostIP, hostIPs: [{ ip: hostIP }], podIP: rt.ip, podIPs: [{ ip: rt.ip }], startTime: now, qosClass: 'BestEffort',
    ...(inits.length ? { initContainerStatuses: inits } : {}), containerStatuses,
  };
  updateObject(world, { ...p, status });
  containerStartEvents(world, p, rt.node, cs, imageRef);
  for (const x of containerStatuses) {
    if (x.restartCount === 0) continue;
    rt.crashLoopSince = { ...rt.crashLoopSince, [x.name]: world.clock.ms };
    backOffEvent(world, p, rt.node, x.name);
  }
  void c;
}

/**
 * A pod the runtime could not start yet (no podCIDR on the node, addresses exhausted):
 * Pending with its containers waiting in ContainerCreating, as `kubectl get pods` shows it.
 */
function writeCreating(world: World, p: KubeObject, hostIP: string): void {
  const st = (p.status ?? {}) as { containerStatuses?: unknown[]; conditions?: unknown[] };
  if (st.containerStatuses) return;
  const spec = p.spec as Pod['spec'];
  updateObject(world, {
    ...p,
    status: {
      ...st, phase: 'Pending', hostIP, hostIPs: [{ ip: hostIP }], qosClass: 'BestEffort',
      containerStatuses: spec.containers.map((ct) => ({ name: ct.name, image: ct.image, imageID: '', lastState: {}, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } })),
    },
  });
}

/** The fully qualified image reference the runtime reports (`docker.io/library/nginx:latest`). */
export function imageRef(image: string): string {
  let ref = image;
  const first = ref.split('/')[0]!;
  if (!ref.includes('/')) ref = `docker.io/library/${ref}`;
  else if (!/[.:]/.test(first) && first !== 'localhost') ref = `docker.io/${ref}`;
  const tail = ref.split('/').pop()!;
  return tail.includes(':') || tail.includes('@') ? ref : `${ref}:latest`;
}
