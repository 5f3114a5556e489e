/**
 * Conntrack's per-packet work (net/netfilter/nf_conntrack_core.c): `conntrackIn` at
 * PREROUTING/OUTPUT finds or creates the packet's entry, moves its protocol state and sets
 * the skb's ctinfo (NEW, ESTABLISHED, RELATED, INVALID); `conntrackConfirm` at the last hook
 * (POSTROUTING/INPUT) puts a new entry into the table. Timeouts follow the kernel defaults
 * (nf_conntrack_proto_{tcp,udp,sctp,icmp}.c).
 */
import type { Ipv4Packet } from '../../wire/index.ts';
import type { Skb } from '../skb.ts';
import type { ConntrackEntry, ConntrackState, Tuple } from './types.ts';
import { ICMP_REPLY_TYPE, addEntry, confirmEntry, conntrackEvent, invertTuple, isDstNat, isSrcNat, lookupTuple, removeEntry, tupleKey } from './table.ts';
import { TCP_TIMEOUT_S, tcpNext } from './tcp.ts';
import { SCTP_TIMEOUT_S, sctpNext } from './sctp.ts';

/** UDP: 30 s until a reply, 120 s once the flow has lived 2 s with replies ("stream"). */
const UDP_UNREPLIED_S = 30;
const UDP_STREAM_S = 120;
const ICMP_S = 30;

/** ICMP error types that quote the packet they are about (they are RELATED to its flow). */
const ICMP_ERRORS = new Set([3, 4, 5, 11, 12]);

/** The tuple of a packet, or undefined when conntrack cannot track it (ICMP error, odd type). */
export function tupleOf(pkt: Ipv4Packet): Tuple | undefined {
  const p = pkt.payload;
  if (p.proto === 'icmp') {
    if (ICMP_REPLY_TYPE[p.type] === undefined) return undefined;
    return { proto: 'icmp', src: pkt.src, dst: pkt.dst, sport: p.echoId ?? 0, dport: p.type };
  }
  // IP-in-IP would be a generic (`unknown 4`) entry in real conntrack; not modelled: untracked.
  if (p.proto === 'ipip') return undefined;
  return { proto: p.proto, src: pkt.src, dst: pkt.dst, sport: p.sport, dport: p.dport };
}

const setCt = (skb: Skb, nsId: number, entry: ConntrackEntry | undefined, state: NonNullable<Skb['ctState']>, reply: boolean): void => {
  skb.ctState = state;
  skb.ctReply = reply;
  if (entry) {
    skb.ct = entry.id;
    skb.ctNetns = nsId;
  } else {
    delete skb.ct;
    delete skb.ctNetns;
  }
};

/** Moves an entry's protocol state for a packet; false when the packet is INVALID for it. */
function advanceState(entry: ConntrackEntry, pkt: Ipv4Packet, reply: boolean, now: number): boolean {
  const p = pkt.payload;
  if (reply) entry.seenReply = true;
  if (p.proto === 'tcp') {
    const old = entry.tcpState;
    const next = tcpNext(old, p.flags, reply ? 'reply' : 'original');
    if (next === 'invalid') return false;
    entry.tcpState = next;
    // nf_conntrack_proto_tcp.c: assured once the handshake completes in both directions.
    if (entry.seenReply && next === 'ESTABLISHED' && (old === 'SYN_RECV' || old === 'ESTABLISHED')) entry.assured = true;
    entry.expires = now + TCP_TIMEOUT_S[next] * 1000;
  } else if (p.proto === 'sctp') {
    const next = sctpNext(entry.sctpState, p, reply ? 'reply' : 'original');
    if (next === 'invalid') return false;
    // nf_conntrack_sctp_packet: ASSURED when the flow reaches ESTABLISHED.
    if (next === 'ESTABLISHED') entry.assured = true;
    entry.sctpState = next;
    entry.expires = now + SCTP_TIMEOUT_S[next] * 1000;
  } else if (p.proto === 'udp') {
    if (entry.seenReply) {
      const stream = now > entry.created + 2000;
      entry.expires = now + (stream ? UDP_STREAM_S : UDP_UNREPLIED_S) * 1000;
      if (stream) entry.assured = true;
    } else entry.expires = now + UDP_UNREPLIED_S * 1000;
  } else {
    entry.expires = now + ICMP_S * 1000;
  }
  return true;
}

/**
 * The entry a packet looped back through `lo` already belongs to when NAT changed its tuple on
 * the way out: an original-direction packet now carries the inverted reply tuple, a reply
 * the inverted original. The kernel needs no lookup (the skb keeps its conntrack reference
 * across loopback_xmit, and nf_conntrack_in leaves a packet it has seen alone); the
 * simulator's frames carry no skb, so it finds the entry by those tuples.
 */
function loopedEntry(ct: ConntrackState, t: Tuple): { entry: ConntrackEntry; reply: boolean } | undefined {
  const key = tupleKey(t);
  for (const e of ct.entries.values()) {
    if (!e.confirmed || !(isDstNat(e) || isSrcNat(e))) continue;
    if (tupleKey(invertTuple(e.reply)) === key) return { entry: e, reply: false };
    if (tupleKey(invertTuple(e.original)) === key) return { entry: e, reply: true };
  }
  return undefined;
}

/**
 * nf_conntrack_in: attaches the packet's flow to the skb. A packet that already carries an
 * entry of this namespace (looped back through `lo`, `looped`) keeps it; an UNTRACKED one
 * (raw NOTRACK) is left alone.
 */
export function conntrackIn(ct: ConntrackState, nsId: number, skb: Skb, now: number, looped = false): void {
  if (skb.ctState === 'UNTRACKED') return;
  if (skb.ct !== undefined && skb.ctNetns === nsId && ct.entries.has(skb.ct)) return;
  const seen = looped && tupleOf(skb.pkt) && !lookupTuple(ct, tupleOf(skb.pkt)!, now) ? loopedEntry(ct, tupleOf(skb.pkt)!) : undefined;
  if (seen) {
    setCt(skb, nsId, seen.entry, seen.reply || seen.entry.seenReply ? 'ESTABLISHED' : 'NEW', seen.reply);
    return;
  }
  const pkt = skb.pkt;
  const p = pkt.payload;
  if (p.proto === 'icmp' && ICMP_ERRORS.has(p.type)) {
    // An ICMP error is RELATED to the flow of the packet it quotes (icmp_error_message): the
    // quoted packet's tuple inverted is the tuple the error travels with.
    const inner = p.quoted ? tupleOf(p.quoted) : undefined;
    const found = inner ? lookupTuple(ct, invertTuple(inner), now) : undefined;
    if (found) setCt(skb, nsId, found.entry, 'RELATED', found.reply);
    else setCt(skb, nsId, undefined, 'INVALID', false);
    return;
  }
  const t = tupleOf(pkt);
  if (!t) {
    setCt(skb, nsId, undefined, 'INVALID', false);
    return;
  }
  let found = lookupTuple(ct, t, now);
  // A SYN on a closed flow's tuple starts a new connection (tcp_packet "reopen").
  if (found && p.proto === 'tcp' && p.flags.syn && !p.flags.ack && !found.reply &&
      (found.entry.tcpState === 'TIME_WAIT' || found.entry.tcpState === 'CLOSE')) {
    removeEntry(ct, found.entry);
    found = undefined;
  }
  if (found) {
    const { entry, reply } = found;
    const before = `${entry.tcpState}|${entry.sctpState}|${entry.seenReply}|${entry.assured}`;
    if (!advanceState(entry, pkt, reply, now)) {
      setCt(skb, nsId, undefined, 'INVALID', false);
      return;
    }
    // IPCT_PROTOINFO / IPCT_STATUS: a changed state, reply seen or assured bit is an UPDATE event.
    if (entry.confirmed && before !== `${entry.tcpState}|${entry.sctpState}|${entry.seenReply}|${entry.assured}`) conntrackEvent(ct, 'UPDATE', entry, now);
    setCt(skb, nsId, entry, reply || entry.seenReply ? 'ESTABLISHED' : 'NEW', reply);
    return;
  }
  if (p.proto === 'icmp' && [0, 14, 16, 18].includes(p.type)) {
    setCt(skb, nsId, undefined, 'INVALID', false);
    return;
  }
  if ((p.proto === 'tcp' && tcpNext(undefined, p.flags, 'original') === 'invalid') ||
      (p.proto === 'sctp' && sctpNext(undefined, p, 'original') === 'invalid')) {
    setCt(skb, nsId, undefined, 'INVALID', false);
    return;
  }
  const entry = addEntry(ct, t, now);
  if (p.proto === 'icmp') entry.icmpType = p.type;
  advanceState(entry, pkt, false, now);
  setCt(skb, nsId, entry, 'NEW', false);
}

/**
 * nf_conntrack_confirm: a new flow's entry joins the table once its first packet got through.
 * Only a packet of the original direction confirms (ipv4_confirm skips IP_CT_RELATED_REPLY,
 * __nf_conntrack_confirm returns for the reply direction): an error attached to a rejected
 * packet's entry leaves that entry unconfirmed.
 */
export function conntrackConfirm(ct: ConntrackState, nsId: number, skb: Skb): void {
  if (skb.ct === undefined || skb.ctNetns !== nsId || skb.ctReply) return;
  const entry = ct.entries.get(skb.ct);
  if (entry && !entry.confirmed) confirmEntry(ct, entry);
}

/** Whether the skb's entry (if any) had its source / destination translated. */
export function entryOf(ct: ConntrackState, nsId: number, skb: Skb): ConntrackEntry | undefined {
  return skb.ct !== undefined && skb.ctNetns === nsId ? ct.entries.get(skb.ct) : undefined;
}

/**
 * nf_ct_attach (nf_conntrack_core.c nf_conntrack_attach): a locally made ICMP error or RST
 * about `orig` carries `orig`'s entry, RELATED in the opposite direction, whether or not that
 * entry is confirmed (net/ipv4/icmp.c icmp_glue_bits, nf_reject_ipv4.c nf_send_reset). So the
 * reply to a packet REJECTed before confirmation is RELATED, never INVALID.
 */
export function conntrackAttach(nskb: Skb, orig: Skb): void {
  if (orig.ct === undefined || orig.ctNetns === undefined) return;
  nskb.ct = orig.ct;
  nskb.ctNetns = orig.ctNetns;
  nskb.ctState = 'RELATED';
  nskb.ctReply = !orig.ctReply;
}

/** nf_ct_put of the last reference: a packet's entry that was never confirmed is freed. */
export function conntrackRelease(ct: ConntrackState, nsId: number, skb: Skb): void {
  const e = entryOf(ct, nsId, skb);
  if (e && !e.confirmed) removeEntry(ct, e);
}
