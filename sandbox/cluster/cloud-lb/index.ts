/**
 * cloud-lb: the cloud's L4 load balancer for Services of type LoadBalancer (controller.ts has
 * the model: an AWS-NLB-like passthrough that DNATs each flow to a healthy node's NodePort and
 * keeps the client's address). Enabled by the scenario's `cluster.loadBalancer` (machine and
 * address pool); without it LoadBalancer Services stay `<pending>` as on bare metal.
 * Runs after the EndpointSlice controller and kube-proxy (../controllers/index.ts), whose
 * results the health checks read.
 * May import: core, wire, net, fabric, cluster's store, kubelet helpers and kube-proxy's view.
 */
export { reconcileCloudLb, allocateIngress, nodeHealthy, lbPayload, poolAddresses, lbErrors, LB_CHAIN } from './controller.ts';
