/**
 * TCP connection tracking states and timeouts, after the kernel's transition table
 * (net/netfilter/nf_conntrack_proto_tcp.c, `tcp_conntracks[2][6][TCP_CONNTRACK_MAX]`), without
 * sequence-window checks: a segment's flags and direction move the flow from state to state.
 */
import type { TcpFlags } from '../../wire/index.ts';
import type { TcpCtState } from './types.ts';

/** Seconds each state lives without traffic (nf_conntrack_tcp_timeout_* defaults). */
export const TCP_TIMEOUT_S: Record<TcpCtState, number> = {
  SYN_SENT: 120,
  SYN_RECV: 60,
  ESTABLISHED: 432000,
  FIN_WAIT: 120,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  TIME_WAIT: 120,
  CLOSE: 10,
};

/** The kernel's flag classes (get_conntrack_index): one per segment, RST first. */
type FlagClass = 'syn' | 'synack' | 'fin' | 'ack' | 'rst' | 'none';

const classify = (f: TcpFlags): FlagClass =>
  f.rst ? 'rst' : f.syn ? (f.ack ? 'synack' : 'syn') : f.fin ? 'fin' : f.ack ? 'ack' : 'none';

/** 'IV' invalid, 'IG' ignore (keep the state). */
type Next = TcpCtState | 'IV' | 'IG';

// Columns: none, SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSE_WAIT, LAST_ACK, TIME_WAIT, CLOSE
// (the kernel's sNO sSS sSR sES sFW sCW sLA sTW sCL; SYN_SENT2 is folded into SYN_SENT).
const COLS: (TcpCtState | 'none')[] = ['none', 'SYN_SENT', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'CLOSE_WAIT', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'];
const ORIGINAL: Record<FlagClass, Next[]> = {
  syn: ['SYN_SENT', 'SYN_SENT', 'IG', 'IG', 'IG', 'IG', 'IG', 'SYN_SENT', 'SYN_SENT'],
  synack: ['IV', 'IV', 'IG', 'IG', 'IG', 'IG', 'IG', 'IG', 'IV'],
  fin: ['IV', 'IV', 'FIN_WAIT', 'FIN_WAIT', 'LAST_ACK', 'LAST_ACK', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'],
  // A lone ACK with no entry is picked up as ESTABLISHED (nf_conntrack_tcp_loose=1).
  ack: ['ESTABLISHED', 'IV', 'ESTABLISHED', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE'],
  rst: ['IV', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE'],
  none: ['IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV'],
};
const REPLY: Record<FlagClass, Next[]> = {
  syn: ['IV', 'SYN_SENT', 'IV', 'IV', 'IV', 'IV', 'IV', 'SYN_SENT', 'IV'],
  synack: ['IV', 'SYN_RECV', 'IG', 'IG', 'IG', 'IG', 'IG', 'IG', 'IV'],
  fin: ['IV', 'IV', 'FIN_WAIT', 'FIN_WAIT', 'LAST_ACK', 'LAST_ACK', 'LAST_ACK', 'TIME_WAIT', 'CLOSE'],
  ack: ['IV', 'IG', 'SYN_RECV', 'ESTABLISHED', 'CLOSE_WAIT', 'CLOSE_WAIT', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE'],
  rst: ['IV', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE', 'CLOSE'],
  none: ['IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV', 'IV'],
};

/**
 * The state after a segment with `flags` travelling in `dir`, from `state` (undefined for a
 * flow not yet tracked); 'invalid' when the kernel would mark the packet INVALID.
 */
export function tcpNext(state: TcpCtState | undefined, flags: TcpFlags, dir: 'original' | 'reply'): TcpCtState | 'invalid' {
  const col = COLS.indexOf(state ?? 'none');
  const next = (dir === 'original' ? ORIGINAL : REPLY)[classify(flags)][col]!;
  if (next === 'IV') return 'invalid';
  if (next === 'IG') return state ?? 'invalid';
  return next;
}
