/**
 * cloud-lb: the cloud's L4 load balancer for Services of type LoadBalancer (controller.ts has
 * the model: an AWS-NLB-like passthrough that DNATs each flow to a healthy node's NodePort and
 * keeps the client's address). Enabled by the scenario's `cluster.loadBalancer` (machine and
 * address pool); without it LoadBalancer Services stay `<pending>` as on bare metal.
 * Registered at order 72: after the EndpointSlice controller (65) and kube-proxy (70), whose
 * results the health checks read.
 * May import: core, wire, net, fabric, cluster's store, kubelet helpers and kube-proxy's view.
 */
import { registerController } from '../registry.ts';
import { reconcileCloudLb } from './controller.ts';

export { reconcileCloudLb, allocateIngress, nodeHealthy, lbPayload, poolAddresses, lbErrors, LB_CHAIN } from './controller.ts';

registerController({ name: 'cloud-lb', order: 72, reconcile: (c, w) => reconcileCloudLb(c, w) });
