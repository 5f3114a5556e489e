/**
 * Which endpoints a node uses for a Service port: pkg/proxy/topology.go CategorizeEndpoints
 * (without topology hints, which the sandbox does not model) and the ServicePort predicates of
 * pkg/proxy/serviceport.go.
 */
import type { ProxyEndpoint, ProxyServicePort } from './types.ts';

/** NodePort, load-balancer IPs or external IPs make a Service port reachable from outside. */
export const externallyAccessible = (s: ProxyServicePort): boolean =>
  s.nodePort !== 0 || s.loadBalancerIPs.length > 0 || s.externalIPs.length > 0;

/** externalTrafficPolicy: Local only counts for externally accessible ports. */
export const externalPolicyLocal = (s: ProxyServicePort): boolean =>
  externallyAccessible(s) && s.externalTrafficPolicy === 'Local';

/** internalTrafficPolicy: Local. */
export const internalPolicyLocal = (s: ProxyServicePort): boolean => s.internalTrafficPolicy === 'Local';

/** Whether the Cluster policy (KUBE-SVC-*) is used by either kind of traffic. */
export const usesClusterEndpoints = (s: ProxyServicePort): boolean =>
  !internalPolicyLocal(s) || (externallyAccessible(s) && !externalPolicyLocal(s));

/** Whether the Local policy (KUBE-SVL-*) is used by either kind of traffic. */
export const usesLocalEndpoints = (s: ProxyServicePort): boolean =>
  internalPolicyLocal(s) || externalPolicyLocal(s);

/** The categories CategorizeEndpoints returns. */
export interface Categorized {
  /** Usable endpoints for the Cluster policy (ready, else serving+terminating). */
  cluster: ProxyEndpoint[];
  /** Usable local endpoints for the Local policy. */
  local: ProxyEndpoint[];
  /** Union of the two: the endpoints that get a KUBE-SEP chain on this node. */
  reachable: ProxyEndpoint[];
  /** Any usable endpoint anywhere in the cluster. */
  hasAny: boolean;
}

/** `ip:port` (net.JoinHostPort for IPv4). */
export const endpointString = (e: ProxyEndpoint): string => `${e.ip}:${e.port}`;

/**
 * Sorts endpoints by their `ip:port` string and removes duplicates, as the EndpointSlice cache
 * does (endpointsMapFromEndpointInfo sorts byEndpoint: plain string order, so 10.0.0.10
 * sorts before 10.0.0.9).
 */
export function sortEndpoints(eps: ProxyEndpoint[]): ProxyEndpoint[] {
  const byKey = new Map<string, ProxyEndpoint>();
  for (const e of eps) {
    const k = endpointString(e);
    const prev = byKey.get(k);
    if (prev === undefined || !e.terminating) byKey.set(k, e);
  }
  return [...byKey.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((x) => x[1]);
}

/** CategorizeEndpoints for `eps` (already sorted) on node `nodeName`. */
export function categorizeEndpoints(eps: ProxyEndpoint[], s: ProxyServicePort, nodeName: string): Categorized {
  const isLocal = (e: ProxyEndpoint) => e.nodeName !== undefined && nodeName !== '' && e.nodeName === nodeName;
  let cluster: ProxyEndpoint[] = [];
  let useServingTerminating = false;
  if (usesClusterEndpoints(s)) {
    cluster = eps.filter((e) => e.ready);
    if (cluster.length === 0) cluster = eps.filter((e) => e.serving && e.terminating);
  }
  if (!usesLocalEndpoints(s)) return { cluster, local: [], reachable: cluster, hasAny: cluster.length > 0 };

  let hasAny = false;
  let localReady = false;
  let localServingTerminating = false;
  for (const e of eps) {
    if (e.ready) {
      hasAny = true;
      if (isLocal(e)) localReady = true;
    } else if (e.serving && e.terminating) {
      hasAny = true;
      if (isLocal(e)) localServingTerminating = true;
    }
  }
  let local: ProxyEndpoint[] = [];
  if (localReady) local = eps.filter((e) => isLocal(e) && e.ready);
  else if (localServingTerminating) {
    useServingTerminating = true;
    local = eps.filter((e) => isLocal(e) && e.serving && e.terminating);
  }
  if (!usesClusterEndpoints(s)) return { cluster, local, reachable: local, hasAny };
  if (!useServingTerminating) return { cluster, local, reachable: cluster, hasAny };
  // Upstream merges through a Go map (random order); the sandbox keeps endpoint-string order.
  return { cluster, local, reachable: sortEndpoints([...cluster, ...local]), hasAny };
}
