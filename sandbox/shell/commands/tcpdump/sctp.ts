/**
 * tcpdump's SCTP decode (print-sctp.c `sctp_print`, below -vv): `sctp` then each chunk as
 * `(N) [NAME] ` followed by its fields, chunks after the first introduced by `, (N) `.
 * INIT and INIT ACK print their fixed fields, DATA its flags and header, SACK its
 * cumulative ack, window and block counts; other chunks only their name.
 */
import type { SctpChunk, SctpPacket } from '../../../wire/index.ts';

function chunkText(c: SctpChunk): string {
  const name = `[${c.type}] `;
  switch (c.type) {
    case 'INIT':
    case 'INIT ACK':
      return `${name}[init tag: ${c.initTag}] [rwnd: ${c.rwnd}] [OS: ${c.os}] [MIS: ${c.mis}] [init TSN: ${c.initTsn}] `;
    case 'DATA':
      // An unfragmented message has both the B(eginning) and E(nd) bits; PPID 0 has no name.
      return `${name}(B)(E) [TSN: ${c.tsn}] [SID: ${c.sid}] [SSEQ ${c.ssn}] [PPID 0x${c.ppid.toString(16)}] `;
    case 'SACK':
      return `${name}[cum ack ${c.cumAck}] [a_rwnd ${c.arwnd}] [#gap acks 0] [#dup tsns 0] `;
    default:
      return name;
  }
}

/** The text after `src.port > dst.port: `. */
export function sctpText(p: SctpPacket): string {
  return `sctp${p.chunks.map((c, i) => `${i === 0 ? ' (' : ', ('}${i + 1}) ${chunkText(c)}`).join('')}`;
}
