/**
 * NetworkPolicy: the semantics as a pure evaluator (evaluate.ts, checked against the upstream
 * e2e model's truth tables), API validation (validate.ts), and the enforcing agent modelled on
 * kube-router (agent.ts: chains; controller.ts: one per node).
 * May import: core, wire, net (netfilter), fabric, cluster's store/selector/kubelet helpers,
 * kube-proxy's sha256.
 */
export { policyAllows, policyVerdict, compilePolicyCluster, compilePolicy, effectivePolicyTypes, type PolicyVerdict, type CompiledPolicyCluster } from './evaluate.ts';
export { policyPayload, podFwChain, policyChain, ALLOW_MARK } from './agent.ts';
export { policyClusterOf, reconcilePolicyAgent, policyErrors } from './controller.ts';
export { validateNetworkPolicy } from './validate.ts';
export type * from './types.ts';
