/**
 * The iptables-restore payload of one kube-proxy sync (pkg/proxy/iptables/proxier.go,
 * syncProxyRules, a full sync): `*filter` chain lines and rules, `COMMIT`, `*nat` chain lines
 * and rules, `COMMIT`, to be loaded with `iptables-restore --noflush --counters`. A pure
 * function of the Service ports, their endpoints, the node's settings and the nat chains that
 * already exist (stale KUBE-SVC/SEP/... chains are flushed and deleted with `-X`).
 *
 * Where upstream iterates a Go map (Service ports, stale chains) the order is random on a real
 * node; the sandbox sorts by `namespace/name:port` and protocol so that a seed replays exactly.
 */
import type { ProxyEntry, ProxyNode } from './types.ts';
import { endpointChainName, isServiceChainName, serviceChains, servicePortNameString } from './chain-names.ts';
import { categorizeEndpoints, endpointString, sortEndpoints } from './categorize.ts';
import { writeServicePort, type SyncContext } from './rules-service.ts';

/** Above this many endpoints kube-proxy drops per-endpoint comments (largeClusterEndpointsThreshold). */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

/** The masquerade mark text: fmt.Sprintf("%#08x", 1<<bit) pads the digits to 8 (`0x00004000`). */
export const masqueradeMark = (bit = 14): string => `0x${(1 << bit).toString(16).padStart(8, '0')}`;

/** A sync's output. */
export interface ProxySyncReport {
  /** The exact iptables-restore input. */
  payload: string;
  /** nat chains the sync keeps (top-level and per-Service). */
  activeNatChains: Set<string>;
  /** True when comments were dropped because the cluster has more than 1000 endpoints. */
  largeClusterMode: boolean;
}

/** Orders entries as the sandbox's stand-in for Go map order: by port name, then protocol. */
function sortEntries(entries: ProxyEntry[]): ProxyEntry[] {
  return entries
    .map((e) => ({ e, key: `${servicePortNameString(e.svc)}\u0000${e.svc.protocol}` }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.e);
}

/**
 * Builds the payload of a full sync for `node` from every Service port and its endpoints.
 * `existingNatChains` are the nat chain names present before the sync (what kube-proxy reads
 * back with iptables-save) so that chains of deleted Services are removed. `changed` makes it
 * a partial sync (upstream's, when no full sync is due): only the Service ports named in it
 * (`namespace/name:port/protocol`, protocol lower case) get their own chains rewritten.
 */
export function generateProxyRules(entries: ProxyEntry[], node: ProxyNode, existingNatChains: Iterable<string> = [], changed?: Set<string>): ProxySyncReport {
  const mark = masqueradeMark(node.masqueradeBit);
  const filterChains: string[] = [];
  const filterRules: string[] = [];
  const natChains: string[] = [];
  const natRules: string[] = [];
  const localhostNodePorts = node.localhostNodePorts ?? true;

  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL']) filterChains.push(`:${c} - [0:0]`);
  for (const c of ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']) natChains.push(`:${c} - [0:0]`);

  natRules.push(`-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`);
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  natRules.push(`-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`);
  natRules.push(`-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${node.randomFully ?? true ? ' --random-fully' : ''}`);
  natRules.push(`-A KUBE-MARK-MASQ -j MARK --or-mark ${mark}`);

  if (localhostNodePorts) {
    // route_localnet opens a hole (kubernetes issue 90259) that this rule closes; kubelet writes the same rule.
    filterChains.push(':KUBE-FIREWALL - [0:0]');
    filterRules.push('-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP');
  }

  const sorted = sortEntries(entries);
  const prepared = sorted.map((e) => ({ svc: e.svc, eps: sortEndpoints(e.endpoints) }));
  let totalEndpoints = 0;
  for (const p of prepared) totalEndpoints += p.eps.length;
  const largeClusterMode = totalEndpoints > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;

  const active = new Set<string>(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ']);
  const ctx: SyncContext = { node, largeClusterMode, filterRules, natChains, natRules, active, ...(changed ? { changed } : {}) };
  for (const p of prepared) {
    const name = servicePortNameString(p.svc);
    const proto = p.svc.protocol.toLowerCase();
    const cat = categorizeEndpoints(p.eps, p.svc, node.nodeName);
    const sepName = (ep: (typeof p.eps)[number]) => endpointChainName(name, proto, endpointString(ep));
    writeServicePort(ctx, p.svc, name, proto, serviceChains(name, proto), cat, sepName);
  }

  // Delete chains no longer in use: a chain line flushes, -X deletes (only kube-proxy's own).
  const stale = [...new Set(existingNatChains)].filter((c) => !active.has(c) && isServiceChainName(c)).sort();
  for (const c of stale) {
    natChains.push(`:${c} - [0:0]`);
    natRules.push(`-X ${c}`);
  }

  // The tail call to KUBE-NODEPORTS must stay the last rule of KUBE-SERVICES.
  natRules.push(`-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL${localhostNodePorts ? '' : ' ! -d 127.0.0.0/8'} -j KUBE-NODEPORTS`);

  // INVALID packets would reset connections unless the conntrack TCP window check is liberal (kubernetes issue 74839).
  if (!node.conntrackTCPLiberal) filterRules.push('-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP');
  filterRules.push(`-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  filterRules.push('-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');

  const payload = ['*filter', ...filterChains, ...filterRules, 'COMMIT', '*nat', ...natChains, ...natRules, 'COMMIT', ''].join('\n');
  return { payload, activeNatChains: active, largeClusterMode };
}
