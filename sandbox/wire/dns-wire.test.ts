/** DNS wire form over TCP: round trips, name compression, the length prefix. */
import { describe, expect, it } from 'vitest';
import { decodeDns, encodeDns, frameDns, unframeDns } from './dns-wire.ts';
import type { DnsMessage } from './packet.ts';

const msg: DnsMessage = {
  id: 0xbeef, response: true, rcode: 'NXDOMAIN', authoritative: true, recursionDesired: true, recursionAvailable: false,
  questions: [{ name: 'web.default.svc.cluster.local.', type: 'A' }],
  answers: [
    { name: 'web.default.svc.cluster.local.', type: 'CNAME', ttl: 30, data: 'db.x.svc.cluster.local.' },
    { name: 'db.x.svc.cluster.local.', type: 'A', ttl: 30, data: '10.244.1.5' },
    { name: '_pg._tcp.db.x.svc.cluster.local.', type: 'SRV', ttl: 30, data: '0 50 5432 db-0.db.x.svc.cluster.local.' },
    { name: 'v6.example.', type: 'AAAA', ttl: 300, data: '2001:db8::1' },
    { name: 't.example.', type: 'TXT', ttl: 5, data: 'hello' },
    { name: 'example.com.', type: 'MX', ttl: 300, data: '10 mail.example.com.' },
  ],
  authority: [{ name: 'cluster.local.', type: 'SOA', ttl: 30, data: 'ns.dns.cluster.local. hostmaster.cluster.local. 1763916572 7200 1800 86400 30' }],
  additional: [], edns: { udpSize: 1232, cookie: '0011223344556677' },
};

describe('DNS wire form (RFC 1035 4.1)', () => {
  it('round-trips every record type, flags, rcode and the EDNS cookie', () => {
    expect(decodeDns(encodeDns(msg))).toEqual(msg);
  });
  it('compresses names: a repeated suffix is a two-byte pointer (RFC 1035 4.1.4)', () => {
    const one: DnsMessage = { ...msg, answers: [], authority: [], questions: [{ name: 'a.cluster.local.', type: 'A' }] };
    delete one.edns;
    const two: DnsMessage = { ...one, answers: [{ name: 'a.cluster.local.', type: 'A', ttl: 5, data: '10.0.0.1' }] };
    // Header 12, name 17, type+class 4; the answer's owner is one pointer: 2 + 10 + 4.
    expect(encodeDns(one).length).toBe(12 + 17 + 4);
    expect(encodeDns(two).length - encodeDns(one).length).toBe(2 + 10 + 4);
  });
  it('frames with a two-byte length and waits for a whole message', () => {
    const f = frameDns(msg);
    expect((f.charCodeAt(0) << 8) | f.charCodeAt(1)).toBe(f.length - 2);
    expect(unframeDns(f.slice(0, 10))).toBeUndefined();
    expect(unframeDns(f + 'xx')).toEqual({ msg, consumed: f.length });
    expect(decodeDns('\x00\x01')).toBeUndefined();
  });
});
