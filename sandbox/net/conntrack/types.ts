/**
 * Conntrack state for one namespace: one entry per flow with its original and reply tuples;
 * NAT is recorded as the difference between them (nf_conntrack(8), conntrack(8)). Plain data.
 */
import type { Ipv4 } from '../../wire/index.ts';

/** Protocols conntrack tracks with ports (ICMP uses its echo id in both port fields). */
export type CtProto = 'tcp' | 'udp' | 'sctp' | 'icmp';

/** A flow's addresses and ports. For ICMP echo, `sport` and `dport` both hold the echo id. */
export interface Tuple {
  proto: CtProto;
  src: Ipv4;
  dst: Ipv4;
  sport: number;
  dport: number;
}

/** TCP conntrack states as `conntrack -L` prints them. */
export type TcpCtState =
  | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE';

/** SCTP conntrack states as `conntrack -L` prints them (nf_conntrack_proto_sctp.c names). */
export type SctpCtState =
  | 'CLOSED' | 'COOKIE_WAIT' | 'COOKIE_ECHOED' | 'ESTABLISHED' | 'SHUTDOWN_SENT' | 'SHUTDOWN_RECD' | 'SHUTDOWN_ACK_SENT';

/** One tracked flow. */
export interface ConntrackEntry {
  id: number;
  original: Tuple;
  /** The tuple a reply has; differs from the inverted original when NAT applied. */
  reply: Tuple;
  /** ICMP type of the original direction (8 for echo request). */
  icmpType?: number;
  tcpState?: TcpCtState;
  sctpState?: SctpCtState;
  /** Which side sent the first FIN (to know whose ACK closes the half-connection). */
  finFrom?: 'original' | 'reply';
  /** A reply has been seen (no `[UNREPLIED]`). */
  seenReply: boolean;
  /** `[ASSURED]`: kept under table pressure. */
  assured: boolean;
  /** NAT bindings decided for this flow (the nat table is consulted once per manip). */
  natDst: boolean;
  natSrc: boolean;
  /** In the table: the first packet passed the last hook (nf_conntrack_confirm). */
  confirmed: boolean;
  /**
   * The reply tuple was set by IPVS (ip_vs_update_conntrack), not by a NAT binding: no
   * IPS_DST_NAT status, so netfilter neither translates its packets nor matches
   * `--ctstate DNAT`; IPVS rewrites them itself.
   */
  ipvs?: boolean;
  /** Connection mark (`mark=`). */
  mark: number;
  /** Virtual ms when created and when the entry expires. */
  created: number;
  expires: number;
}

/** All entries of a namespace, with an index from tuple keys (both directions) to ids. */
export interface ConntrackState {
  entries: Map<number, ConntrackEntry>;
  /** `tupleKey(t)` of every confirmed entry's original and reply tuple -> entry id. */
  index: Map<string, number>;
  nextId: number;
  /**
   * ctnetlink's event group (`conntrack -E`): while someone listens, every confirmation,
   * change of state and removal is logged here, in order, for the listeners to read. Bounded.
   */
  events?: { listeners: number; seq: number; log: ConntrackEvent[] };
}

/** One conntrack event as ctnetlink sends it: the entry as it was at that moment. */
export interface ConntrackEvent {
  seq: number;
  kind: 'NEW' | 'UPDATE' | 'DESTROY';
  /** Virtual ms of the event (the timeout an event shows is counted from here). */
  at: number;
  entry: ConntrackEntry;
}
