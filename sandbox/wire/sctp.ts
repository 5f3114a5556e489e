/**
 * SCTP (RFC 4960, IP protocol 132): a 12-byte common header (ports, verification tag,
 * CRC32c) and a list of chunks. Only the chunks an association's life needs are modelled:
 * INIT / INIT ACK / COOKIE ECHO / COOKIE ACK (RFC 4960 5.1), DATA and SACK (6), SHUTDOWN /
 * SHUTDOWN ACK / SHUTDOWN COMPLETE (9.2) and ABORT (3.3.7). Chunk names are tcpdump's
 * (print-sctp.c `sctp_chunkid_str`). The checksum is not modelled (every packet is valid).
 */

/**
 * What the listener signs into its State Cookie (RFC 4960 5.1.3): enough to build the
 * association when the COOKIE ECHO comes back, so the listener keeps no state before that.
 */
export interface SctpCookie {
  /** The listener's own tag and initial TSN, and the client's, as the INIT and INIT ACK gave them. */
  localTag: number;
  localTsn: number;
  peerTag: number;
  peerTsn: number;
}

/** INIT or INIT ACK (RFC 4960 3.3.2, 3.3.3); tcpdump prints the five fixed fields. */
export interface SctpInitChunk {
  type: 'INIT' | 'INIT ACK';
  initTag: number;
  /** Advertised receiver window credit. */
  rwnd: number;
  /** Number of outbound streams and maximum inbound streams. */
  os: number;
  mis: number;
  initTsn: number;
  /** INIT ACK only: the State Cookie parameter. */
  cookie?: SctpCookie;
}

/** DATA (RFC 4960 3.3.1): one unfragmented user message (B and E bits set). */
export interface SctpDataChunk {
  type: 'DATA';
  tsn: number;
  /** Stream identifier and stream sequence number. */
  sid: number;
  ssn: number;
  /** Payload protocol identifier (0: unspecified, what a plain socket write sends). */
  ppid: number;
  data: string;
}

/** Every modelled chunk. */
export type SctpChunk =
  | SctpInitChunk
  | SctpDataChunk
  | { type: 'COOKIE ECHO'; cookie: SctpCookie }
  | { type: 'COOKIE ACK' }
  /** RFC 4960 3.3.4: cumulative TSN ack and advertised window, no gap blocks. */
  | { type: 'SACK'; cumAck: number; arwnd: number }
  /** RFC 4960 3.3.8: the cumulative TSN ack of the sender. */
  | { type: 'SHUTDOWN'; cumAck: number }
  | { type: 'SHUTDOWN ACK' }
  /** T bit: the verification tag is the receiver's own, reflected (RFC 4960 3.3.13). */
  | { type: 'SHUTDOWN COMPLETE'; t: boolean }
  | { type: 'ABORT'; t: boolean };

/** An SCTP packet. */
export interface SctpPacket {
  proto: 'sctp';
  sport: number;
  dport: number;
  /** Verification tag (0 only on a packet carrying INIT, RFC 4960 8.5.1). */
  vtag: number;
  chunks: SctpChunk[];
}

/**
 * The parameters Linux puts after an INIT's fixed part with default sysctls (ECN capable,
 * forward-TSN supported, supported extensions, supported address types; no AUTH since
 * net.sctp.auth_enable is 0): sizes follow RFC 4960 3.3.2 and RFC 3758 / 5061.
 */
const INIT_PARAMS = 4 + 4 + 8 + 8;
/**
 * The State Cookie parameter of an INIT ACK (sctp_signed_cookie: a signature, the
 * association's cookie state and the peer's raw INIT): a fixed approximation.
 */
const COOKIE_PARAM = 4 + 32 + 196 + 20 + INIT_PARAMS;

/** Bytes of one chunk including its 4-byte header, padded to 4 bytes (RFC 4960 3.2). */
export function sctpChunkLength(c: SctpChunk): number {
  const pad = (n: number) => Math.ceil(n / 4) * 4;
  switch (c.type) {
    case 'INIT':
      return 20 + INIT_PARAMS;
    case 'INIT ACK':
      return 20 + INIT_PARAMS + COOKIE_PARAM;
    case 'COOKIE ECHO':
      return 4 + COOKIE_PARAM - 4;
    case 'DATA':
      return pad(16 + c.data.length);
    case 'SACK':
      return 16;
    case 'SHUTDOWN':
      return 8;
    case 'COOKIE ACK':
    case 'SHUTDOWN ACK':
    case 'SHUTDOWN COMPLETE':
    case 'ABORT':
      return 4;
  }
}

/** Bytes of an SCTP packet: the common header and its chunks. */
export const sctpLength = (p: SctpPacket): number => 12 + p.chunks.reduce((s, c) => s + sctpChunkLength(c), 0);

/** The chunk types of a packet as tcpdump lists them (`INIT`, `SACK,DATA`), for traces. */
export const sctpSummary = (p: SctpPacket): string => p.chunks.map((c) => c.type).join(',');
