/**
 * Periodic resync: the node agents re-apply their state on a timer, not only when the API
 * changes. kube-proxy runs syncProxyRules at least every `--iptables-sync-period` (its
 * ConfigMap's `iptables.syncPeriod`, 30s by default; pkg/proxy/iptables/proxier.go hands it to
 * the BoundedFrequencyRunner as the maximum interval), re-creating its jump rules and chains;
 * flanneld re-checks its iptables rules every few seconds. In the sandbox every controller
 * reconciles (reconcileAll) after each kubectl mutation and, through `periodicSync`, whenever
 * virtual time crosses a multiple of the sync period: `sleep 30` after deleting a kube-proxy
 * jump or KUBE-SERVICES rule by hand brings it back, as on a real node (how much a sync
 * rewrites is kube-proxy's own decision: kube-proxy/controller.ts syncNode).
 *
 * The shell's runtime calls `periodicSync(world)` each time virtual time advances (sleep,
 * waiting commands). Time is virtual, so runs are reproducible.
 */
import type { World } from '../fabric/world.ts';
import { reconcileAll } from './reconcile.ts';
import { syncPeriodMs } from './kube-proxy/sync-period.ts';

/**
 * Runs every controller when virtual time has crossed a sync-period boundary since the last
 * periodic run; true when it ran. Cheap otherwise (one subtraction).
 */
export function periodicSync(world: World): boolean {
  const c = world.cluster;
  if (!c) return false;
  const period = syncPeriodMs(world);
  const last = c.lastPeriodicSync ?? 0;
  const now = world.clock.ms;
  if (Math.floor(now / period) === Math.floor(last / period)) return false;
  c.lastPeriodicSync = now;
  reconcileAll(world);
  return true;
}
