/**
 * Which controllers run, in what order: the one table. `reconcileAll` (../reconcile.ts) runs
 * them top to bottom, round after round, until a round changes nothing. To add a controller,
 * add one line where its inputs are ready: after the controllers whose results it reads.
 * May import: the reconcile functions of cluster's folders (never ../index.ts).
 */
import type { World } from '../../fabric/world.ts';
import type { ClusterState } from '../types.ts';
import { reconcileServiceAllocation } from '../service/allocate.ts';
import { reconcileStaticPods } from './static-pods.ts';
import { reconcileAddons } from '../dns/addons.ts';
import { reconcileDeployments } from './deployment.ts';
import { reconcileDaemonSets } from './daemonset.ts';
import { reconcileReplicaSets } from './replicaset.ts';
import { reconcileGarbage } from './garbage-collector.ts';
import { reconcileNodeIpam } from './node-ipam.ts';
import { reconcileScheduler } from './scheduler.ts';
import { reconcileFlannel } from './flannel.ts';
import { reconcileCalicoNode } from './calico-node.ts';
import { reconcileKubelet } from './kubelet.ts';
import { reconcileEndpoints } from '../endpoints/controller.ts';
import { reconcileKubeProxy } from '../kube-proxy/controller.ts';
import { reconcileCloudLb } from '../cloud-lb/controller.ts';
import { reconcileIngressStatus } from '../ingress/status.ts';
import { reconcilePolicyAgent } from '../network-policy/controller.ts';
import { reconcileHostDaemons } from '../host-daemons/index.ts';

/**
 * A controller: reconcile returns true when it changed state outside the API store, 'more'
 * when it stopped at its burst limit with work left for the next round (replicaset.ts).
 */
export interface Controller {
  name: string;
  reconcile(cluster: ClusterState, world: World): boolean | 'more' | void;
}

/** The controllers in running order. */
export const CONTROLLERS: readonly Controller[] = [
  // The API server's own allocators: a Service has its ClusterIP before anyone reads it.
  { name: 'service-allocator', reconcile: reconcileServiceAllocation },
  // kubeadm's addons (CoreDNS, kube-proxy objects) before the Deployment controller, so
  // CoreDNS's pods start in the same round.
  { name: 'addons', reconcile: reconcileAddons },
  // The kubelet's static pods (/etc/kubernetes/manifests) as mirror pods, already bound.
  { name: 'static-pods', reconcile: reconcileStaticPods },
  { name: 'deployment', reconcile: reconcileDeployments },
  { name: 'daemonset', reconcile: reconcileDaemonSets },
  { name: 'replicaset', reconcile: reconcileReplicaSets },
  // Also PodGC and namespace deletion.
  { name: 'garbage-collector', reconcile: reconcileGarbage },
  { name: 'node-ipam', reconcile: reconcileNodeIpam },
  { name: 'scheduler', reconcile: reconcileScheduler },
  // Routes and VXLAN to other nodes' pod ranges, once node-ipam gave each node one.
  { name: 'flannel', reconcile: reconcileFlannel },
  // Calico instead of flannel: blocks, tunl0 and BIRD's routes (calico-node.ts).
  { name: 'calico-node', reconcile: reconcileCalicoNode },
  // Pod sandboxes through CNI, containers, pod status and IPs.
  { name: 'kubelet', reconcile: reconcileKubelet },
  // EndpointSlices from the pod IPs and readiness the kubelet just reported.
  { name: 'endpointslice', reconcile: reconcileEndpoints },
  // Rules from the slices; the cloud load balancer's health checks read what kube-proxy made.
  { name: 'kube-proxy', reconcile: reconcileKubeProxy },
  { name: 'cloud-lb', reconcile: reconcileCloudLb },
  // Publishes the load balancer's address on each Ingress, so after cloud-lb.
  { name: 'ingress-status', reconcile: reconcileIngressStatus },
  { name: 'network-policy-agent', reconcile: reconcilePolicyAgent },
  // The node daemons' sockets: kube-proxy's health check ports follow the Services' allocations.
  { name: 'host-daemons', reconcile: reconcileHostDaemons },
];
