/**
 * netfilter: iptables' tables, chains and rules for one namespace, and the hooks the
 * datapath calls. Imports core, wire and net (conntrack) only; never shell.
 * - types.ts       plain-data state (rules stored parsed; no functions).
 * - tables.ts      built-in chains, hook priority order, which tables exist.
 * - parse.ts       the iptables command line (shared by iptables and iptables-restore).
 * - matches.ts / targets.ts   extensions: options, kernel semantics, target printing.
 * - save.ts        `iptables -S` / iptables-save text of rules.
 * - ops.ts         -A -I -D -R -N -X -E -F -Z -P with iptables' errors.
 * - hook.ts        nfHook: a packet through one hook (conntrack, tables, NAT, counters).
 * - nat.ts         NAT bindings and packet rewriting through conntrack.
 * - restore.ts     iptables-restore, also called directly by kube-proxy and flanneld.
 * - trace.ts       trace hops recorded on the skb.
 * - recent.ts      `-m recent` (xt_recent): options, printing, the per-namespace address lists.
 * - owner.ts       `-m owner` (xt_owner): the owning socket's uid and gid.
 *
 * Contract with the datapath (net/datapath): call `nfHook(world, ns, hook, skb)` at
 * PREROUTING, INPUT, FORWARD, OUTPUT and POSTROUTING (and, for bridged IPv4 with
 * bridge-nf-call-iptables=1, PREROUTING/FORWARD/POSTROUTING with physIn/physOut set). Use one
 * skb for a packet's whole walk through a namespace (mark and conntrack live on it); a packet
 * entering another namespace gets a fresh skb (skb_scrub_packet), one looped back through
 * `lo` may keep its `ct`/`ctNetns`/`ctState`/`ctReply`. NAT rewrites `skb.pkt` in place;
 * after OUTPUT re-route if the destination changed. On `reject`, send the reply named by
 * `with`. Controllers (kube-proxy, flanneld, network policy) change rules with
 * `iptablesRestore(world, ns, text, { noflush, counters })` and delete flows with
 * `conntrackFlush(ns, filter)`.
 */
export * from './types.ts';
export { createNetfilter, ensureTable, listChains, userChains, references, BUILTIN_CHAINS, TABLE_NAMES, SAVE_ORDER, HOOK_STEPS, conntrackNeeded, netfilterChanged, isBuiltin } from './tables.ts';
export { parseCommand, splitRestoreLine, type ParsedCommand, type ParseError, type IptCommand } from './parse.ts';
export { saveRule, saveRuleSpec, saveHeader, saveMatch, formatProbability, tcpFlagNames, icmpName } from './save.ts';
export { saveTarget, printTarget, targetName } from './targets.ts';
export {
  tableFor, isNfError, appendRules, insertRules, replaceRule, deleteRule, findRule, newChain, deleteChain, renameChain,
  flushChain, zeroCounters, setPolicy, validateTable, chainFor, type NfError,
} from './ops.ts';
export { nfHook, addrTypeOf, type NfEnv, type NfVerdict } from './hook.ts';
export { masqueradeAddress } from './nat.ts';
export { iptablesRestore, type RestoreOptions, type RestoreResult } from './restore.ts';
export { summarizePacket } from './trace.ts';
export { printOwner, ownerHolds, type SocketOwner } from './owner.ts';
export { printRecent, saveRecent, recentHolds, formatRecentList, IP_LIST_TOT, IP_PKT_LIST_TOT } from './recent.ts';
export { conntrackFlush } from '../conntrack/index.ts';
