/**
 * What kube-proxy's iptables proxier knows, reduced to plain data: one entry per Service port
 * (pkg/proxy/serviceport.go BaseServicePortInfo), its endpoints as the EndpointSlice cache
 * hands them over (pkg/proxy/endpointslicecache.go, sorted by "ip:port"), and the facts of the
 * node it runs on. Rule generation is a pure function of these.
 */

/** Transport protocols a Service port can carry (upper case, as the API spells them). */
export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

/** `Cluster` or `Local` (spec.internalTrafficPolicy / spec.externalTrafficPolicy). */
export type TrafficPolicy = 'Cluster' | 'Local';

/** One port of one Service, as kube-proxy tracks it. */
export interface ProxyServicePort {
  namespace: string;
  /** Service name. */
  name: string;
  /** Port name; empty for a single unnamed port (then the port name string has no `:`). */
  portName: string;
  protocol: ServiceProtocol;
  /** spec.clusterIP as text (headless and ExternalName Services are not given to kube-proxy). */
  clusterIP: string;
  /** spec.ports[].port */
  port: number;
  /** spec.ports[].nodePort, 0 when none. */
  nodePort: number;
  /** spec.externalIPs */
  externalIPs: string[];
  /** status.loadBalancer.ingress[].ip */
  loadBalancerIPs: string[];
  /** spec.loadBalancerSourceRanges (CIDR text). */
  loadBalancerSourceRanges: string[];
  /** spec.sessionAffinity */
  sessionAffinity: 'None' | 'ClientIP';
  /** spec.sessionAffinityConfig.clientIP.timeoutSeconds (default 10800). */
  stickyMaxAgeSeconds: number;
  externalTrafficPolicy: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  /** spec.healthCheckNodePort (LoadBalancer + externalTrafficPolicy Local), 0 when none. */
  healthCheckNodePort: number;
}

/** One endpoint of a Service port (an EndpointSlice endpoint with the port resolved). */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  /** The node the endpoint runs on (endpoints[].nodeName). */
  nodeName?: string;
  /** conditions.ready (nil counts as ready). */
  ready: boolean;
  /** conditions.serving */
  serving: boolean;
  /** conditions.terminating */
  terminating: boolean;
}

/** Node-level settings and facts kube-proxy is started with. */
export interface ProxyNode {
  /** --hostname-override / the Node name; decides which endpoints are local. */
  nodeName: string;
  /** The node's primary IP (used for loadBalancerSourceRanges that contain it). */
  nodeIP: string;
  /** --cluster-cidr: `detect-local-mode=ClusterCIDR` writes `! -s CIDR` / `-s CIDR`; absent = not implemented. */
  clusterCIDR?: string;
  /** --masquerade-all */
  masqueradeAll?: boolean;
  /** --iptables-localhost-nodeports (default true). */
  localhostNodePorts?: boolean;
  /** --iptables-masquerade-bit (default 14, mark 0x4000). */
  masqueradeBit?: number;
  /** iptables supports --random-fully (1.6.2+; true on every current distribution). */
  randomFully?: boolean;
  /** net.netfilter.nf_conntrack_tcp_be_liberal is set (then no INVALID DROP rule). */
  conntrackTCPLiberal?: boolean;
}

/** A Service port with its endpoints: the unit kube-proxy writes rules for. */
export interface ProxyEntry {
  svc: ProxyServicePort;
  /** All endpoints of the port, in any order (the generator sorts them as kube-proxy does). */
  endpoints: ProxyEndpoint[];
}
