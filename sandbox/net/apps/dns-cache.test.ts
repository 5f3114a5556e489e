/**
 * CoreDNS's cache plugin (plugin/cache: computeTTL, WriteMsg's capped reply, item.toMsg's
 * count-down) under kubeadm's `cache 30`.
 */
import { describe, expect, it } from 'vitest';
import type { DnsMessage, DnsRecord } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import { cacheKey, cacheLookup, cacheStore } from './dns-cache.ts';

const ns = (): Netns => ({ id: 1 } as Netns);
const query = (name: string, id = 7): DnsMessage => ({ id, response: false, rcode: 'NOERROR', authoritative: false, recursionDesired: true,
  recursionAvailable: false, questions: [{ name, type: 'A' }], answers: [], authority: [], additional: [], edns: { udpSize: 1232, cookie: 'ab' } });
const reply = (q: DnsMessage, answers: DnsRecord[], rcode: DnsMessage['rcode'] = 'NOERROR', authority: DnsRecord[] = []): DnsMessage =>
  ({ ...q, response: true, rcode, recursionAvailable: true, answers, authority });
const a = (ttl: number): DnsRecord => ({ name: 'example.com.', type: 'A', ttl, data: '93.184.215.14' });
const spec = (q: DnsMessage, config = '1') => ({ key: cacheKey(q)!, maxTtl: 30, config });

describe('the DNS cache (CoreDNS cache 30)', () => {
  it('caps the reply that fills it at 30 s and counts down on hits', () => {
    const n = ns();
    const q = query('Example.com.');
    expect(cacheStore(n, spec(q), reply(q, [a(300)]), 1_000).answers[0]!.ttl).toBe(30);
    const hit = cacheLookup(n, query('example.com.', 9), 8_500, '1')!;
    expect(hit.answers.map((r) => r.ttl)).toEqual([23]);
    expect([hit.id, hit.authoritative, hit.recursionAvailable]).toEqual([9, true, true]);
    expect(cacheLookup(n, query('example.com.'), 30_999, '1')!.answers[0]!.ttl).toBe(1);
    expect(cacheLookup(n, query('example.com.'), 31_000, '1')).toBeUndefined();
  });

  it('keeps short TTLs at least 5 s and denials for their SOA minimum, capped', () => {
    const n = ns();
    const q = query('short.example.');
    expect(cacheStore(n, spec(q), reply(q, [a(1)]), 0).answers[0]!.ttl).toBe(5);
    const nx = query('nope.example.');
    const soa: DnsRecord = { name: 'example.', type: 'SOA', ttl: 3600, data: 'ns. host. 1 7200 1800 86400 60' };
    expect(cacheStore(n, spec(nx), reply(nx, [], 'NXDOMAIN', [soa]), 0).authority[0]!.ttl).toBe(30);
    expect(cacheLookup(n, query('nope.example.'), 10_000, '1')!.rcode).toBe('NXDOMAIN');
  });

  it('never keeps SERVFAIL, and starts empty under a new configuration (reload)', () => {
    const n = ns();
    const q = query('down.example.');
    cacheStore(n, spec(q), reply(q, [], 'SERVFAIL'), 0);
    expect(cacheLookup(n, q, 1, '1')).toBeUndefined();
    cacheStore(n, spec(q), reply(q, [a(60)]), 0);
    expect(cacheLookup(n, q, 1, '2')).toBeUndefined();
    expect(n.dnsCache!.size).toBe(0);
  });
});
