/**
 * The processes a machine's `ps` (and `ss -p`) sees, derived from the world: nothing here is
 * stored. A node runs its init, containerd and the kubelet as host daemons, the processes its
 * host daemon listeners name (kube-apiserver, kube-proxy), and, in the host pid namespace,
 * every container of its pods (behind a containerd-shim and the pod's pause process). A
 * container has a pid namespace of its own (the runtime's default, no shareProcessNamespace):
 * its main process is pid 1.
 *
 * Pids are derived, never kept: host pids from the container id (random per container, so
 * stable while it runs), the daemons' from fixed small numbers as early boot gives them.
 * Simplified: no kernel threads, one process per container (nginx's workers are not listed),
 * and the shell that runs `ps` is not listed as the caller's ancestors would be.
 */
import { machineEnv, type Machine, type World } from '../../../fabric/world.ts';
import type { Listener } from '../../../net/types.ts';
import { imageBehaviour } from '../../../cluster/images.ts';
import type { ClusterState, KubeObject, PodRuntime } from '../../../cluster/types.ts';

/** One process as ps prints it. */
export interface Proc {
  pid: number;
  ppid: number;
  user: string;
  /** The command line (`/proc/PID/cmdline` joined with spaces). */
  args: string;
  /** The short name (`/proc/PID/comm`, 15 characters at most), what `ss -p` quotes. */
  comm: string;
  /** Virtual ms the process started. */
  start: number;
}

/** The command line each modelled image's entrypoint runs when the pod gives no `command`. */
const ENTRYPOINT: Readonly<Record<string, readonly string[]>> = {
  nginx: ['nginx: master process nginx -g daemon off;'],
  'traefik/whoami': ['/whoami'],
  agnhost: ['/agnhost'],
  'hashicorp/http-echo': ['/http-echo'],
  'flannel/flannel': ['/opt/bin/flanneld'],
  'kube-proxy': ['/usr/local/bin/kube-proxy'],
  busybox: ['sh'],
  'nicolaka/netshoot': ['zsh'],
  'coredns/coredns': ['/coredns'],
  'ingress-nginx/controller': ['/nginx-ingress-controller'],
};

/** comm is the executable's base name, cut to TASK_COMM_LEN - 1 (15) as the kernel does. */
const commOf = (args: string): string => {
  if (args.startsWith('nginx: ')) return 'nginx';
  const first = args.split(' ')[0] ?? '';
  return first.slice(first.lastIndexOf('/') + 1).slice(0, 15);
};

const hostPid = (containerId: string, salt: number): number => 1000 + ((parseInt(containerId.slice(0, 6), 16) || 0) * 7 + salt) % 60000;

interface EnvVar {
  name: string;
  valueFrom?: { fieldRef?: { fieldPath?: string } };
}

interface ContainerProc {
  pod: KubeObject;
  rt: PodRuntime;
  container: string;
  machine: string;
  args: string;
  hostPid: number;
}

/** The main process of every running container the cluster has, with its host pid. */
function containerProcs(world: World): ContainerProc[] {
  const c: ClusterState | undefined = world.cluster;
  if (!c) return [];
  const out: ContainerProc[] = [];
  for (const [key, rt] of c.pods) {
    const pod = c.objects.get('Pod')?.get(key);
    // A finished pod's processes have exited (its sandbox is gone).
    if (!pod || rt.stopped) continue;
    const spec = pod.spec as { containers?: { name: string; image: string; command?: string[]; args?: string[]; env?: EnvVar[] }[] };
    for (const cr of rt.containers) {
      const ct = spec.containers?.find((x) => x.name === cr.name);
      const img = imageBehaviour(cr.image);
      if (!ct || !img || !cr.containerId) continue;
      // The kubelet expands $(VAR) in command and args from the container's environment and
      // leaves a reference it cannot resolve as written (kubelet's expansion.Expand).
      const m = world.machines.get(cr.machine);
      const env = m ? machineEnv(m) : new Map<string, string>();
      // The downward API's fields the kubelet fills in (fieldRef).
      const fields: Record<string, string> = { 'spec.nodeName': rt.node, 'status.podIP': rt.ip, 'metadata.name': pod.metadata.name, 'metadata.namespace': pod.metadata.namespace ?? '' };
      for (const e of ct.env ?? []) {
        const f = e.valueFrom?.fieldRef?.fieldPath;
        if (f !== undefined && fields[f] !== undefined) env.set(e.name, fields[f]);
      }
      const expand = (a: string) => a.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, n: string) => env.get(n) ?? all);
      const argv = [...(ct.command ?? ENTRYPOINT[img.name] ?? [img.name]), ...(ct.args ?? [])].map(expand);
      out.push({ pod, rt, container: cr.name, machine: cr.machine, args: argv.join(' '), hostPid: hostPid(cr.containerId, 0) });
    }
  }
  return out;
}

const startOf = (o: KubeObject, world: World): number => Math.max(0, Date.parse(o.metadata.creationTimestamp) - world.clock.epochMs);

/** The processes visible on `m`, by pid. */
export function machineProcesses(world: World, m: Machine): Proc[] {
  const procs = containerProcs(world);
  if (m.kind === 'pod') {
    const me = procs.find((p) => p.machine === m.name);
    const eph = me ? undefined : ephemeralProc(world, m);
    if (eph) return [eph];
    // A scenario's own pod-like machine (the reference lab's) runs its servers only.
    if (!me) return serverProcesses(world, m);
    return [{ pid: 1, ppid: 0, user: 'root', args: me.args, comm: commOf(me.args), start: startOf(me.pod, world) }];
  }
  if (m.kind !== 'node') return serverProcesses(world, m);
  const nodeName = [...(world.cluster?.nodes ?? new Map()).entries()].find(([, n]) => n.machine === m.name)?.[0];
  const out: Proc[] = [
    { pid: 1, ppid: 0, user: 'root', args: '/sbin/init', comm: 'systemd', start: 0 },
    { pid: 412, ppid: 1, user: 'root', args: '/usr/bin/containerd', comm: 'containerd', start: 0 },
    { pid: 689, ppid: 1, user: 'root', args: '/usr/bin/kubelet --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock', comm: 'kubelet', start: 0 },
  ];
  const ns = world.netns.get(m.netns);
  if (ns?.listeners.some((l) => l.serve.params.process === 'kube-apiserver')) {
    out.push({ pid: 655, ppid: 1, user: 'root', args: 'kube-apiserver --advertise-address=' + (world.cluster?.nodes.get(nodeName ?? '')?.ip ?? '') + ' --secure-port=6443', comm: 'kube-apiserver', start: 0 });
  }
  for (const p of procs) {
    if (p.rt.node !== nodeName) continue;
    const started = startOf(p.pod, world);
    const shim = hostPid(p.rt.sandboxId, 1);
    if (!out.some((x) => x.pid === shim)) {
      out.push({ pid: shim, ppid: 1, user: 'root', args: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${p.rt.sandboxId} -address /run/containerd/containerd.sock`, comm: 'containerd-shim', start: started });
      out.push({ pid: hostPid(p.rt.sandboxId, 2), ppid: shim, user: '65535', args: '/pause', comm: 'pause', start: started });
    }
    out.push({ pid: p.hostPid, ppid: shim, user: 'root', args: p.args, comm: commOf(p.args), start: started });
  }
  return out.sort((a, b) => a.pid - b.pid);
}

/**
 * An ephemeral container (`kubectl debug`) has a pid namespace of its own: its command (the
 * image's shell when none) is pid 1. With --target the runtime would share the target's pid
 * namespace; the sandbox does not model that.
 */
function ephemeralProc(world: World, m: Machine): Proc | undefined {
  for (const [key, rt] of world.cluster?.pods ?? []) {
    const cr = rt.ephemeral?.find((c) => c.machine === m.name);
    if (!cr) continue;
    const spec = (world.cluster!.objects.get('Pod')?.get(key)?.spec as { ephemeralContainers?: { name: string; command?: string[] }[] } | undefined)?.ephemeralContainers?.find((e) => e.name === cr.name);
    const args = (spec?.command ?? [ENTRYPOINT[imageBehaviour(cr.image)?.name ?? '']?.[0] ?? 'sh']).join(' ');
    return { pid: 1, ppid: 0, user: 'root', args, comm: commOf(args), start: 0 };
  }
  return undefined;
}

/** Programs a scenario starts on a bare host or an outside server, and the command line they run. */
const SERVER_PROGRAM: Readonly<Record<string, { comm: string; args: string }>> = {
  // The reference lab's server: `python3 -c "$SERVER_PY" LABEL PORT` (reference-lab/lab.sh).
  'python-http': { comm: 'python3', args: '/usr/bin/python3 -c <http.server> ' },
  'dns-resolver': { comm: 'dnsmasq', args: '/usr/sbin/dnsmasq --keep-in-foreground' },
};

/** A bare host's or outside server's processes: init and one per scenario server. */
function serverProcesses(world: World, m: Machine): Proc[] {
  const ns = world.netns.get(m.netns);
  const out: Proc[] = [{ pid: 1, ppid: 0, user: 'root', args: '/sbin/init', comm: 'systemd', start: 0 }];
  for (const l of ns?.listeners ?? []) {
    const prog = SERVER_PROGRAM[l.serve.app];
    if (!prog || l.serve.params.daemon !== undefined || l.serve.params.machine !== undefined) continue;
    out.push({ pid: 200 + l.port % 800, ppid: 1, user: 'root', args: prog.args + `${l.serve.params.name ?? ''} ${l.port}`.trim(), comm: prog.comm, start: 0 });
  }
  return out;
}

/** Who holds a listening socket, as `ss -p` finds it through /proc/PID/fd of the visible processes. */
export interface SocketUser {
  comm: string;
  pid: number;
  fd: number;
}

/**
 * The process that owns listener `l` of the namespace `m` stands in, if `m` can see it: a
 * container sees only its own processes, a node all of them. The fd is the listener's order
 * among the process's sockets after stdin, stdout and stderr (real programs open a few more
 * files first: a simplification).
 */
export function listenerUser(world: World, m: Machine, l: Listener, all: readonly Listener[]): SocketUser | undefined {
  const procs = machineProcesses(world, m);
  const params = l.serve.params;
  let proc: Proc | undefined;
  let same: (x: Listener) => boolean;
  if (params.daemon === 'host') {
    proc = procs.find((p) => p.comm === params.process);
    same = (x) => x.serve.params.process === params.process;
  } else if (params.machine !== undefined) {
    const cp = containerProcs(world).find((p) => p.machine === params.machine);
    proc = m.kind === 'pod' ? (m.name === params.machine ? procs[0] : undefined) : procs.find((p) => p.pid === cp?.hostPid);
    same = (x) => x.serve.params.machine === params.machine;
  } else {
    const prog = SERVER_PROGRAM[l.serve.app];
    proc = prog ? procs.find((p) => p.comm === prog.comm && p.args.endsWith(` ${l.port}`)) : undefined;
    same = (x) => x === l;
  }
  if (!proc) return undefined;
  return { comm: proc.comm, pid: proc.pid, fd: 3 + all.filter(same).indexOf(l) };
}
