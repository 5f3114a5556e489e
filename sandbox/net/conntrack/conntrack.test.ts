// The conntrack table: UDP timeouts and ASSURED after two seconds of replies (nf_conntrack_proto_udp.c),
// ICMP echo ids in both directions, TCP transitions, expiry in virtual time, and filters.
import { describe, expect, it } from 'vitest';
import type { Ipv4Packet, TcpFlags } from '../../wire/index.ts';
import type { Skb } from '../skb.ts';
import { createConntrack, conntrackIn, conntrackConfirm, listEntries, flushEntries, isDstNat } from './index.ts';
import { tcpNext } from './tcp.ts';

const A = 0x0a000001;
const B = 0x0a000002;
const udp = (src: number, sport: number, dst: number, dport: number): Skb => ({
  mark: 0, pkt: { kind: 'ipv4', src, dst, ttl: 64, id: 0, df: false, payload: { proto: 'udp', sport, dport, payload: { kind: 'raw', data: '' } } },
});
const icmp = (src: number, dst: number, type: number, echoId: number): Skb => ({
  mark: 0, pkt: { kind: 'ipv4', src, dst, ttl: 64, id: 0, df: false, payload: { proto: 'icmp', type, code: 0, echoId, echoSeq: 1, dataLength: 56 } } as Ipv4Packet,
});
const pass = (ct: ReturnType<typeof createConntrack>, skb: Skb, now: number): Skb => {
  conntrackIn(ct, 1, skb, now);
  conntrackConfirm(ct, 1, skb);
  return skb;
};

describe('conntrack table', () => {
  it('keeps UDP 30 s unreplied, 30 s after a quick reply, 120 s and ASSURED once it streams', () => {
    const ct = createConntrack();
    expect(pass(ct, udp(A, 5000, B, 53), 0).ctState).toBe('NEW');
    let [e] = listEntries(ct, 0);
    expect([e!.expires, e!.seenReply, e!.assured]).toEqual([30_000, false, false]);
    expect(pass(ct, udp(B, 53, A, 5000), 100).ctState).toBe('ESTABLISHED');
    [e] = listEntries(ct, 100);
    expect([e!.expires, e!.seenReply, e!.assured]).toEqual([30_100, true, false]);
    pass(ct, udp(A, 5000, B, 53), 2500);
    [e] = listEntries(ct, 2500);
    expect([e!.expires, e!.assured]).toEqual([122_500, true]);
    expect(listEntries(ct, 122_500)).toHaveLength(0);
  });

  it('pairs an echo reply with its request by id, and calls a lone reply INVALID', () => {
    const ct = createConntrack();
    pass(ct, icmp(A, B, 8, 77), 0);
    expect(pass(ct, icmp(B, A, 0, 77), 1).ctState).toBe('ESTABLISHED');
    expect(pass(ct, icmp(B, A, 0, 78), 2).ctState).toBe('INVALID');
    expect(listEntries(ct, 3)).toHaveLength(1);
  });

  it('follows the kernel TCP table for a normal close and a reset', () => {
    const f = (x: TcpFlags) => x;
    expect(tcpNext(undefined, f({ syn: true }), 'original')).toBe('SYN_SENT');
    expect(tcpNext('SYN_SENT', f({ syn: true, ack: true }), 'reply')).toBe('SYN_RECV');
    expect(tcpNext('SYN_RECV', f({ ack: true }), 'original')).toBe('ESTABLISHED');
    expect(tcpNext('ESTABLISHED', f({ fin: true, ack: true }), 'original')).toBe('FIN_WAIT');
    expect(tcpNext('FIN_WAIT', f({ ack: true }), 'reply')).toBe('CLOSE_WAIT');
    expect(tcpNext('CLOSE_WAIT', f({ fin: true, ack: true }), 'reply')).toBe('LAST_ACK');
    expect(tcpNext('LAST_ACK', f({ ack: true }), 'original')).toBe('TIME_WAIT');
    expect(tcpNext('ESTABLISHED', f({ rst: true }), 'reply')).toBe('CLOSE');
    expect(tcpNext(undefined, f({ syn: true, ack: true }), 'original')).toBe('invalid');
  });

  it('flushes by filter and counts what it removed', () => {
    const ct = createConntrack();
    // A DNAT binding is made before the entry is confirmed (nat runs before confirm).
    const dnat = udp(A, 1, B, 53);
    conntrackIn(ct, 1, dnat, 0);
    const first = ct.entries.get(dnat.ct!)!;
    first.reply = { ...first.reply, src: 0x0a0000ff };
    conntrackConfirm(ct, 1, dnat);
    pass(ct, udp(A, 2, B, 80), 0);
    expect(isDstNat(first)).toBe(true);
    expect(flushEntries(ct, { dstNat: 0x0a0000ff })).toBe(1);
    expect(flushEntries(ct, { proto: 'tcp' })).toBe(0);
    expect(flushEntries(ct)).toBe(1);
    expect(ct.index.size).toBe(0);
  });
});
