/**
 * cluster: Kubernetes inside the sandbox. An API store (store.ts: namespaced objects with
 * labels, selectors, resourceVersions and watches), the kinds it knows (kinds.ts), and the
 * controllers that turn objects into state of the network model (controllers/, cni/).
 * May import: core, wire, net, fabric. Imported by: shell (kubectl), grading, scenarios.
 *
 * The cluster lives in `world.cluster` (plain data, snapshotted with the world). After every
 * mutating API call, callers run `reconcileAll(world)`: each registered controller's
 * reconcile(cluster, world) runs, in `order`, round after round until nothing changes.
 *
 * For other controllers (H7: EndpointSlice, kube-proxy, CoreDNS, NetworkPolicy, Ingress):
 *   import { registerController } from '../cluster/index.ts';
 *   registerController({ name: 'kube-proxy', order: 70, reconcile(cluster, world) { ... return changed; } });
 * and register kind validators with `registerValidator(kind, fn)`, pod environment with
 * `registerPodEnvProvider(fn)`. Built-in orders: deployment 20, daemonset 25, replicaset 30, garbage
 * collector 35, node-ipam 40, scheduler 50, flannel 55, kubelet 60.
 */
import { registerController } from './registry.ts';
import './apps/images.ts';
import './validation.ts';
import { reconcileDeployments } from './controllers/deployment.ts';
import { reconcileReplicaSets } from './controllers/replicaset.ts';
import { reconcileDaemonSets } from './controllers/daemonset.ts';
import { reconcileGarbage } from './controllers/garbage-collector.ts';
import { reconcileNodeIpam } from './controllers/node-ipam.ts';
import { reconcileScheduler } from './controllers/scheduler.ts';
import { reconcileFlannel } from './controllers/flannel.ts';
import { reconcileKubelet } from './controllers/kubelet.ts';
import type { ClusterConfig, ClusterState } from './types.ts';
// H7's network control plane: each folder registers its controllers, validators and apps on import.
import './service/index.ts';
import './endpoints/index.ts';
import './kube-proxy/index.ts';
import './dns/index.ts';
import './network-policy/index.ts';
import './ingress/index.ts';
import './cloud-lb/index.ts';
import './host-daemons/index.ts';

export * from './types.ts';
export * from './store.ts';
export * from './kinds.ts';
export * from './selector.ts';
export { registerController, reconcileAll, registeredControllers, type Controller } from './registry.ts';
export { periodicSync, syncPeriodMs, DEFAULT_SYNC_PERIOD_MS } from './periodic.ts';
export { registerPodEnvProvider, clusterDns, containerMachineName, nodeNetns, imageRef } from './controllers/kubelet.ts';
export { imageBehaviour, IMAGES } from './images.ts';

registerController({ name: 'deployment', order: 20, reconcile: (c, w) => reconcileDeployments(c, w) });
registerController({ name: 'daemonset', order: 25, reconcile: (c, w) => reconcileDaemonSets(c, w) });
registerController({ name: 'replicaset', order: 30, reconcile: (c, w) => reconcileReplicaSets(c, w) });
registerController({ name: 'garbage-collector', order: 35, reconcile: (c, w) => reconcileGarbage(c, w) });
registerController({ name: 'node-ipam', order: 40, reconcile: (c, w) => reconcileNodeIpam(c, w) });
registerController({ name: 'scheduler', order: 50, reconcile: (c, w) => reconcileScheduler(c, w) });
registerController({ name: 'flannel', order: 55, reconcile: (c, w) => reconcileFlannel(c, w) });
registerController({ name: 'kubelet', order: 60, reconcile: (c, w) => reconcileKubelet(c, w) });

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
