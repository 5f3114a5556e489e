/**
 * kube-proxy's `--iptables-sync-period`: how often it re-applies its rules even when nothing
 * changed (pkg/proxy/iptables/proxier.go hands it to the BoundedFrequencyRunner as the
 * maximum interval). The controllers' periodic run (../periodic.ts) and kube-proxy's own sync
 * (controller.ts) both read it.
 */
import type { World } from '../../fabric/world.ts';
import { getObject } from '../store.ts';

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
