/**
 * Ingress objects: validation (validate.ts, H7), and an nginx-like ingress controller (K2):
 * routing by Host and path (routing.ts), the controller pods' proxy app and image (nginx.ts),
 * and the status sync that publishes the controller Service's external IP on each Ingress
 * (status.ts, registered at order 74, after the cloud load balancer).
 */
import { registerValidator } from '../kinds.ts';
import { registerController } from '../registry.ts';
import { validateIngress } from './validate.ts';
import { reconcileIngressStatus } from './status.ts';
import './nginx.ts';

export { routeRequest, pathMatches, ingressOfClass, type IngressBackend } from './routing.ts';
export { reconcileIngressStatus, CONTROLLER } from './status.ts';
export { errorPage, parseRequest, ingressNginx } from './nginx.ts';

registerValidator('Ingress', (obj) => validateIngress(obj));
registerController({ name: 'ingress-status', order: 74, reconcile: (c, w) => reconcileIngressStatus(c, w) });
export { INGRESS_NGINX_MANIFEST } from './manifest.ts';
