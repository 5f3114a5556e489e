/**
 * SCTP connection tracking (net/netfilter/nf_conntrack_proto_sctp.c): the flow's state moves
 * with the control chunks seen in each direction, after the kernel's transition table
 * (`sctp_conntracks`, kernel 6.x: an INIT puts a new flow in CLOSED, the INIT ACK in the reply
 * direction moves it to COOKIE_WAIT, COOKIE ECHO to COOKIE_ECHOED, COOKIE ACK to ESTABLISHED,
 * which also sets ASSURED). DATA and SACK leave the state alone. Verification-tag checks and
 * heartbeats are not modelled. Timeouts are the nf_conntrack_sctp_timeout_* defaults.
 */
import type { SctpChunk, SctpPacket } from '../../wire/index.ts';
import type { SctpCtState } from './types.ts';

/** Seconds each state lives without traffic (sctp_timeouts). */
export const SCTP_TIMEOUT_S: Record<SctpCtState, number> = {
  CLOSED: 10,
  COOKIE_WAIT: 3,
  COOKIE_ECHOED: 3,
  ESTABLISHED: 210,
  SHUTDOWN_SENT: 3,
  SHUTDOWN_RECD: 3,
  SHUTDOWN_ACK_SENT: 3,
};

type Col = SctpCtState | 'NONE';
/** 'IV': the packet is INVALID in that state. */
type Cell = SctpCtState | 'IV';
const COLS: readonly Col[] = ['NONE', 'CLOSED', 'COOKIE_WAIT', 'COOKIE_ECHOED', 'ESTABLISHED', 'SHUTDOWN_SENT', 'SHUTDOWN_RECD', 'SHUTDOWN_ACK_SENT'];
type Ctl = Exclude<SctpChunk['type'], 'DATA' | 'SACK'>;

const CL = 'CLOSED', CW = 'COOKIE_WAIT', CE = 'COOKIE_ECHOED', ES = 'ESTABLISHED';
const SS = 'SHUTDOWN_SENT', SR = 'SHUTDOWN_RECD', SA = 'SHUTDOWN_ACK_SENT';

// One row per control chunk, one column per state in COLS order (the kernel's rows without
// ERROR and the heartbeats, its columns without HEARTBEAT_SENT).
const ORIGINAL: Record<Ctl, Cell[]> = {
  INIT: [CL, CL, CW, CE, ES, CL, CL, SA],
  'INIT ACK': [CL, CL, CW, CE, ES, SS, SR, SA],
  ABORT: [CL, CL, CL, CL, CL, CL, CL, CL],
  SHUTDOWN: [CL, CL, CW, CE, SS, SS, SR, SA],
  'SHUTDOWN ACK': [SA, CL, CW, CE, ES, SA, SA, SA],
  'COOKIE ECHO': [CL, CL, CE, CE, ES, SS, SR, SA],
  'COOKIE ACK': [CL, CL, CW, ES, ES, SS, SR, SA],
  'SHUTDOWN COMPLETE': [CL, CL, CW, CE, ES, SS, SR, CL],
};
const REPLY: Record<Ctl, Cell[]> = {
  INIT: ['IV', CL, CW, CE, ES, SS, SR, SA],
  'INIT ACK': ['IV', CW, CW, CE, ES, SS, SR, SA],
  ABORT: ['IV', CL, CL, CL, CL, CL, CL, CL],
  SHUTDOWN: ['IV', CL, CW, CE, SR, SS, SR, SA],
  'SHUTDOWN ACK': ['IV', CL, CW, CE, ES, SA, SA, SA],
  'COOKIE ECHO': ['IV', CL, CE, CE, ES, SS, SR, SA],
  'COOKIE ACK': ['IV', CL, CW, ES, ES, SS, SR, SA],
  'SHUTDOWN COMPLETE': ['IV', CL, CW, CE, ES, SS, SR, CL],
};

/**
 * The state after packet `p` travelling in `dir` from `state` (undefined: a new flow), chunk
 * by chunk as nf_conntrack_sctp_packet walks them; 'invalid' when the kernel would refuse it.
 * A new flow may not start with ABORT, SHUTDOWN COMPLETE or COOKIE ACK (out of the blue,
 * RFC 4960 8.4), nor with a packet without chunks.
 */
export function sctpNext(state: SctpCtState | undefined, p: SctpPacket, dir: 'original' | 'reply'): SctpCtState | 'invalid' {
  if (p.chunks.length === 0) return 'invalid';
  if (state === undefined && p.chunks.some((c) => c.type === 'ABORT' || c.type === 'SHUTDOWN COMPLETE' || c.type === 'COOKIE ACK')) return 'invalid';
  let cur: Col = state ?? 'NONE';
  let moved = false;
  for (const c of p.chunks) {
    if (c.type === 'DATA' || c.type === 'SACK') continue;
    const next = (dir === 'original' ? ORIGINAL : REPLY)[c.type][COLS.indexOf(cur)]!;
    if (next === 'IV') return 'invalid';
    cur = next;
    moved = true;
  }
  // A new flow whose packet has only DATA/SACK stays NONE in the kernel's loop: sctp_new refuses it.
  if (!moved && state === undefined) return 'invalid';
  return cur === 'NONE' ? 'invalid' : cur;
}
