/**
 * `kubectl describe ingress` and `kubectl describe networkpolicy` in kubectl's layouts
 * (k8s.io/kubectl pkg/describe/describe.go: describeIngressV1 with describeBackendV1 and
 * formatEndpoints; describeNetworkPolicy with describeNetworkPolicySpec and the ingress /
 * egress rule printers), indented by its PrefixWriter (two spaces a level) and laid out by
 * its tabwriter (minwidth 0, padding 2). Every value comes from the stored objects.
 */
import { listObjects, type KubeObject, type LabelSelector } from '../../../cluster/index.ts';
import type { Kctx } from './common.ts';
import { formatLabelSelector, mapLines } from './describe-helpers.ts';
import { tabwrite } from './table.ts';

type Obj = Record<string, unknown>;
const arr = <T = Obj>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
type ServiceBackend = { name: string; port?: { number?: number; name?: string } };
type Backend = { service?: ServiceBackend; resource?: { apiGroup?: string; kind: string; name: string } };

/** Annotations as describe prints them: without kubectl's last-applied configuration. */
function annotations(o: KubeObject): string {
  const anno = { ...o.metadata.annotations };
  delete anno['kubectl.kubernetes.io/last-applied-configuration'];
  return mapLines('Annotations:', anno, ': ');
}

/** `kubectl describe ingress` (describeIngressV1). */
export function describeIngress(k: Kctx, ing: KubeObject): string {
  const spec = (ing.spec ?? {}) as Obj;
  const lb = arr<{ ip?: string; hostname?: string }>(((ing.status as Obj | undefined)?.loadBalancer as Obj | undefined)?.ingress);
  let s = `Name:\t${ing.metadata.name}\n` + mapLines('Labels:', ing.metadata.labels) + `Namespace:\t${ing.metadata.namespace}\n`;
  s += `Address:\t${lb.map((i) => i.ip || i.hostname || '').join(',')}\n`;
  s += `Ingress Class:\t${typeof spec.ingressClassName === 'string' ? spec.ingressClassName : '<none>'}\n`;
  const def = spec.defaultBackend as Backend | undefined;
  s += `Default backend:\t${def ? backend(k, ing, def) : '<default>'}\n`;
  const tls = arr<{ hosts?: string[]; secretName?: string }>(spec.tls);
  if (tls.length) {
    s += 'TLS:\n' + tls.map((t) => (t.secretName ? `  ${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `  SNI routes ${(t.hosts ?? []).join(',')}\n`)).join('');
  }
  s += 'Rules:\n  Host\tPath\tBackends\n  ----\t----\t--------\n';
  let count = 0;
  for (const rule of arr<{ host?: string; http?: { paths?: { path?: string; backend: Backend }[] } }>(spec.rules)) {
    if (!rule.http) continue;
    count++;
    s += `  ${rule.host || '*'}\t\n`;
    for (const p of rule.http.paths ?? []) s += `    \t${p.path ?? ''} \t${backend(k, ing, p.backend)}\n`;
  }
  if (count === 0) s += `  *\t*\t${def ? backend(k, ing, def) : '<default>'}\n`;
  s += annotations(ing) + 'Events:\t<none>\n';
  return tabwrite(s, 0, 2);
}

/** describeBackendV1: `svc:port (endpoints)`, or the error getting them. */
function backend(k: Kctx, ing: KubeObject, b: Backend): string {
  if (b.service) {
    const sb = `${b.service.name}:${b.service.port?.number ? b.service.port.number : b.service.port?.name ?? ''}`;
    const find = (kind: string) => listObjects(k.cluster, kind, ing.metadata.namespace).find((o) => o.metadata.name === b.service!.name);
    const ep = find('Endpoints');
    if (!ep) return `${sb} (<error: endpoints "${b.service.name}" not found>)`;
    const svc = find('Service');
    if (!svc) return `${sb} (<error: services "${b.service.name}" not found>)`;
    let spName = '';
    for (const sp of arr<{ name?: string; port: number }>((svc.spec as Obj | undefined)?.ports)) {
      if ((b.service.port?.number && b.service.port.number === sp.port) || (b.service.port?.name && b.service.port.name === sp.name)) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpoints(ep, spName)})`;
  }
  if (b.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  return '';
}

/** formatEndpoints: up to three `ip:port` of the named port, then `+ N more...`. */
function formatEndpoints(ep: KubeObject, portName: string): string {
  const subsets = arr<{ addresses?: { ip: string }[]; ports?: { name?: string; port: number }[] }>((ep as unknown as Obj).subsets);
  if (!subsets.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addrs.length;
      for (const a of addrs) if (list.length < 3) list.push(a.ip);
      continue;
    }
    for (const p of ss.ports) {
      if ((p.name ?? '') !== portName) continue;
      count += addrs.length;
      for (const a of addrs) if (list.length < 3) list.push(`${a.ip}:${p.port}`);
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

/** Go's time.Time.String() of an RFC 3339 stamp, in UTC (`2026-11-23 16:42:00 +0000 UTC`). */
function goTime(iso: string | undefined): string {
  if (!iso) return '0001-01-01 00:00:00 +0000 UTC';
  return new Date(iso).toISOString().replace('T', ' ').replace(/\.000Z$|Z$/, '') + ' +0000 UTC';
}

type Peer = { podSelector?: LabelSelector; namespaceSelector?: LabelSelector; ipBlock?: { cidr: string; except?: string[] } };
type Rule = { ports?: { protocol?: string; port?: number | string }[]; from?: Peer[]; to?: Peer[] };

/** The ingress or egress rules as printNetworkPolicySpecIngressFrom / EgressTo print them. */
function rules(list: Rule[], dir: 'ingress' | 'egress'): string {
  const ind = '    ';
  if (!list.length) return `${ind}<none> (Selected pods are isolated for ${dir} connectivity)\n`;
  const peerWord = dir === 'ingress' ? 'From' : 'To';
  return list.map((r, i) => {
    let s = '';
    if (!r.ports?.length) s += `${ind}To Port: <any> (traffic allowed to all ports)\n`;
    else for (const p of r.ports) s += `${ind}To Port: ${p.port === undefined ? '<nil>' : String(p.port)}/${p.protocol ?? 'TCP'}\n`;
    const peers = (dir === 'ingress' ? r.from : r.to) ?? [];
    if (!peers.length) s += `${ind}${peerWord}: <any> (traffic not restricted by ${dir === 'ingress' ? 'source' : 'destination'})\n`;
    for (const p of peers) {
      s += `${ind}${peerWord}:\n`;
      if (p.podSelector && p.namespaceSelector) {
        s += `  ${ind}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}\n  ${ind}PodSelector: ${formatLabelSelector(p.podSelector)}\n`;
      } else if (p.podSelector) s += `  ${ind}PodSelector: ${formatLabelSelector(p.podSelector)}\n`;
      else if (p.namespaceSelector) s += `  ${ind}NamespaceSelector: ${formatLabelSelector(p.namespaceSelector)}\n`;
      else if (p.ipBlock) s += `  ${ind}IPBlock:\n    ${ind}CIDR: ${p.ipBlock.cidr}\n    ${ind}Except: ${(p.ipBlock.except ?? []).join(', ')}\n`;
    }
    return i < list.length - 1 ? s + `${ind}----------\n` : s;
  }).join('');
}

/** `kubectl describe networkpolicy` (describeNetworkPolicy; it prints no events). */
export function describeNetworkPolicy(np: KubeObject): string {
  const spec = (np.spec ?? {}) as { podSelector?: LabelSelector; policyTypes?: string[]; ingress?: Rule[]; egress?: Rule[] };
  // The API server defaults policyTypes: Ingress, plus Egress when egress rules exist.
  const types = spec.policyTypes ?? ['Ingress', ...(spec.egress?.length ? ['Egress'] : [])];
  let s = `Name:\t${np.metadata.name}\nNamespace:\t${np.metadata.namespace}\nCreated on:\t${goTime(np.metadata.creationTimestamp)}\n`;
  s += mapLines('Labels:', np.metadata.labels) + annotations(np) + 'Spec:\n';
  const sel = formatLabelSelector(spec.podSelector);
  s += `  PodSelector:     ${sel === '<none>' ? '<none> (Allowing the specific traffic to all pods in this namespace)' : sel}\n`;
  s += types.includes('Ingress') ? `  Allowing ingress traffic:\n${rules(spec.ingress ?? [], 'ingress')}` : '  Not affecting ingress traffic\n';
  s += types.includes('Egress') ? `  Allowing egress traffic:\n${rules(spec.egress ?? [], 'egress')}` : '  Not affecting egress traffic\n';
  s += `  Policy Types: ${types.join(', ')}\n`;
  return tabwrite(s, 0, 2);
}
