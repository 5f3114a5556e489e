/**
 * iptables-nft without CAP_NET_ADMIN (a container's default capabilities): its first netlink
 * request, fetching the rule set's generation id, fails, so every command but -V/-h (listing
 * too) stops there with exit 4 (iptables 1.8.9 nft-cache.c; fixtures/edges-node/caps.json).
 */
import { hasCapability } from '../../../fabric/capabilities.ts';
import type { CommandContext } from '../../types.ts';

/** Prints the refusal for `prog` (`iptables`, `iptables-save` ...) and returns 4, or undefined when allowed. */
export function nftNotPermitted(ctx: CommandContext, prog: string): number | undefined {
  if (hasCapability(ctx.machine, 'NET_ADMIN')) return undefined;
  ctx.stderr.write(`${prog} v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n`);
  return 4;
}
