/**
 * Loading a scenario's iptables payload into a namespace, as `iptables-restore` would
 * (the net layer's netfilter, sandbox/net/netfilter/restore.ts). Returns the tool's error
 * text, or undefined on success.
 */
import type { World } from '../fabric/world.ts';
import { iptablesRestore } from '../net/netfilter/restore.ts';
import type { Netns } from '../net/types.ts';

/** Restores `text` (iptables-save format) into `ns`, replacing the tables it names. */
export function loadIptables(world: World, ns: Netns, text: string): string | undefined {
  const r = iptablesRestore(world, ns, text, { noflush: false });
  return r.ok ? undefined : r.stderr.trim();
}
