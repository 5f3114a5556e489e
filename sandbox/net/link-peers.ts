/**
 * What a link is connected to: the far end of its veth or cable, wherever that lives, and the
 * bridge it is enslaved to. Lookups only, so link.ts (which changes links) and link-state.ts
 * (carrier and operstate) both read them without importing each other.
 */
import type { BridgeLink, Link, NetWorld, Netns } from './types.ts';

/** The other end of a veth (or the far end of a NIC's cable), wherever it lives. */
export function peerOf(world: NetWorld, link: Link): { ns: Netns; link: Link } | undefined {
  const ref = link.kind === 'veth' ? link.peer : link.kind === 'ether' ? link.wire : undefined;
  if (!ref) return undefined;
  const ns = world.netns.get(ref.netns);
  const peer = ns?.links.get(ref.ifindex);
  return ns && peer ? { ns, link: peer } : undefined;
}

/** The bridge a link is enslaved to, if any. */
export function masterOf(ns: Netns, link: Link): BridgeLink | undefined {
  const m = link.master === undefined ? undefined : ns.links.get(link.master);
  return m?.kind === 'bridge' ? m : undefined;
}
