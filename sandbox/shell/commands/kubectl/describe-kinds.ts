/**
 * The describe layouts of Pod, Node and Service (k8s.io/kubectl pkg/describe); the workload
 * kinds' are in describe-workloads.ts, the generic describer in describe-generic.ts. Text goes
 * through Go's tabwriter (minwidth 0, padding 2) as kubectl's does.
 */
import { listObjects, type KubeObject } from '../../../cluster/index.ts';
import { controllerOf } from '../../../cluster/controllers/owners.ts';
import type { Kctx } from './common.ts';
import { mapLines, rfc1123z } from './describe-helpers.ts';
import { age } from './printers.ts';
import { tabwrite } from './table.ts';
import { describeEvents } from './events-view.ts';
import { portLines, tolerationLines } from './describe-workloads.ts';

type Obj = Record<string, unknown>;
const arr = <T = Obj>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const done = (s: string): string => tabwrite(s, 0, 2);

/** `kubectl describe pod`. */
export function describePod(k: Kctx, p: KubeObject, now: Date): string {
  void now;
  const spec = p.spec as Obj & { containers: Obj[] };
  const st = (p.status ?? {}) as Obj;
  const node = String(spec.nodeName ?? '<none>');
  const hostIP = st.hostIP ? `/${String(st.hostIP)}` : '';
  let s = `Name:\t${p.metadata.name}\nNamespace:\t${p.metadata.namespace}\nPriority:\t${String(spec.priority ?? 0)}\n`;
  s += `Service Account:\t${String(spec.serviceAccountName ?? 'default')}\nNode:\t${node}${hostIP}\n`;
  if (st.startTime) s += `Start Time:\t${rfc1123z(String(st.startTime))}\n`;
  s += mapLines('Labels:', p.metadata.labels);
  const anno = { ...p.metadata.annotations };
  delete anno['kubectl.kubernetes.io/last-applied-configuration'];
  s += mapLines('Annotations:', anno, ': ');
  s += `Status:\t${String(st.phase ?? 'Pending')}\nIP:\t${String(st.podIP ?? '')}\n`;
  const ips = arr<{ ip: string }>(st.podIPs);
  s += ips.length ? `IPs:\n${ips.map((i) => `  IP:\t${i.ip}\n`).join('')}` : 'IPs:\t<none>\n';
  const owner = controllerOf(p);
  if (owner) s += `Controlled By:\t${owner.kind}/${owner.name}\n`;
  // pkg/describe describePod: init containers first, then the regular ones, then ephemeral ones.
  if (arr(spec.initContainers).length) s += containersBlock('Init Containers', arr(spec.initContainers), st.initContainerStatuses);
  s += containersBlock('Containers', spec.containers, st.containerStatuses);
  // describeContainers("Ephemeral Containers", ...) follows the regular containers (pkg/describe).
  if (arr(spec.ephemeralContainers).length) s += containersBlock('Ephemeral Containers', arr(spec.ephemeralContainers), st.ephemeralContainerStatuses);
  const conds = arr<{ type: string; status: string }>(st.conditions);
  if (conds.length) s += `Conditions:\n  Type\tStatus\n${conds.map((c) => `  ${c.type} \t${c.status} \n`).join('')}`;
  s += 'Volumes:\t<none>\n';
  s += `QoS Class:\t${String(st.qosClass ?? 'BestEffort')}\n`;
  s += mapLines('Node-Selectors:', spec.nodeSelector as Record<string, string> | undefined);
  s += tolerationLines('', spec.tolerations);
  s += describeEvents(k.ctx.world, p);
  void k;
  return done(s);
}

/** One containers section of `describe pod` (init, regular or ephemeral), each container with its status. */
function containersBlock(title: string, containers: Obj[], statusList: unknown): string {
  let s = `${title}:\n`;
  const statuses = arr<Obj & { name: string; state?: Record<string, Obj>; ready?: boolean; restartCount?: number; containerID?: string }>(statusList);
  for (const c of containers) {
    const cs = statuses.find((x) => x.name === c.name);
    s += `  ${String(c.name)}:\n`;
    if (cs?.containerID) s += `    Container ID:\t${cs.containerID}\n`;
    s += `    Image:\t${String(c.image)}\n`;
    if (cs) s += `    Image ID:\t${String(cs.imageID ?? '')}\n`;
    s += portLines(c.ports);
    if (c.command) s += `    Command:\n${arr<string>(c.command).map((a) => `      ${a}\n`).join('')}`;
    if (c.args) s += `    Args:\n${arr<string>(c.args).map((a) => `      ${a}\n`).join('')}`;
    const state = cs?.state ?? {};
    if (state.running) s += `    State:\tRunning\n      Started:\t${rfc1123z(String(state.running.startedAt))}\n`;
    else if (state.terminated) s += terminatedLines(state.terminated);
    else if (state.waiting) s += `    State:\tWaiting\n      Reason:\t${String(state.waiting.reason)}\n`;
    else s += '    State:\tWaiting\n      Reason:\tContainerCreating\n';
    // describeContainerState: the last termination follows the state when there is one.
    const lastEnd = (cs?.lastState as Record<string, Obj> | undefined)?.terminated;
    if (lastEnd) s += terminatedLines(lastEnd, 'Last State');
    s += `    Ready:\t${cs?.ready ? 'True' : 'False'}\n    Restart Count:\t${cs?.restartCount ?? 0}\n`;
    const env = arr<{ name: string; value?: string }>(c.env);
    s += env.length ? `    Environment:\n${env.map((e) => `      ${e.name}:\t${e.value ?? ''}\n`).join('')}` : '    Environment:\t<none>\n';
    s += '    Mounts:\t<none>\n';
  }
  return s;
}

/** A terminated state as describeContainerState prints it (`State`, or `Last State` of a restarted container). */
function terminatedLines(t: Obj, title = 'State'): string {
  let s = `    ${title}:\tTerminated\n`;
  if (t.reason) s += `      Reason:\t${String(t.reason)}\n`;
  if (t.message) s += `      Message:\t${String(t.message)}\n`;
  s += `      Exit Code:\t${Number(t.exitCode ?? 0)}\n`;
  if (Number(t.signal ?? 0) > 0) s += `      Signal:\t${Number(t.signal)}\n`;
  return `${s}      Started:\t${rfc1123z(String(t.startedAt))}\n      Finished:\t${rfc1123z(String(t.finishedAt))}\n`;
}

/** `kubectl describe node` (the parts the sandbox knows). */
export function describeNode(k: Kctx, n: KubeObject, now: Date): string {
  void now;
  const st = (n.status ?? {}) as Obj;
  const spec = (n.spec ?? {}) as Obj;
  const roles = Object.keys(n.metadata.labels ?? {}).filter((x) => x.startsWith('node-role.kubernetes.io/')).map((x) => x.slice(24));
  let s = `Name:\t${n.metadata.name}\nRoles:\t${roles.length ? roles.join(',') : '<none>'}\n`;
  s += mapLines('Labels:', n.metadata.labels);
  s += mapLines('Annotations:', n.metadata.annotations, ': ');
  s += `CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}\n`;
  const taints = arr<{ key: string; value?: string; effect: string }>(spec.taints);
  s += taints.length ? taints.map((t, i) => `${i === 0 ? 'Taints:' : ''}\t${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}\n`).join('') : 'Taints:\t<none>\n';
  s += `Unschedulable:\t${spec.unschedulable ? 'true' : 'false'}\n`;
  s += 'Conditions:\n  Type\tStatus\tReason\tMessage\n  ----\t------\t------\t-------\n';
  s += arr<{ type: string; status: string; reason?: string; message?: string }>(st.conditions).map((c) => `  ${c.type} \t${c.status} \t${c.reason ?? ''} \t${c.message ?? ''}\n`).join('');
  s += 'Addresses:\n' + arr<{ type: string; address: string }>(st.addresses).map((a) => `  ${a.type}:\t${a.address}\n`).join('');
  const info = (st.nodeInfo ?? {}) as Record<string, string>;
  s += `System Info:\n  Kernel Version:\t${info.kernelVersion}\n  OS Image:\t${info.osImage}\n  Operating System:\t${info.operatingSystem}\n  Architecture:\t${info.architecture}\n  Container Runtime Version:\t${info.containerRuntimeVersion}\n  Kubelet Version:\t${info.kubeletVersion}\n`;
  if (spec.podCIDR) s += `PodCIDR:\t${String(spec.podCIDR)}\nPodCIDRs:\t${arr<string>(spec.podCIDRs).join(',')}\n`;
  // describeNode lists the node's pods with the field selector status.phase!=Succeeded,status.phase!=Failed.
  const pods = listObjects(k.cluster, 'Pod').filter((p) => (p.spec as Obj).nodeName === n.metadata.name
    && !['Succeeded', 'Failed'].includes(String((p.status as Obj | undefined)?.phase)));
  s += `Non-terminated Pods:\t(${pods.length} in total)\n  Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n  ---------\t----\t------------\t----------\t---------------\t-------------\t---\n`;
  s += pods.map((p) => `  ${p.metadata.namespace}\t${p.metadata.name}\t0 (0%)\t0 (0%)\t0 (0%)\t0 (0%)\t${podAge(k, p)}\n`).join('');
  // The node's own events (the route controller's FailedToCreateRoute ...).
  s += describeEvents(k.ctx.world, n);
  return done(s);
}

const podAge = (k: Kctx, p: KubeObject): string => age(p, k.ctx.world);

/** `kubectl describe service` (describeService in pkg/describe). */
export function describeService(k: Kctx, svc: KubeObject): string {
  const spec = (svc.spec ?? {}) as Obj;
  const sel = Object.entries((spec.selector ?? {}) as Record<string, string>).map(([a, b]) => `${a}=${b}`).join(',');
  const type = String(spec.type ?? 'ClusterIP');
  let s = `Name:\t${svc.metadata.name}\nNamespace:\t${svc.metadata.namespace}\n`;
  const anno = { ...svc.metadata.annotations };
  delete anno['kubectl.kubernetes.io/last-applied-configuration'];
  s += mapLines('Labels:', svc.metadata.labels) + mapLines('Annotations:', anno, ': ');
  s += `Selector:\t${sel || '<none>'}\nType:\t${type}\n`;
  if (type === 'ExternalName') s += `External Name:\t${String(spec.externalName ?? '')}\n`;
  else {
    s += `IP Family Policy:\t${String(spec.ipFamilyPolicy ?? 'SingleStack')}\nIP Families:\t${arr<string>(spec.ipFamilies).join(',') || 'IPv4'}\n`;
    s += `IP:\t${String(spec.clusterIP ?? '')}\nIPs:\t${arr<string>(spec.clusterIPs).join(',') || String(spec.clusterIP ?? '')}\n`;
  }
  const ext = arr<string>(spec.externalIPs);
  if (ext.length) s += `External IPs:\t${ext.join(',')}\n`;
  const lb = arr<{ ip?: string; hostname?: string }>(((svc.status as Obj | undefined)?.loadBalancer as Obj | undefined)?.ingress);
  if (lb.length) s += `LoadBalancer Ingress:\t${lb.map((i) => i.ip ?? i.hostname).join(', ')}\n`;
  const ep = getObjectIn(k, 'Endpoints', svc);
  for (const p of arr<{ name?: string; port: number; protocol?: string; targetPort?: number | string; nodePort?: number }>(spec.ports)) {
    const name = p.name || '<unset>';
    s += `Port:\t${name}\t${p.port}/${p.protocol ?? 'TCP'}\n`;
    s += `TargetPort:\t${String(p.targetPort ?? p.port)}/${p.protocol ?? 'TCP'}\n`;
    if (p.nodePort) s += `NodePort:\t${name}\t${p.nodePort}/${p.protocol ?? 'TCP'}\n`;
    const addrs = arr<{ addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }>(ep?.subsets).flatMap((ss) =>
      (ss.ports ?? []).filter((pp) => (pp.name ?? '') === (p.name ?? '')).flatMap((pp) => (ss.addresses ?? []).map((a) => `${a.ip}:${pp.port}`)));
    // formatEndpoints: `<none>` when no address serves the port.
    if (type !== 'ExternalName') s += `Endpoints:\t${addrs.join(',') || '<none>'}\n`;
  }
  s += `Session Affinity:\t${String(spec.sessionAffinity ?? 'None')}\n`;
  if (type === 'NodePort' || type === 'LoadBalancer') s += `External Traffic Policy:\t${String(spec.externalTrafficPolicy ?? 'Cluster')}\n`;
  // kubectl describe.go: after the external policy, when the API server allocated one.
  if (typeof spec.healthCheckNodePort === 'number' && spec.healthCheckNodePort !== 0) s += `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`;
  if (type !== 'ExternalName') s += `Internal Traffic Policy:\t${String(spec.internalTrafficPolicy ?? 'Cluster')}\n`;
  s += 'Events:\t<none>\n';
  return done(s);
}

function getObjectIn(k: Kctx, kind: string, o: KubeObject): KubeObject | undefined {
  return listObjects(k.cluster, kind, o.metadata.namespace).find((x) => x.metadata.name === o.metadata.name);
}
