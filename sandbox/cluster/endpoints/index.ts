/**
 * The EndpointSlice and Endpoints controllers (controller.ts), registered at order 65: after
 * the kubelet reports pod IPs and readiness, before kube-proxy and CoreDNS read the slices.
 * desired.ts is the pure part (which pods, which ports).
 */
import { registerController } from '../registry.ts';
import { reconcileEndpoints } from './controller.ts';

export { desiredGroups, resolveTargetPort } from './desired.ts';
export { reconcileEndpoints, SERVICE_NAME_LABEL } from './controller.ts';

registerController({ name: 'endpointslice', order: 65, reconcile: (c, w) => reconcileEndpoints(c, w) });
