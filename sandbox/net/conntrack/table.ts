/**
 * The conntrack table of one namespace: tuples, the index from tuple to entry, expiry in
 * virtual time, and deletion by filter (what `conntrack -D`/`-F` and kube-proxy's stale-UDP
 * cleanup do). Entries enter the index only when confirmed (nf_conntrack_confirm), i.e. once
 * the flow's first packet made it through the namespace's last hook.
 */
import type { Ipv4 } from '../../wire/index.ts';
import type { ConntrackEntry, ConntrackState, CtProto, Tuple } from './types.ts';

/** An empty table. */
export const createConntrack = (): ConntrackState => ({ entries: new Map(), index: new Map(), nextId: 1 });

/** The index key of a tuple. */
export const tupleKey = (t: Tuple): string => `${t.proto}:${t.src}:${t.sport}:${t.dst}:${t.dport}`;

/** ICMP query types and the type their answer has (nf_conntrack_proto_icmp.c invmap). */
export const ICMP_REPLY_TYPE: Record<number, number> = { 8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 17: 18, 18: 17 };

/** The tuple a reply to `t` carries when nothing is translated. */
export function invertTuple(t: Tuple): Tuple {
  if (t.proto === 'icmp') return { proto: 'icmp', src: t.dst, dst: t.src, sport: t.sport, dport: ICMP_REPLY_TYPE[t.dport] ?? t.dport };
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

/** Seconds an entry of this protocol lives when nothing else is known (udp unreplied, icmp). */
export const DEFAULT_TIMEOUT_S: Record<CtProto, number> = { tcp: 120, udp: 30, sctp: 10, icmp: 30 };

/** The live entry that a tuple belongs to, and whether the tuple is its reply direction. */
export function lookupTuple(ct: ConntrackState, t: Tuple, now: number): { entry: ConntrackEntry; reply: boolean } | undefined {
  const id = ct.index.get(tupleKey(t));
  if (id === undefined) return undefined;
  const entry = ct.entries.get(id);
  if (!entry) return undefined;
  if (entry.expires <= now) {
    removeEntry(ct, entry);
    return undefined;
  }
  return { entry, reply: tupleKey(entry.original) !== tupleKey(t) };
}

/** A new, unconfirmed entry for a flow whose first packet has tuple `t`. */
export function addEntry(ct: ConntrackState, t: Tuple, now: number): ConntrackEntry {
  // The kernel's gc worker, amortised: sweep expired and abandoned entries now and then.
  if (ct.entries.size > 0 && ct.entries.size % 1024 === 0) expireEntries(ct, now);
  const entry: ConntrackEntry = {
    id: ct.nextId++,
    original: { ...t },
    reply: invertTuple(t),
    seenReply: false,
    assured: false,
    natDst: false,
    natSrc: false,
    confirmed: false,
    mark: 0,
    created: now,
    expires: now + DEFAULT_TIMEOUT_S[t.proto] * 1000,
  };
  ct.entries.set(entry.id, entry);
  return entry;
}

/** Events kept for `conntrack -E` listeners that have not read them yet. */
const EVENT_LOG_MAX = 4096;

/** Logs an event when someone listens (nf_conntrack_eventmask_report: nothing is sent otherwise). */
export function conntrackEvent(ct: ConntrackState, kind: 'NEW' | 'UPDATE' | 'DESTROY', entry: ConntrackEntry, at: number): void {
  const ev = ct.events;
  if (!ev || ev.listeners <= 0) return;
  ev.log.push({ seq: ++ev.seq, kind, at, entry: { ...entry, original: { ...entry.original }, reply: { ...entry.reply } } });
  if (ev.log.length > EVENT_LOG_MAX) ev.log.splice(0, ev.log.length - EVENT_LOG_MAX);
}

/** Puts an entry into the table (its tuples become findable). */
export function confirmEntry(ct: ConntrackState, entry: ConntrackEntry): void {
  if (entry.confirmed) return;
  entry.confirmed = true;
  // Confirmation happens as the first packet leaves, at the instant the entry was made.
  conntrackEvent(ct, 'NEW', entry, entry.created);
  ct.index.set(tupleKey(entry.original), entry.id);
  ct.index.set(tupleKey(entry.reply), entry.id);
}

/**
 * Gives a flow a new reply tuple (nf_conntrack_alter_reply, as IPVS's ip_vs_update_conntrack
 * calls it for a connection it scheduled). The simulator's datapath confirms at the end of
 * LOCAL_IN before IPVS runs, so a confirmed entry's index follows the change.
 */
export function alterReply(ct: ConntrackState, entry: ConntrackEntry, reply: Tuple): void {
  if (entry.confirmed && ct.index.get(tupleKey(entry.reply)) === entry.id) ct.index.delete(tupleKey(entry.reply));
  entry.reply = { ...reply };
  if (entry.confirmed) ct.index.set(tupleKey(entry.reply), entry.id);
}

/** Deletes an entry and its index keys. */
export function removeEntry(ct: ConntrackState, entry: ConntrackEntry): void {
  if (entry.confirmed && ct.entries.has(entry.id)) conntrackEvent(ct, 'DESTROY', entry, entry.expires);
  ct.entries.delete(entry.id);
  for (const t of [entry.original, entry.reply]) {
    const k = tupleKey(t);
    if (ct.index.get(k) === entry.id) ct.index.delete(k);
  }
}

/** Whether a reply tuple is already used by a confirmed entry (nf_nat_used_tuple). */
export const replyTupleTaken = (ct: ConntrackState, t: Tuple): boolean => ct.index.has(tupleKey(t));

/**
 * Drops expired entries, and unconfirmed ones left by packets that died before the last hook
 * (their creation time has passed: a packet crosses a namespace without time passing).
 */
export function expireEntries(ct: ConntrackState, now: number): void {
  for (const e of [...ct.entries.values()]) {
    if (e.expires <= now || (!e.confirmed && e.created < now)) removeEntry(ct, e);
  }
}

/** Selects entries (conntrack(8) filter options; absent fields match everything). */
export interface ConntrackFilter {
  proto?: CtProto;
  /** `-s/--orig-src`, `-d/--orig-dst`, `-r/--reply-src`, `-q/--reply-dst`. */
  origSrc?: Ipv4;
  origDst?: Ipv4;
  replySrc?: Ipv4;
  replyDst?: Ipv4;
  /** `--sport/--orig-port-src`, `--dport/--orig-port-dst`, `--reply-port-src`, `--reply-port-dst`. */
  origSport?: number;
  origDport?: number;
  replySport?: number;
  replyDport?: number;
  /** `-n/--src-nat [IP]`: entries whose source was translated (to IP when given). */
  srcNat?: Ipv4 | true;
  /** `-g/--dst-nat [IP]`: entries whose destination was translated (to IP when given). */
  dstNat?: Ipv4 | true;
  /** `-m/--mark`. */
  mark?: number;
  /** `--state` (TCP state). */
  tcpState?: string;
}

/** Whether an entry's source / destination was translated. */
export const isSrcNat = (e: ConntrackEntry): boolean => e.reply.dst !== e.original.src || (e.original.proto !== 'icmp' && e.reply.dport !== e.original.sport) || (e.original.proto === 'icmp' && e.reply.sport !== e.original.sport);
export const isDstNat = (e: ConntrackEntry): boolean => !e.ipvs && (e.reply.src !== e.original.dst || (e.original.proto !== 'icmp' && e.reply.sport !== e.original.dport));

/** Whether an entry passes a filter. */
export function filterMatches(e: ConntrackEntry, f: ConntrackFilter): boolean {
  const o = e.original;
  const r = e.reply;
  if (f.proto !== undefined && o.proto !== f.proto) return false;
  if (f.origSrc !== undefined && o.src !== f.origSrc) return false;
  if (f.origDst !== undefined && o.dst !== f.origDst) return false;
  if (f.replySrc !== undefined && r.src !== f.replySrc) return false;
  if (f.replyDst !== undefined && r.dst !== f.replyDst) return false;
  if (f.origSport !== undefined && (o.proto === 'icmp' || o.sport !== f.origSport)) return false;
  if (f.origDport !== undefined && (o.proto === 'icmp' || o.dport !== f.origDport)) return false;
  if (f.replySport !== undefined && (r.proto === 'icmp' || r.sport !== f.replySport)) return false;
  if (f.replyDport !== undefined && (r.proto === 'icmp' || r.dport !== f.replyDport)) return false;
  if (f.srcNat !== undefined && (!isSrcNat(e) || (f.srcNat !== true && r.dst !== f.srcNat))) return false;
  if (f.dstNat !== undefined && (!isDstNat(e) || (f.dstNat !== true && r.src !== f.dstNat))) return false;
  if (f.mark !== undefined && e.mark !== f.mark) return false;
  if (f.tcpState !== undefined && e.tcpState !== f.tcpState) return false;
  return true;
}

/** The confirmed, live entries that pass `filter`, in table order. */
export function listEntries(ct: ConntrackState, now: number, filter: ConntrackFilter = {}): ConntrackEntry[] {
  expireEntries(ct, now);
  return [...ct.entries.values()].filter((e) => e.confirmed && filterMatches(e, filter));
}

/**
 * Deletes the entries that pass `filter` (all of them without one) and returns how many:
 * `conntrack -F`, `conntrack -D ...`, and kube-proxy's cleanup of stale UDP flows.
 */
export function flushEntries(ct: ConntrackState, filter: ConntrackFilter = {}): number {
  let n = 0;
  for (const e of [...ct.entries.values()]) {
    if (e.confirmed && filterMatches(e, filter)) {
      removeEntry(ct, e);
      n++;
    }
  }
  return n;
}
