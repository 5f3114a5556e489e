/**
 * Table columns per kind, as kubectl's server-side printing (pkg/printers/internalversion)
 * defines them: the default columns and the extra `-o wide` ones. Cells are derived from the
 * stored objects only.
 */
import type { World } from '../../../fabric/world.ts';
import { wallDate } from '../../../core/index.ts';
import type { KubeObject, LabelSelector } from '../../../cluster/types.ts';
import { humanDuration } from './table.ts';
import { formatLabelSelector } from './describe-helpers.ts';

/** Columns for one kind. */
export interface Printer {
  headers: string[];
  wideHeaders: string[];
  row(o: KubeObject, world: World): string[];
  wide(o: KubeObject, world: World): string[];
  /**
   * Where `-o wide`'s columns go among the default ones, when not all at the end (the
   * server's column definitions can interleave them, as printEvent's do); header and rows alike.
   */
  arrange?(cells: string[], wide: string[]): string[];
}

import { eventPrinter } from './events-view.ts';

type Obj = Record<string, unknown>;
const arr = <T = Obj>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** Time since the object was created, as the AGE column shows it. */
export const age = (o: KubeObject, world: World): string =>
  humanDuration(wallDate(world.clock).getTime() - Date.parse(o.metadata.creationTimestamp));

const labelsText = (m: Record<string, string> | undefined): string => {
  const e = Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
};

/** `--show-labels` cell. */
export const labelsCell = (o: KubeObject): string => labelsText(o.metadata.labels);

interface StatusView { ready?: boolean; restartCount?: number; state?: { running?: Obj; waiting?: { reason?: string }; terminated?: { reason?: string; exitCode?: number; signal?: number } }; lastState?: { terminated?: { finishedAt?: string } } }

/**
 * The READY, STATUS and RESTARTS cells of a pod (pkg/printers/internalversion printPod): the
 * phase (or status.reason), overridden by the first init container that has not succeeded
 * (`Init:Error`, `Init:CrashLoopBackOff`, `Init:0/1`), else by the first container's waiting
 * or terminated reason (`Completed`, `Error`, `CrashLoopBackOff`; `ExitCode:N` without one),
 * `Running` again when a container that is ready still runs beside a completed one; RESTARTS
 * with the time since the last restart. Sidecar (restartable) init containers are not modelled.
 */
function podInfo(p: KubeObject, world: World): { ready: string; status: string; restarts: string } {
  const st = (p.status ?? {}) as Obj;
  const total = (p.spec as { containers: unknown[] }).containers.length;
  let reason = String(st.reason ?? st.phase ?? 'Pending');
  let restarts = 0;
  let readyContainers = 0;
  let last = 0;
  const noteRestart = (c: StatusView) => {
    restarts += c.restartCount ?? 0;
    const at = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
    if (at > last) last = at;
  };
  const inits = arr<StatusView>(st.initContainerStatuses);
  const initCount = arr((p.spec as Obj).initContainers).length;
  let initializing = false;
  for (const [i, c] of inits.entries()) {
    noteRestart(c);
    const t = c.state?.terminated;
    if (t && (t.exitCode ?? 0) === 0) continue;
    const w = c.state?.waiting;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode ?? 0}`;
    else if (w?.reason && w.reason !== 'PodInitializing') reason = `Init:${w.reason}`;
    else reason = `Init:${i}/${initCount}`;
    initializing = true;
    break;
  }
  const initialized = arr<{ type: string; status: string }>(st.conditions).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    last = 0;
    let hasRunning = false;
    const cs = arr<StatusView>(st.containerStatuses);
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i]!;
      noteRestart(c);
      const t = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (t?.reason) reason = t.reason;
      else if (t) reason = t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode ?? 0}`;
      else if (c.ready && c.state?.running) { hasRunning = true; readyContainers++; }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = arr<{ type: string; status: string }>(st.conditions).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  const since = restarts !== 0 && last > 0 ? ` (${humanDuration(wallDate(world.clock).getTime() - last)} ago)` : '';
  return { ready: `${readyContainers}/${total}`, status: reason, restarts: `${restarts}${since}` };
}

const podPrinter: Printer = {
  headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
  row: (p, world) => {
    const info = podInfo(p, world);
    return [p.metadata.name, info.ready, info.status, info.restarts, age(p, world)];
  },
  wide: (p) => [String((p.status as Obj | undefined)?.podIP ?? '<none>'), String((p.spec as Obj).nodeName ?? '<none>'), '<none>', '<none>'],
};

const nodeRoles = (o: KubeObject): string => {
  const roles = Object.keys(o.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice(24)).sort();
  return roles.length ? roles.join(',') : '<none>';
};

const nodePrinter: Printer = {
  headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
  wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
  row: (n, world) => {
    const st = (n.status ?? {}) as Obj;
    const ready = arr<{ type: string; status: string }>(st.conditions).find((c) => c.type === 'Ready');
    let status = ready?.status === 'True' ? 'Ready' : 'NotReady';
    if ((n.spec as Obj | undefined)?.unschedulable) status += ',SchedulingDisabled';
    return [n.metadata.name, status, nodeRoles(n), age(n, world), String((st.nodeInfo as Obj | undefined)?.kubeletVersion ?? '')];
  },
  wide: (n) => {
    const st = (n.status ?? {}) as Obj;
    const addrs = arr<{ type: string; address: string }>(st.addresses);
    const info = (st.nodeInfo ?? {}) as Obj;
    return [addrs.find((a) => a.type === 'InternalIP')?.address ?? '<none>', addrs.find((a) => a.type === 'ExternalIP')?.address ?? '<none>',
      String(info.osImage ?? ''), String(info.kernelVersion ?? ''), String(info.containerRuntimeVersion ?? '')];
  },
};

const templateCols = (o: KubeObject): string[] => {
  const cs = arr<{ name: string; image: string }>(((o.spec as Obj).template as { spec?: Obj } | undefined)?.spec?.containers);
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(','), formatLabelSelector((o.spec as Obj).selector as LabelSelector | undefined)];
};

const n = (v: unknown): string => String(v ?? 0);

const deploymentPrinter: Printer = {
  headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row: (d, world) => {
    const st = (d.status ?? {}) as Obj;
    return [d.metadata.name, `${n(st.readyReplicas)}/${n((d.spec as Obj).replicas)}`, n(st.updatedReplicas), n(st.availableReplicas), age(d, world)];
  },
  wide: templateCols,
};

const replicaSetPrinter: Printer = {
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
  wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row: (r, world) => {
    const st = (r.status ?? {}) as Obj;
    return [r.metadata.name, n((r.spec as Obj).replicas), n(st.replicas), n(st.readyReplicas), age(r, world)];
  },
  wide: templateCols,
};

const daemonSetPrinter: Printer = {
  headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
  wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
  row: (d, world) => {
    const st = (d.status ?? {}) as Obj;
    const ns = Object.entries((((d.spec as Obj).template as { spec?: Obj } | undefined)?.spec?.nodeSelector ?? {}) as Record<string, string>).map(([a, b]) => `${a}=${b}`);
    return [d.metadata.name, n(st.desiredNumberScheduled), n(st.currentNumberScheduled), n(st.numberReady), n(st.updatedNumberScheduled), n(st.numberAvailable), ns.length ? ns.join(',') : '<none>', age(d, world)];
  },
  wide: templateCols,
};

const namespacePrinter: Printer = {
  headers: ['NAME', 'STATUS', 'AGE'], wideHeaders: [],
  row: (o, world) => [o.metadata.name, String((o.status as Obj | undefined)?.phase ?? 'Active'), age(o, world)],
  wide: () => [],
};

const configMapPrinter: Printer = {
  headers: ['NAME', 'DATA', 'AGE'], wideHeaders: [],
  row: (o, world) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys((o.binaryData ?? {}) as Obj).length), age(o, world)],
  wide: () => [],
};

const servicePorts = (s: Obj): string => {
  const ports = arr<{ port: number; nodePort?: number; protocol?: string }>(s.ports);
  return ports.length ? ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') : '<none>';
};

const servicePrinter: Printer = {
  headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  wideHeaders: ['SELECTOR'],
  row: (o, world) => {
    const s = (o.spec ?? {}) as Obj;
    const type = String(s.type ?? 'ClusterIP');
    const lb = arr<{ ip?: string; hostname?: string }>(((o.status as Obj | undefined)?.loadBalancer as Obj | undefined)?.ingress).map((i) => i.ip ?? i.hostname ?? '');
    const ext = [...arr<string>(s.externalIPs), ...lb];
    const external = type === 'ExternalName' ? String(s.externalName ?? '') : ext.length ? ext.join(',') : type === 'LoadBalancer' ? '<pending>' : '<none>';
    return [o.metadata.name, type, String(s.clusterIP ?? '<none>'), external, servicePorts(s), age(o, world)];
  },
  wide: (o) => {
    const sel = Object.entries(((o.spec as Obj | undefined)?.selector ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
    return [sel.length ? sel.join(',') : '<none>'];
  },
};

/** The first three endpoints and `+ N more...`, as formatEndpoints does. */
const capList = (items: string[]): string =>
  items.length === 0 ? '<none>' : items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');

const endpointsPrinter: Printer = {
  headers: ['NAME', 'ENDPOINTS', 'AGE'], wideHeaders: [],
  row: (o, world) => {
    // formatEndpoints: per subset, ports outside, addresses inside.
    const list = arr<{ addresses?: { ip: string }[]; ports?: { port: number }[] }>(o.subsets).flatMap((s) =>
      (s.ports?.length ? s.ports.flatMap((p) => (s.addresses ?? []).map((a) => `${a.ip}:${p.port}`)) : (s.addresses ?? []).map((a) => a.ip)));
    return [o.metadata.name, capList(list), age(o, world)];
  },
  wide: () => [],
};

const sliceprinter: Printer = {
  headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], wideHeaders: [],
  row: (o, world) => {
    const ports = arr<{ port?: number }>(o.ports).map((p) => String(p.port ?? ''));
    const eps = arr<{ addresses: string[] }>(o.endpoints).flatMap((e) => e.addresses);
    return [o.metadata.name, String(o.addressType ?? 'IPv4'), ports.length ? ports.join(',') : '<unset>', capList(eps), age(o, world)];
  },
  wide: () => [],
};

const netpolPrinter: Printer = {
  headers: ['NAME', 'POD-SELECTOR', 'AGE'], wideHeaders: [],
  row: (o, world) => [o.metadata.name, formatLabelSelector((o.spec as Obj | undefined)?.podSelector as LabelSelector | undefined), age(o, world)],
  wide: () => [],
};

const ingressPrinter: Printer = {
  headers: ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'], wideHeaders: [],
  row: (o, world) => {
    const s = (o.spec ?? {}) as Obj;
    const hosts = arr<{ host?: string }>(s.rules).map((r) => r.host ?? '*');
    const addr = arr<{ ip?: string; hostname?: string }>(((o.status as Obj | undefined)?.loadBalancer as Obj | undefined)?.ingress).map((i) => i.ip ?? i.hostname ?? '');
    return [o.metadata.name, String(s.ingressClassName ?? '<none>'), hosts.length ? hosts.join(',') : '*', addr.join(','), arr(s.tls).length ? '80, 443' : '80', age(o, world)];
  },
  wide: () => [],
};

const ingressClassPrinter: Printer = {
  headers: ['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'], wideHeaders: [],
  row: (o, world) => {
    const s = (o.spec ?? {}) as { controller?: string; parameters?: { kind?: string; name?: string; apiGroup?: string } };
    const p = s.parameters;
    return [o.metadata.name, String(s.controller ?? ''), p ? `${p.kind ?? ''}.${p.apiGroup ?? ''}/${p.name ?? ''}` : '<none>', age(o, world)];
  },
  wide: () => [],
};

const generic: Printer = {
  headers: ['NAME', 'AGE'], wideHeaders: [],
  row: (o, world) => [o.metadata.name, age(o, world)],
  wide: () => [],
};

const PRINTERS: Record<string, Printer> = {
  Pod: podPrinter, Node: nodePrinter, Deployment: deploymentPrinter, ReplicaSet: replicaSetPrinter, DaemonSet: daemonSetPrinter, Namespace: namespacePrinter,
  ConfigMap: configMapPrinter, Service: servicePrinter, Endpoints: endpointsPrinter, EndpointSlice: sliceprinter,
  NetworkPolicy: netpolPrinter, Ingress: ingressPrinter, IngressClass: ingressClassPrinter, Event: eventPrinter,
};

/** The printer of a kind (NAME and AGE for kinds without their own). */
export const printerFor = (kind: string): Printer => PRINTERS[kind] ?? generic;
