/**
 * The EndpointSlice and Endpoints controllers (controller.ts; in ../controllers/index.ts after
 * the kubelet reports pod IPs and readiness, before kube-proxy and CoreDNS read the slices).
 * desired.ts is the pure part (which pods, which ports).
 */
export { desiredGroups, resolveTargetPort } from './desired.ts';
export { reconcileEndpoints, SERVICE_NAME_LABEL } from './controller.ts';
