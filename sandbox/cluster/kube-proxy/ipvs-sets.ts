/**
 * The ip sets kube-proxy's IPVS proxier keeps (pkg/proxy/ipvs/ipset.go and proxier.go
 * ipsetInfo: names, types and the comments its iptables rules carry), and the table of sets
 * that get a plain `-m set` rule (ipsetWithIptablesChain), in upstream's order.
 */
import type { IpSetType } from '../../net/ipset/index.ts';

/** One set kube-proxy ensures (`ipset create NAME TYPE ... -exist`). */
export interface KubeSet { name: string; type: IpSetType; comment: string }

/** ipsetInfo, in upstream's order (the sandbox creates them in this order). */
export const KUBE_SETS: KubeSet[] = [
  { name: 'KUBE-LOOP-BACK', type: 'hash:ip,port,ip', comment: 'Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose' },
  { name: 'KUBE-CLUSTER-IP', type: 'hash:ip,port', comment: 'Kubernetes service cluster ip + port for masquerade purpose' },
  { name: 'KUBE-EXTERNAL-IP', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port for masquerade and filter purpose' },
  { name: 'KUBE-EXTERNAL-IP-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service external ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER', type: 'hash:ip,port', comment: 'Kubernetes service lb portal' },
  { name: 'KUBE-LOAD-BALANCER-FW', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port for load balancer with sourceRange' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', type: 'hash:ip,port', comment: 'Kubernetes service load balancer ip + port with externalTrafficPolicy=local' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', type: 'hash:ip,port,ip', comment: 'Kubernetes service load balancer ip + port + source IP for packet filter purpose' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', type: 'hash:ip,port,net', comment: 'Kubernetes service load balancer ip + port + source cidr for packet filter purpose' },
  { name: 'KUBE-NODE-PORT-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', type: 'bitmap:port', comment: 'Kubernetes nodeport TCP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port for masquerade purpose' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', type: 'bitmap:port', comment: 'Kubernetes nodeport UDP port with externalTrafficPolicy=local' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port for masquerade purpose with type 'hash ip:port'" },
  { name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', type: 'hash:ip,port', comment: "Kubernetes nodeport SCTP port with externalTrafficPolicy=local with type 'hash ip:port'" },
  { name: 'KUBE-HEALTH-CHECK-NODE-PORT', type: 'bitmap:port', comment: 'Kubernetes health check node port' },
  { name: 'KUBE-IPVS-IPS', type: 'hash:ip', comment: 'Addresses on the ipvs interface' },
];

export const commentOf = (name: string): string => KUBE_SETS.find((s) => s.name === name)?.comment ?? '';

/** ipsetWithIptablesChain: `-A FROM [-p PROTO] -m comment --comment C -m set --match-set NAME MATCH -j TO` when the set is not empty. */
export const SET_RULES: { name: string; table: 'nat' | 'filter'; from: string; to: string; match: string; proto?: string }[] = [
  { name: 'KUBE-LOOP-BACK', table: 'nat', from: 'KUBE-POSTROUTING', to: 'MASQUERADE', match: 'dst,dst,src' },
  { name: 'KUBE-LOAD-BALANCER', table: 'nat', from: 'KUBE-SERVICES', to: 'KUBE-LOAD-BALANCER', match: 'dst,dst' },
  { name: 'KUBE-LOAD-BALANCER-LOCAL', table: 'nat', from: 'KUBE-LOAD-BALANCER', to: 'RETURN', match: 'dst,dst' },
  { name: 'KUBE-NODE-PORT-LOCAL-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', match: 'dst', proto: 'tcp' },
  { name: 'KUBE-NODE-PORT-TCP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', match: 'dst', proto: 'tcp' },
  { name: 'KUBE-NODE-PORT-LOCAL-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', match: 'dst', proto: 'udp' },
  { name: 'KUBE-NODE-PORT-UDP', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', match: 'dst', proto: 'udp' },
  { name: 'KUBE-NODE-PORT-LOCAL-SCTP-HASH', table: 'nat', from: 'KUBE-NODE-PORT', to: 'RETURN', match: 'dst,dst', proto: 'sctp' },
  { name: 'KUBE-NODE-PORT-SCTP-HASH', table: 'nat', from: 'KUBE-NODE-PORT', to: 'KUBE-MARK-MASQ', match: 'dst,dst', proto: 'sctp' },
  { name: 'KUBE-LOAD-BALANCER-FW', table: 'filter', from: 'KUBE-PROXY-FIREWALL', to: 'KUBE-SOURCE-RANGES-FIREWALL', match: 'dst,dst' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-CIDR', table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', match: 'dst,dst,src' },
  { name: 'KUBE-LOAD-BALANCER-SOURCE-IP', table: 'filter', from: 'KUBE-SOURCE-RANGES-FIREWALL', to: 'RETURN', match: 'dst,dst,src' },
];

/** iptablesChains: the chains the proxier owns, nat then filter. */
export const IPVS_CHAINS = {
  nat: ['KUBE-SERVICES', 'KUBE-POSTROUTING', 'KUBE-NODE-PORT', 'KUBE-LOAD-BALANCER', 'KUBE-MARK-MASQ'],
  filter: ['KUBE-FORWARD', 'KUBE-NODE-PORT', 'KUBE-PROXY-FIREWALL', 'KUBE-SOURCE-RANGES-FIREWALL', 'KUBE-IPVS-FILTER', 'KUBE-IPVS-OUT-FILTER'],
};

/** iptablesJumpChain: `-m comment --comment C -j TO` prepended to a built-in chain, in this order. */
export const IPVS_JUMPS: { table: 'nat' | 'filter'; from: string; to: string; comment: string }[] = [
  { table: 'nat', from: 'OUTPUT', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'PREROUTING', to: 'KUBE-SERVICES', comment: 'kubernetes service portals' },
  { table: 'nat', from: 'POSTROUTING', to: 'KUBE-POSTROUTING', comment: 'kubernetes postrouting rules' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-FORWARD', comment: 'kubernetes forwarding rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-NODE-PORT', comment: 'kubernetes health check rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-PROXY-FIREWALL', comment: 'kube-proxy firewall rules' },
  { table: 'filter', from: 'FORWARD', to: 'KUBE-PROXY-FIREWALL', comment: 'kube-proxy firewall rules' },
  { table: 'filter', from: 'INPUT', to: 'KUBE-IPVS-FILTER', comment: 'kubernetes ipvs access filter' },
  { table: 'filter', from: 'OUTPUT', to: 'KUBE-IPVS-OUT-FILTER', comment: 'kubernetes ipvs access filter' },
];
