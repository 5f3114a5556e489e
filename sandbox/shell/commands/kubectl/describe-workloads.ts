/**
 * The describe layouts of the workload kinds (k8s.io/kubectl pkg/describe/describe.go):
 * DeploymentDescriber, ReplicaSetDescriber (describeReplicaSet), DaemonSetDescriber
 * (describeDaemonSet), and the Pod Template block they share (DescribePodTemplate with
 * describeContainers at a two-space indent). Pods Status counts the controller's pods by
 * phase (getPodStatusForController). Text goes through Go's tabwriter (minwidth 0, padding 2);
 * the DaemonSet's `Number of Nodes ...:` lines carry no tab, so they break the column blocks
 * as they do in kubectl.
 */
import { fromLabelSelector, listObjects, matches, type KubeObject, type LabelSelector } from '../../../cluster/index.ts';
import { controllerOf } from '../../../cluster/controllers/owners.ts';
import type { Kctx } from './common.ts';
import { formatLabelSelector, mapLines, rfc1123z, shownAnnotations } from './describe-helpers.ts';
import { tabwrite } from './table.ts';
import { describeEvents } from './events-view.ts';

type Obj = Record<string, unknown>;
const arr = <T = Obj>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);

/** printTolerationsMultilineWithIndent: `key=value:effect op=Exists for Ns`, `<none>` when none. */
export function tolerationLines(indent: string, tolerations: unknown): string {
  const tols = arr<{ key?: string; value?: string; effect?: string; operator?: string; tolerationSeconds?: number }>(tolerations);
  if (!tols.length) return `${indent}Tolerations:\t<none>\n`;
  return tols.map((t, i) => {
    let s = `${t.key ?? ''}${t.value ? `=${t.value}` : ''}${t.effect ? `:${t.effect}` : ''}`;
    if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
    return `${indent}${i === 0 ? 'Tolerations:' : ''}\t${s}\n`;
  }).join('');
}

/** describeContainerBasicInfo's port lines: `Ports:`/`Host Ports:` when there are several, `<none>` for none. */
export function portLines(portList: unknown): string {
  const ports = arr<{ containerPort: number; protocol?: string; hostPort?: number }>(portList);
  const portText = ports.map((x) => `${x.containerPort}/${x.protocol ?? 'TCP'}`).join(', ');
  const hostText = ports.map((x) => `${x.hostPort ?? 0}/${x.protocol ?? 'TCP'}`).join(', ');
  return ports.length > 1 ? `    Ports:\t${portText}\n    Host Ports:\t${hostText}\n` : `    Port:\t${portText || '<none>'}\n    Host Port:\t${hostText || '<none>'}\n`;
}

/** One container of a template (describeContainers without statuses, at the template's indent). */
function templateContainer(c: Obj): string {
  let s = `   ${String(c.name)}:\n    Image:\t${String(c.image)}\n` + portLines(c.ports);
  if (c.command) s += `    Command:\n${arr<string>(c.command).map((a) => `      ${a}\n`).join('')}`;
  if (c.args) s += `    Args:\n${arr<string>(c.args).map((a) => `      ${a}\n`).join('')}`;
  const env = arr<{ name: string; value?: string }>(c.env);
  s += env.length ? `    Environment:\n${env.map((e) => `      ${e.name}:\t${e.value ?? ''}\n`).join('')}` : '    Environment:\t<none>\n';
  return `${s}    Mounts:\t<none>\n`;
}

/** DescribePodTemplate. */
export function podTemplateLines(template: { metadata?: Obj; spec?: Obj } | undefined): string {
  const spec = (template?.spec ?? {}) as Obj;
  let s = 'Pod Template:\n' + mapLines('  Labels:', template?.metadata?.labels as Record<string, string> | undefined);
  const anno = template?.metadata?.annotations as Record<string, string> | undefined;
  if (anno && Object.keys(anno).length) s += mapLines('  Annotations:', anno, ': ');
  if (spec.serviceAccountName) s += `  Service Account:\t${String(spec.serviceAccountName)}\n`;
  const inits = arr(spec.initContainers);
  if (inits.length) s += '  Init Containers:\n' + inits.map(templateContainer).join('');
  const containers = arr(spec.containers);
  s += `  Containers:${containers.length ? '' : ' <none>'}\n` + containers.map(templateContainer).join('');
  s += '  Volumes:\t<none>\n';
  s += mapLines('  Node-Selectors:', spec.nodeSelector as Record<string, string> | undefined);
  s += tolerationLines('  ', spec.tolerations);
  if (spec.priorityClassName) s += `  Priority Class Name:\t${String(spec.priorityClassName)}\n`;
  return s;
}

/** getPodStatusForController: the controller's pods matching its selector, by phase. */
function podsStatus(k: Kctx, owner: KubeObject, selector: LabelSelector | undefined): string {
  const sel = fromLabelSelector(selector);
  const pods = listObjects(k.cluster, 'Pod', owner.metadata.namespace).filter((p) => controllerOf(p)?.uid === owner.metadata.uid && matches(sel, p.metadata.labels));
  const n = (phase: string) => pods.filter((p) => ((p.status as { phase?: string } | undefined)?.phase ?? 'Pending') === phase).length;
  return `Pods Status:\t${n('Running')} Running / ${n('Pending')} Waiting / ${n('Succeeded')} Succeeded / ${n('Failed')} Failed\n`;
}

/** `kubectl describe replicaset` (describeReplicaSet). */
export function describeReplicaSet(k: Kctx, rs: KubeObject): string {
  const spec = rs.spec as { replicas?: number; selector?: LabelSelector; template?: { metadata?: Obj; spec?: Obj } };
  const st = (rs.status ?? {}) as { replicas?: number; conditions?: unknown };
  let s = `Name:\t${rs.metadata.name}\nNamespace:\t${rs.metadata.namespace}\nSelector:\t${formatLabelSelector(spec.selector)}\n`;
  s += mapLines('Labels:', rs.metadata.labels) + mapLines('Annotations:', shownAnnotations(rs), ': ');
  const owner = controllerOf(rs);
  if (owner) s += `Controlled By:\t${owner.kind}/${owner.name}\n`;
  s += `Replicas:\t${st.replicas ?? 0} current / ${spec.replicas ?? 1} desired\n`;
  s += podsStatus(k, rs, spec.selector);
  s += podTemplateLines(spec.template);
  const conds = arr<{ type: string; status: string; reason?: string }>(st.conditions);
  if (conds.length) s += `Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n${conds.map((c) => `  ${c.type} \t${c.status}\t${c.reason ?? ''}\n`).join('')}`;
  s += describeEvents(k.ctx.world, rs);
  return tabwrite(s, 0, 2);
}

/** `kubectl describe daemonset` (describeDaemonSet). */
export function describeDaemonSet(k: Kctx, ds: KubeObject): string {
  const spec = ds.spec as { selector?: LabelSelector; template?: { metadata?: Obj; spec?: Obj } };
  const st = (ds.status ?? {}) as Record<string, number | undefined>;
  const nodeSel = Object.entries(((spec.template?.spec as Obj | undefined)?.nodeSelector ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
  let s = `Name:\t${ds.metadata.name}\nNamespace:\t${ds.metadata.namespace}\nSelector:\t${formatLabelSelector(spec.selector)}\n`;
  // labels.FormatLabels: `<none>` for an empty map.
  s += `Node-Selector:\t${nodeSel.length ? nodeSel.map(([a, b]) => `${a}=${b}`).join(',') : '<none>'}\n`;
  s += mapLines('Labels:', ds.metadata.labels) + mapLines('Annotations:', shownAnnotations(ds), ': ');
  s += `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\nCurrent Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`;
  s += `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\nNumber of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`;
  s += `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`;
  s += podsStatus(k, ds, spec.selector);
  s += podTemplateLines(spec.template);
  s += describeEvents(k.ctx.world, ds);
  return tabwrite(s, 0, 2);
}

/** `kubectl describe deployment` (DeploymentDescriber). */
export function describeDeployment(k: Kctx, d: KubeObject): string {
  const spec = d.spec as Obj & { replicas?: number; selector?: LabelSelector; template: { metadata?: Obj; spec: Obj } };
  const st = (d.status ?? {}) as Record<string, number | undefined> & { conditions?: unknown };
  let s = `Name:\t${d.metadata.name}\nNamespace:\t${d.metadata.namespace}\nCreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`;
  s += mapLines('Labels:', d.metadata.labels) + mapLines('Annotations:', shownAnnotations(d), ': ');
  s += `Selector:\t${formatLabelSelector(spec.selector)}\n`;
  s += `Replicas:\t${String(spec.replicas)} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`;
  s += `StrategyType:\t${String((spec.strategy as Obj | undefined)?.type ?? 'RollingUpdate')}\nMinReadySeconds:\t0\nRollingUpdateStrategy:\t25% max unavailable, 25% max surge\n`;
  s += podTemplateLines(spec.template);
  const conds = arr<{ type: string; status: string; reason: string }>(st.conditions);
  s += `Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n${conds.map((c) => `  ${c.type} \t${c.status} \t${c.reason}\n`).join('')}`;
  const rss = listObjects(k.cluster, 'ReplicaSet', d.metadata.namespace).filter((r) => controllerOf(r)?.uid === d.metadata.uid);
  const hash = (r: KubeObject) => r.metadata.labels?.['pod-template-hash'];
  const cur = rss.find((r) => (r.spec as { replicas?: number }).replicas === spec.replicas && (r.status as { replicas?: number } | undefined)?.replicas !== undefined && hash(r)) ?? rss.at(-1);
  const old = rss.filter((r) => r !== cur && ((r.status as { replicas?: number } | undefined)?.replicas ?? 0) > 0);
  s += `OldReplicaSets:\t${old.length ? old.map((r) => `${r.metadata.name} (${(r.status as { replicas?: number }).replicas}/${(r.spec as { replicas?: number }).replicas} replicas created)`).join(', ') : '<none>'}\n`;
  s += `NewReplicaSet:\t${cur ? `${cur.metadata.name} (${(cur.status as { replicas?: number } | undefined)?.replicas ?? 0}/${(cur.spec as { replicas?: number }).replicas} replicas created)` : '<none>'}\n`;
  s += describeEvents(k.ctx.world, d);
  return tabwrite(s, 0, 2);
}
