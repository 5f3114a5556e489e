/**
 * A pod's /etc/resolv.conf as the kubelet computes it (pkg/kubelet/network/dns/dns.go,
 * GetPodDNS) and containerd writes it (`search`, `nameserver`, `options` lines):
 *
 * - ClusterFirst (the default): the cluster DNS Service IP, the search list
 *   `<ns>.svc.<domain> svc.<domain> <domain>` followed by the node's own search domains, and
 *   `options ndots:5`; a hostNetwork pod with ClusterFirst falls back to Default.
 * - ClusterFirstWithHostNet: ClusterFirst for hostNetwork pods too.
 * - Default: the node's resolv.conf (nameservers and search).
 * - None: only what dnsConfig says.
 * dnsConfig then appends nameservers and searches (duplicates dropped) and merges options
 * (a later option of the same name wins); at most 3 nameservers and 32 search domains are kept.
 */

/** spec.dnsConfig */
export interface PodDnsConfig {
  nameservers?: string[];
  searches?: string[];
  options?: { name: string; value?: string }[];
}

/** What the kubelet needs to know. */
export interface ResolvConfInput {
  namespace: string;
  dnsPolicy?: string;
  hostNetwork?: boolean;
  dnsConfig?: PodDnsConfig;
  /** --cluster-dns (the kube-dns Service IP). */
  clusterDNS: string;
  /** --cluster-domain */
  clusterDomain: string;
  /** The node's /etc/resolv.conf text (--resolv-conf). */
  hostResolvConf: string;
}

/** Parsed resolv.conf. */
export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  options: { name: string; value?: string }[];
}

/** Reads resolv.conf text (resolv.conf(5): the last `search`/`domain` line wins). */
export function parseResolvConf(text: string): ResolvConf {
  const out: ResolvConf = { nameservers: [], searches: [], options: [] };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0]) out.nameservers.push(rest[0]);
    else if (key === 'search' || key === 'domain') out.searches = rest;
    else if (key === 'options') for (const o of rest) {
      const [name, value] = o.split(':');
      out.options.push(value === undefined ? { name: name! } : { name: name!, value });
    }
  }
  return out;
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** The resolver configuration of a pod. */
export function podResolvConf(input: ResolvConfInput): ResolvConf {
  const host = parseResolvConf(input.hostResolvConf);
  let policy = input.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'ClusterFirst' && input.hostNetwork) policy = 'Default';
  let rc: ResolvConf;
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    const d = input.clusterDomain;
    rc = { nameservers: [input.clusterDNS], searches: [`${input.namespace}.svc.${d}`, `svc.${d}`, d, ...host.searches], options: [{ name: 'ndots', value: '5' }] };
  } else if (policy === 'Default') rc = { nameservers: host.nameservers, searches: host.searches, options: [] };
  else rc = { nameservers: [], searches: [], options: [] };
  const cfg = input.dnsConfig;
  if (cfg) {
    rc.nameservers = [...rc.nameservers, ...(cfg.nameservers ?? [])];
    rc.searches = [...rc.searches, ...(cfg.searches ?? [])];
    for (const o of cfg.options ?? []) {
      const i = rc.options.findIndex((x) => x.name === o.name);
      if (i >= 0) rc.options[i] = o;
      else rc.options.push(o);
    }
  }
  return { nameservers: uniq(rc.nameservers).slice(0, 3), searches: uniq(rc.searches).slice(0, 32), options: rc.options };
}

/** The file's text as containerd writes it. */
export function formatResolvConf(rc: ResolvConf): string {
  const lines: string[] = [];
  if (rc.searches.length) lines.push(`search ${rc.searches.join(' ')}`);
  for (const n of rc.nameservers) lines.push(`nameserver ${n}`);
  if (rc.options.length) lines.push(`options ${rc.options.map((o) => (o.value === undefined ? o.name : `${o.name}:${o.value}`)).join(' ')}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}
