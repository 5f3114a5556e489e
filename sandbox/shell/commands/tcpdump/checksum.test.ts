// tcpdump -v's `cksum 0x191a (incorrect -> 0x8faa)` on the reference lab's SYN: the partial
// pseudo-header sum and the real checksum, computed from the segment's fields.
import { describe, expect, it } from 'vitest';
import { parseIpv4, type Ipv4Packet } from '../../../wire/index.ts';
import { tcpChecksums } from './checksum.ts';

describe('tcp checksum', () => {
  it('matches the golden SYN from 10.244.2.2 to 10.244.1.2 (lab-node2 tcpdump -nn -v)', () => {
    const p: Ipv4Packet = {
      kind: 'ipv4', src: parseIpv4('10.244.2.2')!, dst: parseIpv4('10.244.1.2')!, ttl: 63, id: 61691, df: true,
      payload: { proto: 'tcp', sport: 47268, dport: 8080, seq: 2050765764, ack: 0, flags: { syn: true }, window: 64860, data: '',
        options: { mss: 1410, sackOk: true, ts: { val: 1450755470, ecr: 0 }, wscale: 10 } },
    };
    const t = p.payload;
    if (t.proto !== 'tcp') throw new Error('tcp');
    expect(tcpChecksums(p, t)).toEqual([0x191a, 0x8faa]);
  });
});
