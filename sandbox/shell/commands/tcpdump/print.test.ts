// tcpdump's decodes: relative sequence numbers after the first ACK-bearing segment, HTTP
// first lines, ARP with and without -n, ICMP errors, and the pcap-filter subset.
import { describe, expect, it } from 'vitest';
import { parseIpv4, type EthernetFrame, type TcpSegment } from '../../../wire/index.ts';
import { frameText, type SeqState } from './print.ts';
import { compileFilter } from './filter.ts';

const A = parseIpv4('10.244.1.2')!;
const B = parseIpv4('10.244.1.3')!;
const tcp = (src: number, dst: number, t: Partial<TcpSegment>): EthernetFrame => ({
  src: '0a:58:0a:f4:01:02', dst: '0a:58:0a:f4:01:03',
  payload: { kind: 'ipv4', src, dst, ttl: 64, id: 1, df: true, payload: { proto: 'tcp', sport: 41576, dport: 8080, seq: 0, ack: 0, flags: {}, window: 64, data: '', options: { ts: { val: 1, ecr: 2 } }, ...t } },
});

describe('tcpdump print', () => {
  it('prints absolute numbers until a flow has been seen with ACK, then relative ones', () => {
    const o = { n: 2, e: false, v: false };
    const seqs: SeqState = new Map();
    const syn = tcp(A, B, { seq: 1000, flags: { syn: true }, window: 64860, options: { mss: 1410, sackOk: true, ts: { val: 5, ecr: 0 }, wscale: 10 } });
    expect(frameText(syn, o, seqs)).toBe('IP 10.244.1.2.41576 > 10.244.1.3.8080: Flags [S], seq 1000, win 64860, options [mss 1410,sackOK,TS val 5 ecr 0,nop,wscale 10], length 0');
    const synack = tcp(B, A, { sport: 8080, dport: 41576, seq: 5000, ack: 1001, flags: { syn: true, ack: true } });
    expect(frameText(synack, o, seqs)).toContain('Flags [S.], seq 5000, ack 1001');
    const req = tcp(A, B, { seq: 1001, ack: 5001, flags: { psh: true, ack: true }, data: 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' });
    expect(frameText(req, o, seqs)).toBe('IP 10.244.1.2.41576 > 10.244.1.3.8080: Flags [P.], seq 1:28, ack 1, win 64, options [nop,nop,TS val 1 ecr 2], length 27: HTTP: GET / HTTP/1.1');
  });

  it('names ports without -nn and marks MACs without -n', () => {
    const arp: EthernetFrame = { src: '0a:58:0a:f4:01:03', dst: '0a:58:0a:f4:01:02', payload: { kind: 'arp', op: 'reply', senderMac: '0a:58:0a:f4:01:03', senderIp: B, targetMac: '0a:58:0a:f4:01:02', targetIp: A } };
    expect(frameText(arp, { n: 0, e: false, v: false }, new Map())).toBe('ARP, Reply 10.244.1.3 is-at 0a:58:0a:f4:01:03 (oui Unknown), length 28');
    expect(frameText(arp, { n: 1, e: true, v: false }, new Map())).toBe('0a:58:0a:f4:01:03 > 0a:58:0a:f4:01:02, ethertype ARP (0x0806), length 42: Reply 10.244.1.3 is-at 0a:58:0a:f4:01:03, length 28');
    expect(frameText(tcp(A, B, { flags: { syn: true } }), { n: 1, e: false, v: false }, new Map())).toContain('10.244.1.3.http-alt:');
  });

  it('prints a port unreachable with the quoted destination', () => {
    const f: EthernetFrame = { src: 'a', dst: 'b', payload: { kind: 'ipv4', src: B, dst: A, ttl: 64, id: 0, df: false, payload: {
      proto: 'icmp', type: 3, code: 3, dataLength: 0,
      quoted: { kind: 'ipv4', src: A, dst: B, ttl: 64, id: 0, df: true, payload: { proto: 'udp', sport: 4000, dport: 53, payload: { kind: 'raw', data: '' } } } } } };
    expect(frameText(f, { n: 2, e: false, v: false }, new Map())).toBe('IP 10.244.1.3 > 10.244.1.2: ICMP 10.244.1.3 udp port 53 unreachable, length 36');
  });
});

describe('tcpdump filter', () => {
  const syn = tcp(A, B, { flags: { syn: true } });
  it.each([
    ['tcp port 8080', true], ['udp', false], ['host 10.244.1.3', true], ['src 10.244.1.3', false], ['dst host 10.244.1.3 and tcp', true],
    ['not arp', true], ['icmp or port 8080', true], ['net 10.244.0.0/16', true], ['( udp or arp )', false], ['portrange 8000-9000', true],
  ])('%s -> %s', (expr, want) => {
    const f = compileFilter(expr.split(' '));
    if (typeof f === 'string') throw new Error(f);
    expect(f(syn)).toBe(want);
  });
  it('rejects a dangling primitive', () => {
    expect(compileFilter(['port'])).toBe('tcpdump: syntax error in filter expression: syntax error');
  });
});
