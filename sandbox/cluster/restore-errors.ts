/**
 * What the node agents that load rules with iptables-restore (kube-proxy, the network policy
 * agent, the cloud load balancer) last failed with, per node or machine: the line the agent
 * would log ("Failed to execute iptables-restore"). A successful sync clears the entry. Kept in
 * the world so a snapshot holds it with the rules it explains.
 */
import type { World } from '../fabric/world.ts';

/** The agents that report restore errors. */
export type RestoreAgent = 'kube-proxy' | 'network-policy' | 'cloud-lb';

declare module '../fabric/world.ts' {
  interface WorldExtensions {
    /** Per agent: node (or machine) -> iptables-restore's error output (restore-errors.ts). */
    restoreErrors?: Map<RestoreAgent, Map<string, string>>;
  }
}

/** `agent`'s last errors by node, created empty on first use. */
export function restoreErrorsOf(world: World, agent: RestoreAgent): Map<string, string> {
  const all = (world.restoreErrors ??= new Map());
  let m = all.get(agent);
  if (!m) all.set(agent, (m = new Map()));
  return m;
}
