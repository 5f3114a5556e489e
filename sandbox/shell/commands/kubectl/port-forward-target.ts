/**
 * What `kubectl port-forward TYPE/NAME PORT...` forwards to, worked out as kubectl v1.31 does
 * before it listens (staging/src/k8s.io/kubectl/pkg/cmd/portforward/portforward.go Complete,
 * polymorphichelpers/attachablepodforobject.go, kubectl/pkg/util/service_port.go and
 * pod_port.go): the object, the one pod behind it (a Service, Deployment or ReplicaSet picks
 * its most active pod, as GetFirstPod sorted by ActivePods does), and each port spec with a
 * Service port turned into the container port its targetPort names, a pod's named port into
 * its number. Errors are kubectl's, word for word.
 */
import { fromLabelSelector, getObject, listObjects, type KubeObject } from '../../../cluster/index.ts';
import { notFound } from '../../../cluster/store.ts';
import { printApiError, resource, type Kctx } from './common.ts';

interface PortSpec { name?: string; containerPort: number; protocol?: string }
interface ServicePort { name?: string; port: number; targetPort?: number | string; protocol?: string }

/** The object named and the pod chosen; a string is kubectl's error (printed after `error: `), or undefined after an API error was printed. */
export interface ForwardTarget {
  object: KubeObject;
  pod?: KubeObject;
}

const containersOf = (pod: KubeObject): { ports?: PortSpec[] }[] => (pod.spec as { containers?: { ports?: PortSpec[] }[] } | undefined)?.containers ?? [];

/** podutils.ActivePods reversed: running and ready first, then the older. */
function mostActive(pods: KubeObject[]): KubeObject | undefined {
  const rank = (p: KubeObject): number => {
    const st = p.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
    const ready = st?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');
    return st?.phase === 'Running' ? (ready ? 0 : 1) : st?.phase === 'Pending' ? 2 : 3;
  };
  return [...pods].sort((a, b) => rank(a) - rank(b) || a.metadata.creationTimestamp.localeCompare(b.metadata.creationTimestamp) || a.metadata.name.localeCompare(b.metadata.name))[0];
}

/**
 * The object `word` names and the pod to forward to. A workload without pods yet leaves `pod`
 * undefined (the caller waits --pod-running-timeout, as GetFirstPod's watch does); a string
 * is an error for `error: `; undefined means an API error was printed.
 */
export function forwardTarget(k: Kctx, word: string): ForwardTarget | string | undefined {
  const slash = word.indexOf('/');
  const [type, name] = slash >= 0 ? [word.slice(0, slash), word.slice(slash + 1)] : ['pods', word];
  if (!name) return 'arguments in resource/name form must have a single resource and name';
  const kind = resource(k, type);
  if (!kind) return undefined;
  const object = getObject(k.cluster, kind.kind, kind.namespaced ? k.ns : undefined, name);
  if (!object) {
    printApiError(k, notFound(kind.kind, name));
    return undefined;
  }
  if (kind.kind === 'Pod') return { object, pod: object };
  if (!['Service', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(kind.kind)) return `cannot attach to *v1.${kind.kind}: not implemented`;
  const raw = (object.spec as { selector?: Record<string, unknown> } | undefined)?.selector;
  let selector = raw as { matchLabels?: Record<string, string> } | undefined;
  if (kind.kind === 'Service') {
    if (!raw || !Object.keys(raw).length) return `invalid service '${name}': Service is defined without a selector`;
    selector = { matchLabels: raw as Record<string, string> };
  }
  const pods = listObjects(k.cluster, 'Pod', k.ns, fromLabelSelector(selector));
  const pod = mostActive(pods);
  return pod ? { object, pod } : { object };
}

/** Splits `[LOCAL:]REMOTE` as kubectl's splitPort does (a third part is ignored here, parsePorts rejects it later). */
function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0]!, parts[1]!] : [parts[0]!, parts[0]!];
}

function containerPortByName(pod: KubeObject, name: string): number | string {
  for (const c of containersOf(pod)) for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  return `Pod '${pod.metadata.name}' does not have a named port '${name}'`;
}

const isInt = (s: string): boolean => /^[+-]?\d+$/.test(s);

/** UDP-only ports of the object are refused (kubectl's checkUDPPortInService/InPod: port-forward carries TCP only). */
function udpOnly(object: KubeObject, pod: KubeObject): Set<number> {
  const udp = new Set<number>();
  const tcp = new Set<number>();
  const add = (n: number, proto: string | undefined) => ((proto ?? 'TCP') === 'UDP' ? udp : proto === 'TCP' || proto === undefined ? tcp : new Set<number>()).add(n);
  if (object.kind === 'Service') for (const p of (object.spec as { ports?: ServicePort[] }).ports ?? []) add(p.port, p.protocol);
  else for (const c of containersOf(pod)) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return new Set([...udp].filter((n) => !tcp.has(n)));
}

/**
 * The port specs with remote ports as numbers in the pod (translateServicePortToTargetPort or
 * convertPodNamedPortToNumber), or kubectl's error.
 */
export function translatePorts(object: KubeObject, pod: KubeObject, specs: string[]): string[] | string {
  const out: string[] = [];
  const svcPorts = object.kind === 'Service' ? ((object.spec as { ports?: ServicePort[] }).ports ?? []) : undefined;
  const udp = udpOnly(object, pod);
  for (const spec of specs) {
    let [local, remote] = splitPort(spec);
    let num: number;
    if (svcPorts) {
      if (isInt(remote)) num = Number(remote);
      else {
        const named = svcPorts.find((p) => p.name === remote);
        if (!named) return `Service '${object.metadata.name}' does not have a named port '${remote}'`;
        num = named.port;
        if (local === remote) local = String(num);
      }
      if (udp.has(num)) return `UDP protocol is not supported for ${remote}`;
      const sp = svcPorts.find((p) => p.port === num);
      if (!sp) return `Service ${object.metadata.name} does not have a service port ${num}`;
      const tp = sp.targetPort;
      const target = tp === undefined || tp === 0 || tp === '' ? sp.port : typeof tp === 'number' ? tp : isInt(tp) ? Number(tp) : containerPortByName(pod, tp);
      if (typeof target === 'string') return target;
      remote = String(target);
    } else {
      if (remote === '') return 'remote port cannot be empty';
      const n = isInt(remote) ? Number(remote) : containerPortByName(pod, remote);
      if (typeof n === 'string') return n;
      if (udp.has(n)) return `UDP protocol is not supported for ${remote}`;
      if (!isInt(remote)) {
        if (local === remote) local = String(n);
        remote = String(n);
      }
    }
    out.push(local !== remote ? `${local}:${remote}` : remote);
  }
  return out;
}

/** One forwarded port pair (client-go's ForwardedPort). */
export interface ForwardedPort { local: number; remote: number }

/** Go's strconv.ParseUint(s, 10, 16) error text, or the value. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`;
  const n = Number(s);
  return n > 65535 ? `strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range` : n;
}

/** client-go portforward.parsePorts: `5000`, `8888:5000`, `:5000` / `0:5000` (a random local port). */
export function parsePorts(specs: string[]): ForwardedPort[] | string {
  const out: ForwardedPort[] = [];
  for (const spec of specs) {
    const parts = spec.split(':');
    if (parts.length > 2) return `invalid port format '${spec}'`;
    const localText = parts.length === 1 ? parts[0]! : parts[0] || '0';
    const remoteText = parts.length === 1 ? parts[0]! : parts[1]!;
    const local = parseUint16(localText);
    if (typeof local === 'string') return `error parsing local port '${localText}': ${local}`;
    const remote = parseUint16(remoteText);
    if (typeof remote === 'string') return `error parsing remote port '${remoteText}': ${remote}`;
    if (remote === 0) return 'remote port must be > 0';
    out.push({ local, remote });
  }
  return out;
}
