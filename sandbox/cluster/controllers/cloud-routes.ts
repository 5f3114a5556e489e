/**
 * routes mode: the cloud-controller-manager's route controller (k8s.io/cloud-provider
 * controllers/route, as GKE's routes-based clusters and kops' kubenet on AWS use it). The
 * VPC route table is the router machine's main table: one `PODCIDR via NODE-IP` route per
 * node, removed when the node goes. A table can hold only so many routes (AWS: 50 by
 * default, `routeTableLimit` in the scenario); a node whose route does not fit gets none:
 * the route controller records FailedToCreateRoute (`Could not create route <node uid>
 * <cidr> for node <name> after <duration>: <cloud error>`) and sets the Node's
 * NetworkUnavailable condition True, reason NoRouteCreated ("RouteController failed to create
 * a route"); a node with its route gets False, RouteCreated. The node lifecycle controller
 * taints a node whose network is unavailable `node.kubernetes.io/network-unavailable`
 * (NoSchedule), so new pods keep off it.
 */
import type { World } from '../../fabric/world.ts';
import { addRoute, delRoute } from '../../net/route.ts';
import { formatIpv4, parseCidr, parseIpv4 } from '../../wire/index.ts';
import { recordEvent } from '../events.ts';
import { getObject, nowStamp, updateObject } from '../store.ts';
import type { ClusterState, KubeObject } from '../types.ts';

/** A node that should have a route. */
export interface RoutedNode { name: string; cidr: string; ip: string }

/** EC2's error for a full route table (the API's error code, then its message). */
const LIMIT_ERROR = 'RouteLimitExceeded: The maximum number of routes has been reached.';
const TAINT = { key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' };

interface Condition { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string; lastTransitionTime?: string }
interface Taint { key: string; effect: string; value?: string; timeAdded?: string }

/** Sets the node's NetworkUnavailable condition and the taint that follows it; true when it wrote. */
function setNetworkCondition(world: World, node: KubeObject, created: boolean): boolean {
  const status = (node.status ?? {}) as { conditions?: Condition[] };
  const conds = status.conditions ?? [];
  const had = conds.find((x) => x.type === 'NetworkUnavailable');
  const want = created ? 'False' : 'True';
  const spec = (node.spec ?? {}) as { taints?: Taint[] };
  const tainted = (spec.taints ?? []).some((t) => t.key === TAINT.key);
  if (had?.status === want && tainted === !created) return false;
  const now = nowStamp(world);
  const cond: Condition = {
    type: 'NetworkUnavailable', status: want,
    reason: created ? 'RouteCreated' : 'NoRouteCreated',
    message: created ? 'RouteController created a route' : 'RouteController failed to create a route',
    lastHeartbeatTime: now, lastTransitionTime: had?.status === want ? had.lastTransitionTime ?? now : now,
  };
  const taints = (spec.taints ?? []).filter((t) => t.key !== TAINT.key);
  if (!created) taints.push({ ...TAINT, timeAdded: now });
  const { taints: _old, ...restSpec } = spec;
  updateObject(world, {
    ...node,
    spec: { ...restSpec, ...(taints.length ? { taints } : {}) },
    status: { ...status, conditions: [cond, ...conds.filter((x) => x.type !== 'NetworkUnavailable')] },
  });
  return true;
}

/** Reconciles the router's table with the nodes; true when anything outside the store changed. */
export function syncCloudRoutes(world: World, c: ClusterState, nodes: readonly RoutedNode[]): boolean {
  const m = c.config.router ? world.machines.get(c.config.router) : undefined;
  const ns = m ? world.netns.get(m.netns) : undefined;
  if (!ns) return false;
  let changed = false;
  const want = new Map(nodes.map((n) => [n.cidr, n.ip]));
  for (const r of [...ns.routes]) {
    if (r.table !== 254 || r.proto !== 'static') continue;
    const cidr = `${formatIpv4(r.dst.addr)}/${r.dst.len}`;
    if (want.get(cidr) !== (r.via === undefined ? undefined : formatIpv4(r.via))) {
      delRoute(ns, { table: 254, dst: r.dst, proto: 'static' });
      changed = true;
    }
  }
  const limit = c.config.routeTableLimit ?? Infinity;
  for (const n of nodes) {
    const dst = parseCidr(n.cidr)!;
    let created = ns.routes.some((r) => r.table === 254 && r.dst.addr === dst.addr && r.dst.len === dst.len);
    if (!created && ns.routes.filter((r) => r.table === 254 && r.proto === 'static').length < limit) {
      created = addRoute(ns, { table: 254, type: 'unicast', dst, via: parseIpv4(n.ip)!, proto: 'static', scope: 'global' }).ok;
      if (created) changed = true;
    }
    const node = getObject(c, 'Node', undefined, n.name);
    if (!node) continue;
    const wasFailing = ((node.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).some((x) => x.type === 'NetworkUnavailable' && x.status === 'True');
    if (setNetworkCondition(world, node, created) && !created && !wasFailing) {
      // The controller's Go duration of the failed call: the simulated cloud answers at once.
      recordEvent(world, getObject(c, 'Node', undefined, n.name)!, 'Warning', 'FailedToCreateRoute',
        `Could not create route ${node.metadata.uid} ${n.cidr} for node ${n.name} after 0s: ${LIMIT_ERROR}`, { component: 'route_controller' });
    }
  }
  return changed;
}
