/**
 * The DNS client side shared by dig, nslookup and host (BIND 9.18's tools): how a query goes
 * out (a transport that sends a real UDP datagram through the datapath) and what comes back.
 */
import type { DnsMessage } from '../../../wire/index.ts';

/** The outcome of one query to one server. */
export type DnsExchange =
  | { kind: 'answer'; msg: DnsMessage; /** virtual ms between send and receive */ ms: number }
  /** No answer within the timeout (dropped, or nothing routes back). */
  | { kind: 'timeout' }
  /** ICMP port unreachable came back (nothing listens on port 53). */
  | { kind: 'refused' }
  /** The kernel refused to send (no route: ENETUNREACH). */
  | { kind: 'unreachable' };

/** Sends `msg` to `server`:53 over UDP and waits up to `timeoutMs`. */
export interface DnsTransport {
  query(server: string, msg: DnsMessage, timeoutMs: number): Promise<DnsExchange>;
}
