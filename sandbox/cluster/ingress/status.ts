/**
 * ingress-nginx's status sync (`--publish-service=ingress-nginx/ingress-nginx-controller`):
 * every Ingress of its class gets the controller Service's load-balancer addresses in
 * `status.loadBalancer.ingress`, which `kubectl get ingress` shows as ADDRESS. Nothing is
 * published while the controller has no running pod or the Service no external IP.
 */
import type { World } from '../../fabric/world.ts';
import type { ClusterState } from '../types.ts';
import { cloneObject, getObject, listObjects, updateObject } from '../store.ts';
import { ingressOfClass } from './routing.ts';

/** Where the controller runs and which class it serves (the upstream manifest's names). */
export const CONTROLLER = { namespace: 'ingress-nginx', service: 'ingress-nginx-controller', className: 'nginx' };

/** Publishes the controller Service's addresses on the Ingresses of its class; true when the store changed. */
export function reconcileIngressStatus(c: ClusterState, world: World): boolean {
  const svc = getObject(c, 'Service', CONTROLLER.namespace, CONTROLLER.service);
  const running = listObjects(c, 'Pod', CONTROLLER.namespace).some((p) => (p.status as { phase?: string } | undefined)?.phase === 'Running');
  const lb = ((svc?.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer?.ingress ?? [])
    .filter((i) => i.ip).map((i) => ({ ip: i.ip! }));
  const want = running ? lb : [];
  let changed = false;
  for (const ing of listObjects(c, 'Ingress')) {
    if (!ingressOfClass(c, ing, CONTROLLER.className)) continue;
    const have = (ing.status as { loadBalancer?: { ingress?: unknown[] } } | undefined)?.loadBalancer?.ingress ?? [];
    if (JSON.stringify(have) === JSON.stringify(want)) continue;
    const next = cloneObject(ing);
    next.status = { loadBalancer: want.length ? { ingress: want } : {} };
    if (updateObject(world, next).ok) changed = true;
  }
  return changed;
}
