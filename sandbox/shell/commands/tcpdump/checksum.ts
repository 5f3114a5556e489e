/**
 * TCP checksums as tcpdump -v shows them for packets a Linux host sends with checksum
 * offload: the packet carries only the pseudo-header sum (CHECKSUM_PARTIAL, finished by the
 * NIC or never on a veth), so tcpdump prints `cksum 0xPART (incorrect -> 0xFULL)`. Both are
 * computed from the segment as Linux lays it out (RFC 9293 3.1, options in Linux's order).
 */
import type { Ipv4Packet, TcpSegment } from '../../../wire/index.ts';
import { l4Length } from '../../../wire/index.ts';

function sum16(words: number[]): number {
  let s = 0;
  for (const w of words) s += w;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

const split32 = (n: number): number[] => [(n >>> 16) & 0xffff, n & 0xffff];

/** The bytes of the TCP header and payload, checksum field zero. */
function tcpBytes(t: TcpSegment): number[] {
  const o = t.options ?? { ts: { val: 0, ecr: 0 } };
  const opt: number[] = [];
  if (o.mss !== undefined) opt.push(2, 4, o.mss >>> 8, o.mss & 255);
  if (o.sackOk) opt.push(4, 2);
  if (o.ts) {
    if (o.mss === undefined) opt.push(1, 1);
    opt.push(8, 10, ...[o.ts.val, o.ts.ecr].flatMap((v) => [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255]));
  }
  if (o.wscale !== undefined) opt.push(1, 3, 3, o.wscale);
  while (opt.length % 4) opt.push(1);
  const f = t.flags;
  const flags = (f.fin ? 1 : 0) | (f.syn ? 2 : 0) | (f.rst ? 4 : 0) | (f.psh ? 8 : 0) | (f.ack ? 16 : 0);
  const hdr = [t.sport >>> 8, t.sport & 255, t.dport >>> 8, t.dport & 255,
    t.seq >>> 24, (t.seq >>> 16) & 255, (t.seq >>> 8) & 255, t.seq & 255,
    t.ack >>> 24, (t.ack >>> 16) & 255, (t.ack >>> 8) & 255, t.ack & 255,
    ((20 + opt.length) / 4) << 4, flags, t.window >>> 8, t.window & 255, 0, 0, 0, 0];
  const data = [...t.data].map((c) => c.charCodeAt(0) & 255);
  return [...hdr, ...opt, ...data];
}

/** [partial (pseudo-header only), full checksum] of `t` inside `p`. */
export function tcpChecksums(p: Ipv4Packet, t: TcpSegment): [number, number] {
  const len = l4Length(t);
  const pseudo = [...split32(p.src), ...split32(p.dst), 6, len];
  const partial = sum16(pseudo);
  const b = tcpBytes(t);
  if (b.length % 2) b.push(0);
  const words: number[] = [];
  for (let i = 0; i < b.length; i += 2) words.push((b[i]! << 8) | b[i + 1]!);
  const full = ~sum16([partial, ...words]) & 0xffff;
  return [partial, full];
}
