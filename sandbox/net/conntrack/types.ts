/**
 * Conntrack state for one namespace: one entry per flow with its original and reply tuples;
 * NAT is recorded as the difference between them (nf_conntrack(8), conntrack(8)).
 */
import type { Ipv4 } from '../../wire/index.ts';

/** A flow's addresses and ports (ICMP uses type/code/id in place of ports). */
export interface Tuple {
  proto: 'tcp' | 'udp' | 'icmp';
  src: Ipv4;
  dst: Ipv4;
  sport: number;
  dport: number;
}

/** TCP conntrack states as `conntrack -L` prints them. */
export type TcpCtState =
  | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK' | 'TIME_WAIT' | 'CLOSE';

/** One tracked flow. */
export interface ConntrackEntry {
  id: number;
  original: Tuple;
  /** The tuple a reply has; differs from the inverted original when NAT applied. */
  reply: Tuple;
  tcpState?: TcpCtState;
  /** A reply has been seen. */
  seenReply: boolean;
  /** Seen both ways enough to be kept under pressure. */
  assured: boolean;
  /** Connection mark (`mark=`). */
  mark: number;
  /** Virtual ms when the entry expires. */
  expires: number;
}

/** All entries of a namespace. */
export interface ConntrackState {
  entries: ConntrackEntry[];
  nextId: number;
}
