/**
 * conntrack: the flow table of one namespace (nf_conntrack). Imports wire and net types only.
 * - table.ts: entries, tuple index, expiry, filters (`conntrack -L/-D/-F`).
 * - track.ts: per-packet tracking called by netfilter's hooks (conntrackIn/conntrackConfirm).
 * - tcp.ts: the TCP state machine and timeouts.
 * - original-dst.ts: SO_ORIGINAL_DST, the pre-NAT destination a transparent proxy asks for.
 * Packets reach it only through netfilter's nfHook; commands and controllers read and
 * delete entries through the functions below.
 */
import type { Netns } from '../types.ts';
import { flushEntries, listEntries, removeEntry, type ConntrackFilter } from './table.ts';
import type { ConntrackEntry } from './types.ts';

export * from './types.ts';
export {
  createConntrack, tupleKey, invertTuple, lookupTuple, expireEntries, listEntries, flushEntries, filterMatches,
  isSrcNat, isDstNat, type ConntrackFilter,
} from './table.ts';
export { conntrackIn, conntrackConfirm, conntrackAttach, conntrackRelease, tupleOf } from './track.ts';
export { TCP_TIMEOUT_S } from './tcp.ts';
export { originalDst, type SocketEnds } from './original-dst.ts';

/**
 * Deletes a namespace's entries that pass `filter` (all without one); returns how many.
 * What `conntrack -D`/`-F` do, and what kube-proxy does for stale UDP flows
 * (`conntrack -D -p udp --orig-dst SVC_IP`, `--dst-nat ENDPOINT_IP`).
 */
export const conntrackFlush = (ns: Netns, filter?: ConntrackFilter): number => flushEntries(ns.conntrack, filter);

/** A namespace's live, confirmed entries passing `filter` at virtual time `now` (ms). */
export const conntrackList = (ns: Netns, now: number, filter?: ConntrackFilter): ConntrackEntry[] =>
  listEntries(ns.conntrack, now, filter);

/** Deletes the given entries of a namespace (`conntrack -D` after its own filtering). */
export function conntrackDelete(ns: Netns, entries: ConntrackEntry[]): void {
  for (const e of entries) removeEntry(ns.conntrack, e);
}
