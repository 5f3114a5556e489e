/**
 * CoreDNS's kubernetes plugin answers (github.com/kubernetes/dns docs/specification.md, the
 * Kubernetes DNS-Based Service Discovery spec, version 1.1.0, as CoreDNS implements it with the
 * default Corefile: `kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough
 * in-addr.arpa ip6.arpa; ttl 30 }`, `forward . /etc/resolv.conf`):
 *
 * - `<svc>.<ns>.svc.<zone>` A: the ClusterIP, or every ready endpoint IP of a headless Service;
 *   an ExternalName Service answers a CNAME to its externalName, followed by the target's A
 *   records: looked up in the zone, or through the upstream (`forward`) for an outside name.
 * - `<host>.<svc>.<ns>.svc.<zone>` A: an endpoint of a headless Service (hostname, or the IP
 *   with dashes).
 * - `_<port>._<proto>.<svc>.<ns>.svc.<zone>` SRV: `0 <100/n> <port> <target>.` per target, with
 *   the targets' A records in the additional section.
 * - `<a-b-c-d>.<ns>.pod.<zone>` A: `a.b.c.d` (`pods insecure`: not checked against pods).
 * - `d.c.b.a.in-addr.arpa.` PTR: Service ClusterIPs and endpoint IPs; anything else falls through
 *   to the forwarder.
 * - A name in the zone that does not exist: NXDOMAIN with the zone's SOA; a name that exists
 *   without records of the asked type: NOERROR, no answer, SOA (NODATA).
 * - `dns-version.<zone>` TXT: the spec's version, "1.1.0".
 * - Names outside the zone go to the upstream resolver (`forward`).
 *
 * Answers are authoritative (`aa`) without recursion available, as CoreDNS sends them; records
 * carry the Corefile's `ttl` (view.ttl; the plugin's default 5 when unset), the SOA min(ttl, 300)
 * with minimum ttl (plugin/backend_lookup.go SOA, MinTTL = ttl). EDNS is echoed with its cookie.
 */
import type { DnsMessage, DnsRecord, DnsType } from '../../wire/index.ts';
import type { DnsClusterView, DnsEndpoint, DnsService } from './view.ts';
import { DEFAULT_TTL } from './corefile.ts';

/** The Kubernetes DNS-Based Service Discovery spec version (CoreDNS DNSSchemaVersion). */
export const DNS_SCHEMA_VERSION = '1.1.0';
/** The TTL CoreDNS gives the dns-version record (before its cache caps it). */
const DNS_VERSION_TTL = 28800;

/** Default TTL of the plugin's records, when the Corefile sets no `ttl` (corefile.ts). */
export const RECORD_TTL = DEFAULT_TTL;

/** The upstream resolver: answers a query for a name outside the zone, or undefined when unreachable. */
export type Forwarder = (query: DnsMessage) => DnsMessage | undefined;

const fqdn = (n: string) => (n.endsWith('.') ? n : `${n}.`);
const dashed = (ip: string) => ip.replace(/\./g, '-');

/** The zone's SOA record (CoreDNS plugin.SOA: ns.dns.<zone> hostmaster.<zone>). */
export function soaOf(view: DnsClusterView): DnsRecord {
  const z = fqdn(view.zone);
  return { name: z, type: 'SOA', ttl: Math.min(view.ttl, 300), data: `ns.dns.${z} hostmaster.${z} ${view.serial} 7200 1800 86400 ${view.ttl}` };
}

function reply(q: DnsMessage, authoritative: boolean): DnsMessage {
  const m: DnsMessage = {
    id: q.id, response: true, rcode: 'NOERROR', authoritative, recursionDesired: q.recursionDesired,
    recursionAvailable: false, questions: q.questions.map((x) => ({ ...x })), answers: [], authority: [], additional: [],
  };
  if (q.edns) m.edns = { ...q.edns };
  return m;
}

const isIpv4 = (s: string) => /^(\d{1,3})(\.\d{1,3}){3}$/.test(s) && s.split('.').every((o) => Number(o) <= 255);

/** The endpoint's DNS label: its hostname, else its IP with dashes (CoreDNS endpointHostname). */
export const endpointLabel = (e: DnsEndpoint): string => e.hostname ?? dashed(e.ip);

const headless = (s: DnsService) => s.clusterIP === 'None';
const readyEps = (s: DnsService) => s.endpoints.filter((e) => e.ready);

/** Records for a name inside the zone: undefined = the name does not exist (NXDOMAIN). */
/** CoreDNS's lookup of a name outside the zone through its own chain (`forward`): the answer records. */
type Lookup = (name: string, type: DnsType) => DnsRecord[] | undefined;

function zoneRecords(view: DnsClusterView, name: string, type: DnsType, extra: DnsRecord[], lookup?: Lookup, depth = 0): DnsRecord[] | undefined {
  const zone = view.zone.toLowerCase();
  const rel = name === zone ? '' : name.slice(0, -(zone.length + 1));
  const labels = rel === '' ? [] : rel.split('.');
  const n = labels.length;
  const owner = fqdn(name);
  const ttl = view.ttl;
  if (n === 0) return type === 'SOA' ? [soaOf(view)] : [];
  // The spec's schema version record (specification.md 2.1, "dns-version.<zone>" TXT, the
  // version this file implements); CoreDNS answers it with TTL 28800 (kubernetes.go Services).
  if (n === 1 && labels[0] === 'dns-version' && type === 'TXT') return [{ name: owner, type: 'TXT', ttl: DNS_VERSION_TTL, data: DNS_SCHEMA_VERSION }];
  if (n === 1 && (labels[0] === 'svc' || labels[0] === 'pod')) return [];
  if (n === 2 && (labels[1] === 'svc' || labels[1] === 'pod')) return view.namespaces.has(labels[0]!) ? [] : undefined;
  if (n === 3 && labels[2] === 'pod') {
    const ip = labels[0]!.replace(/-/g, '.');
    if (!isIpv4(ip) || !view.namespaces.has(labels[1]!)) return undefined;
    return type === 'A' ? [{ name: owner, type: 'A', ttl, data: ip }] : [];
  }
  if (labels[n - 1] !== 'svc' || n < 3) return undefined;
  const ns = labels[n - 2]!;
  const svc = view.services.get(`${ns}/${labels[n - 3]}`);
  if (!svc) return undefined;
  const svcName = `${svc.name}.${svc.namespace}.svc.${view.zone}.`;
  if (n === 3) {
    if (svc.type === 'ExternalName') {
      const cname: DnsRecord = { name: owner, type: 'CNAME', ttl, data: fqdn(svc.externalName ?? '') };
      const target = (svc.externalName ?? '').toLowerCase().replace(/\.$/, '');
      // CoreDNS plugin/backend_lookup.go A(): a target inside the zone is looked up at once and
      // its records follow the CNAME (chains stop after 8 links); finding none leaves NODATA.
      const inZone = target === zone || target.endsWith(`.${zone}`);
      if (type === 'A' && inZone && depth < 8) {
        const next = zoneRecords(view, target, type, extra, lookup, depth + 1);
        return next?.length ? [cname, ...next] : [];
      }
      // A target outside the zone is looked up through the server itself (b.Lookup, the
      // upstream package: in kubeadm's Corefile that is `forward`) and its answer records follow
      // the CNAME. Without an answer yet (the forwarded query is on the wire, or no upstream
      // answers) the CNAME stands alone.
      if ((type === 'A' || type === 'AAAA') && !inZone) return [cname, ...(lookup?.(fqdn(target), type) ?? [])];
      return [cname];
    }
    if (type === 'A') {
      if (!headless(svc)) return [{ name: owner, type: 'A', ttl, data: svc.clusterIP }];
      const eps = readyEps(svc);
      return eps.length ? eps.map((e) => ({ name: owner, type: 'A', ttl, data: e.ip })) : undefined;
    }
    if (type === 'SRV') return srvFor(svc, owner, svcName, svc.ports.filter((p) => p.name), extra, ttl);
    return [];
  }
  if (n === 4 && headless(svc)) {
    // Every ready endpoint with that hostname answers (spec 2.4.1: a record "for each ready
    // endpoint with hostname"; pods of a StatefulSet-less subdomain may share one).
    const eps = readyEps(svc).filter((e) => endpointLabel(e) === labels[0]);
    if (!eps.length) return undefined;
    return type === 'A' ? [...new Set(eps.map((e) => e.ip))].map((ip) => ({ name: owner, type: 'A', ttl, data: ip })) : [];
  }
  if (n === 5 && labels[0]!.startsWith('_') && labels[1]!.startsWith('_')) {
    const portName = labels[0]!.slice(1);
    const proto = labels[1]!.slice(1).toUpperCase();
    const ports = svc.ports.filter((p) => p.name === portName && p.protocol === proto);
    if (!ports.length) return undefined;
    return type === 'SRV' ? srvFor(svc, owner, svcName, ports, extra, ttl) : [];
  }
  return undefined;
}

/** SRV answers for `ports` of `svc`, filling the additional section with the targets' A records. */
function srvFor(svc: DnsService, owner: string, svcName: string, ports: DnsService['ports'], extra: DnsRecord[], ttl: number): DnsRecord[] {
  const out: DnsRecord[] = [];
  if (!headless(svc)) {
    const w = Math.floor(100 / ports.length);
    for (const p of ports) out.push({ name: owner, type: 'SRV', ttl, data: `0 ${w} ${p.port} ${svcName}` });
    if (ports.length) extra.push({ name: svcName, type: 'A', ttl, data: svc.clusterIP });
    return out;
  }
  const targets = readyEps(svc).flatMap((e) => ports.map((p) => ({ e, port: e.ports.find((x) => x.name === p.name)?.port ?? p.port })));
  const w = targets.length ? Math.floor(100 / targets.length) : 0;
  for (const t of targets) {
    const target = `${endpointLabel(t.e)}.${svcName}`;
    out.push({ name: owner, type: 'SRV', ttl, data: `0 ${w} ${t.port} ${target}` });
    extra.push({ name: target, type: 'A', ttl, data: t.e.ip });
  }
  return out;
}

/** PTR target for an IP: a Service's ClusterIP, else an endpoint (CoreDNS serviceRecordForIP). */
function reverseName(view: DnsClusterView, ip: string): string | undefined {
  const svcs = [...view.services.values()];
  const s = svcs.find((x) => x.clusterIP === ip);
  if (s) return `${s.name}.${s.namespace}.svc.${view.zone}.`;
  for (const x of svcs) {
    const e = x.endpoints.find((ep) => ep.ip === ip);
    if (e) return `${endpointLabel(e)}.${x.name}.${x.namespace}.svc.${view.zone}.`;
  }
  return undefined;
}

/** CoreDNS's answer to `query`. */
export function answerQuery(view: DnsClusterView, query: DnsMessage, forward?: Forwarder): DnsMessage {
  const q = query.questions[0];
  if (!q) return { ...reply(query, false), rcode: 'REFUSED' };
  const name = q.name.toLowerCase().replace(/\.$/, '');
  const zone = view.zone.toLowerCase();
  if (name === zone || name.endsWith(`.${zone}`)) {
    const m = reply(query, true);
    const extra: DnsRecord[] = [];
    const lookup: Lookup = (n, type) => forward?.({ ...query, questions: [{ ...q, name: n, type }], answers: [], authority: [], additional: [] })?.answers;
    const recs = zoneRecords(view, name, q.type, extra, lookup);
    if (recs === undefined) return { ...m, rcode: 'NXDOMAIN', authority: [soaOf(view)] };
    m.answers = recs;
    m.additional = extra;
    if (!recs.length) m.authority = [soaOf(view)];
    return m;
  }
  const rev = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(name);
  if (rev && q.type === 'PTR') {
    const target = reverseName(view, `${rev[4]}.${rev[3]}.${rev[2]}.${rev[1]}`);
    if (target) return { ...reply(query, true), answers: [{ name: fqdn(name), type: 'PTR', ttl: view.ttl, data: target }] };
  }
  const up = forward?.(query);
  if (!up) return { ...reply(query, false), rcode: 'SERVFAIL' };
  return { ...up, id: query.id, ...(query.edns ? { edns: { ...query.edns } } : {}) };
}
