/**
 * kube-proxy, iptables mode. The pure core: chain names (chain-names.ts: base32(sha256) as
 * upstream), endpoint categorisation (categorize.ts), and the iptables-restore payload of a
 * sync (rules.ts, rules-service.ts) from Service ports, endpoints and node facts (types.ts).
 * The controller (controller.ts) reads Services and EndpointSlices (from-api.ts) and loads the
 * payload into every node's netfilter with iptables-restore --noflush, after ensuring its
 * jump rules (its place in the run order: ../controllers/index.ts).
 * May import: core, wire, net (netfilter), fabric, cluster's store and kubelet helpers.
 */
export { generateProxyRules, masqueradeMark, LARGE_CLUSTER_ENDPOINTS_THRESHOLD, type ProxySyncReport } from './rules.ts';
export { serviceChains, endpointChainName, servicePortNameString, portProtoHash, isServiceChainName } from './chain-names.ts';
export { computeProbability } from './probability.ts';
export { proxyEntriesOf } from './from-api.ts';
export { reconcileKubeProxy, syncNode, ensureJumps, restoreErrors } from './controller.ts';
export type * from './types.ts';
