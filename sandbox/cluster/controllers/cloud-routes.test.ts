// The route controller against a full route table (k8s.io/cloud-provider controllers/route
// route_controller.go: FailedToCreateRoute, NetworkUnavailable NoRouteCreated/RouteCreated;
// the node lifecycle controller's network-unavailable taint): in routes mode with a table of
// two routes, the third node gets no route and its pods are unreachable from the others,
// until a route frees up.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { clusterScenario } from '../../scenarios/fixtures.ts';
import { createShell } from '../../shell/session.ts';
import { formatIpv4 } from '../../wire/index.ts';
import { eventsFor } from '../events.ts';
import { deleteObject, getObject } from '../store.ts';
import { reconcileAll } from '../reconcile.ts';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: far }
spec:
  nodeName: node-3
  containers: [{ name: c, image: "nginx:1.27" }]`;

describe('cloud routes with a route-table limit', () => {
  it('the node past the limit gets no route, NoRouteCreated, the taint and an event; a freed route heals it', async () => {
    const text = clusterScenario({ nodes: 3, network: 'routes', manifests: POD }).replace('  router: lan\n', '  router: lan\n  routeTableLimit: 2\n');
    const r = bootScenario(text, 1);
    if (typeof r === 'string') throw new Error(r);
    const w = r.world;
    const lan = w.netns.get(w.machines.get('lan')!.netns)!;
    const routes = () => lan.routes.filter((x) => x.proto === 'static').map((x) => `${formatIpv4(x.dst.addr)}/${x.dst.len} via ${formatIpv4(x.via!)}`);
    expect(routes()).toEqual(['10.244.0.0/24 via 10.0.16.11', '10.244.1.0/24 via 10.0.16.12']);
    const node3 = () => getObject(w.cluster!, 'Node', undefined, 'node-3')!;
    const cond = () => (node3().status as { conditions: { type: string; status: string; reason: string; message: string }[] }).conditions.find((x) => x.type === 'NetworkUnavailable');
    expect(cond()).toMatchObject({ status: 'True', reason: 'NoRouteCreated', message: 'RouteController failed to create a route' });
    expect((node3().spec as { taints?: { key: string; effect: string }[] }).taints).toEqual([expect.objectContaining({ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' })]);
    const ev = eventsFor(w, node3().metadata.uid).filter((e) => e.reason === 'FailedToCreateRoute');
    expect(ev.map((e) => e.message)).toEqual([`Could not create route ${node3().metadata.uid} 10.244.2.0/24 for node node-3 after 0s: RouteLimitExceeded: The maximum number of routes has been reached.`]);
    expect((getObject(w.cluster!, 'Node', undefined, 'node-2')!.status as { conditions: { type: string; reason: string }[] }).conditions.find((x) => x.type === 'NetworkUnavailable')?.reason).toBe('RouteCreated');
    const ip = w.cluster!.pods.get('default/far')!.ip;
    const sh = createShell(w, 'node-2');
    expect((await sh.exec(`ping -c 1 -W 1 ${ip}`, () => undefined)).status).toBe(1);
    let described = '';
    await sh.exec('kubectl describe node node-3', (c) => { described += c.text; });
    expect(described).toMatch(/Taints:\s+node\.kubernetes\.io\/network-unavailable:NoSchedule\n/);
    expect(described).toMatch(/NetworkUnavailable\s+True\s+NoRouteCreated\s+RouteController failed to create a route/);
    expect(described).toMatch(/Warning\s+FailedToCreateRoute\s+\S+\s+route_controller\s+Could not create route /);
    deleteObject(w, 'Node', undefined, 'node-1');
    reconcileAll(w);
    expect(routes()).toEqual(['10.244.1.0/24 via 10.0.16.12', '10.244.2.0/24 via 10.0.16.13']);
    expect(cond()).toMatchObject({ status: 'False', reason: 'RouteCreated', message: 'RouteController created a route' });
    expect((node3().spec as { taints?: unknown[] }).taints).toBeUndefined();
    expect((await sh.exec(`ping -c 1 -W 1 ${ip}`, () => undefined)).status).toBe(0);
  });
});
