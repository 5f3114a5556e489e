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
import { reconcileAll } from './registry.ts';
import { getObject } from './store.ts';

/** kube-proxy's default `--iptables-sync-period` (30s). */
export const DEFAULT_SYNC_PERIOD_MS = 30_000;

/** Parses a Go duration as kube-proxy's config has it (`30s`, `1m0s`, `500ms`); undefined if not one. */
export function parseGoDuration(text: string): number | undefined {
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(text)) return undefined;
  const unit: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  let ms = 0;
  for (const [, n, , u] of text.matchAll(/(\d+(\.\d+)?)(ms|h|m|s)/g)) ms += Number(n) * unit[u!]!;
  return ms;
}

/** The sync period: the kube-proxy ConfigMap's `iptables.syncPeriod` when present, else 30s. */
export function syncPeriodMs(world: World): number {
  const c = world.cluster;
  const cm = c ? getObject(c, 'ConfigMap', 'kube-system', 'kube-proxy') : undefined;
  const conf = (cm?.data as Record<string, string> | undefined)?.['config.conf'] ?? '';
  const m = /^\s*syncPeriod:\s*"?([0-9a-z.]+)"?\s*$/m.exec(conf.slice(conf.indexOf('iptables:')));
  const ms = m ? parseGoDuration(m[1]!) : undefined;
  return ms !== undefined && ms >= 1000 ? ms : DEFAULT_SYNC_PERIOD_MS;
}

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
