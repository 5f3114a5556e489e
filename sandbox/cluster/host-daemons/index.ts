/**
 * Listening sockets of the node daemons (apps.ts says what each answers), kept in step with
 * the cluster as the processes would open and close them:
 * - the control-plane node (the one the `kubernetes` Service's endpoints name, the first
 *   node, see dns/addons.ts) runs kube-apiserver on *:6443;
 * - every node's kubelet listens on *:10250 and 127.0.0.1:10248 (healthz);
 * - where a kube-proxy pod runs (host network): 0.0.0.0:10256 healthz, 127.0.0.1:10249
 *   metrics, and 0.0.0.0:healthCheckNodePort for each Service that has one.
 * Each listener's `serve.params.process` names the program, for `ss -p` (users:(("...")));
 * `params.daemon` marks the listeners this controller owns.
 * The servers are in apps.ts (listed in ../apps/index.ts); this controller runs last in
 * ../controllers/index.ts. May import: net (types), cluster's store.
 */
import type { World } from '../../fabric/world.ts';
import type { Listener } from '../../net/types.ts';
import { parseIpv4 } from '../../wire/index.ts';
import { listObjects } from '../store.ts';
import type { ClusterState } from '../types.ts';

const LOOPBACK = parseIpv4('127.0.0.1')!;

/** The daemon listeners node `name` should have. */
function desired(c: ClusterState, world: World, name: string, controlPlane: boolean): Listener[] {
  const l = (port: number, app: string, process: string, addr = 0, extra: Record<string, string> = {}): Listener =>
    ({ proto: 'tcp', addr, port, serve: { app, params: { daemon: 'host', process, node: name, ...extra } } });
  const out: Listener[] = [];
  if (controlPlane) out.push(l(6443, 'kube-apiserver', 'kube-apiserver'));
  out.push(l(10250, 'kubelet', 'kubelet'), l(10248, 'kubelet-healthz', 'kubelet', LOOPBACK));
  const proxy = listObjects(c, 'Pod', 'kube-system').find((p) => p.metadata.labels?.['k8s-app'] === 'kube-proxy' && (p.spec as { nodeName?: string }).nodeName === name);
  if (proxy) {
    // kube-proxy's monotonic clock starts with the process: the pod's creation.
    const started = String(Date.parse(proxy.metadata.creationTimestamp) - world.clock.epochMs);
    out.push(l(10256, 'kube-proxy-healthz', 'kube-proxy', 0, { started }), l(10249, 'kube-proxy-metrics', 'kube-proxy', LOOPBACK));
    for (const s of listObjects(c, 'Service')) {
      const port = (s.spec as { healthCheckNodePort?: number }).healthCheckNodePort;
      if (typeof port === 'number' && port > 0) {
        out.push(l(port, 'kube-proxy-service-health', 'kube-proxy', 0, { namespace: s.metadata.namespace!, service: s.metadata.name }));
      }
    }
  }
  return out;
}

/** Opens and closes the daemons' listeners on every node. */
export function reconcileHostDaemons(c: ClusterState, world: World): boolean {
  const first = [...c.nodes.keys()][0];
  for (const [name, rt] of c.nodes) {
    const m = world.machines.get(rt.machine);
    const ns = m ? world.netns.get(m.netns) : undefined;
    if (!ns) continue;
    const want = desired(c, world, name, name === first);
    const mine = ns.listeners.filter((x) => x.serve.params.daemon === 'host');
    const same = (a: Listener, b: Listener) => a.port === b.port && a.addr === b.addr && JSON.stringify(a.serve) === JSON.stringify(b.serve);
    if (mine.length === want.length && mine.every((x, i) => same(x, want[i]!))) continue;
    ns.listeners = [...ns.listeners.filter((x) => x.serve.params.daemon !== 'host'), ...want];
  }
  return false;
}
