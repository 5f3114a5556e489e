/**
 * cluster: Kubernetes inside the sandbox. An API store (store.ts: namespaced objects with
 * labels, selectors, resourceVersions and watches), the kinds it knows (kinds.ts), what the
 * API server checks per kind (validators.ts), and the controllers that turn objects into
 * state of the network model, in the order of one table (controllers/index.ts).
 * May import: core, wire, net, fabric. Imported by: shell (kubectl), grading, scenarios.
 *
 * The cluster lives in `world.cluster` (plain data, snapshotted with the world). After every
 * mutating API call, callers run `reconcileAll(world)` (reconcile.ts).
 */
import './apps/index.ts';
import type { ClusterConfig, ClusterState } from './types.ts';

export * from './types.ts';
export * from './store.ts';
export * from './kinds.ts';
export * from './selector.ts';
export { reconcileAll, reconcileYielding } from './reconcile.ts';
export { CONTROLLERS, type Controller } from './controllers/index.ts';
export { VALIDATORS, validate, type Validator } from './validators.ts';
export { periodicSync } from './periodic.ts';
export { syncPeriodMs, DEFAULT_SYNC_PERIOD_MS } from './kube-proxy/sync-period.ts';
export { clusterDns, containerMachineName, nodeNetns, imageRef } from './controllers/kubelet.ts';
export { imageBehaviour, IMAGES } from './images.ts';

/** The defaults of a kubeadm cluster with flannel. */
export const DEFAULT_CLUSTER_CONFIG: ClusterConfig = {
  clusterCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12', nodeCidrMaskSize: 24, network: 'vxlan', networkPolicy: false,
  clusterDomain: 'cluster.local', mtu: 1450, proxyMode: 'iptables', version: 'v1.31.2',
};

/** An empty cluster (no objects yet) with `config`. */
export const createCluster = (config: Partial<ClusterConfig> = {}): ClusterState => ({
  config: { ...DEFAULT_CLUSTER_CONFIG, ...config },
  objects: new Map(), resourceVersion: 0, events: [], nodes: new Map(), pods: new Map(), podCidrs: new Map(),
});
