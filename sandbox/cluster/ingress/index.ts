/**
 * Ingress objects: validation (validate.ts), and an nginx-like ingress controller: routing by
 * Host and path (routing.ts), the controller pods' proxy app and image (nginx.ts), and the
 * status sync that publishes the controller Service's external IP on each Ingress (status.ts,
 * after the cloud load balancer in ../controllers/index.ts).
 */
export { routeRequest, pathMatches, ingressOfClass, type IngressBackend } from './routing.ts';
export { reconcileIngressStatus, CONTROLLER } from './status.ts';
export { errorPage, parseRequest, ingressNginx } from './nginx.ts';
export { INGRESS_NGINX_MANIFEST } from './manifest.ts';
