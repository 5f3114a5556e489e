// The outside world's resolver app: its records parameter, answers as a recursive resolver
// gives them (RA set, AA clear, NODATA for other types), NXDOMAIN without a forwarder.
import { describe, expect, it } from 'vitest';
import type { DnsMessage } from '../../wire/index.ts';
import { parseRecords, resolveLocally, resolverRespond } from './dns-resolver.ts';

const query = (name: string, type: 'A' | 'AAAA' = 'A'): DnsMessage => ({
  id: 7, response: false, rcode: 'NOERROR', authoritative: false, recursionDesired: true, recursionAvailable: false,
  questions: [{ name, type }], answers: [], authority: [], additional: [],
});
const ctx = (params: Record<string, string>) => ({ params, local: { addr: 1, port: 53 }, remote: { addr: 2, port: 40000 }, now: new Date(0) });

describe('dns-resolver', () => {
  it('reads name=addr pairs, skipping malformed ones', () => {
    expect([...parseRecords('Example.com.=93.184.215.14, bad=1.2.3 x=9.9.9.9')]).toEqual([['example.com', '93.184.215.14'], ['x', '9.9.9.9']]);
  });

  it('answers known names with an A record, other types with NODATA', () => {
    const recs = parseRecords('example.com=93.184.215.14');
    const a = resolveLocally(query('EXAMPLE.com.'), recs)!;
    expect(a).toMatchObject({ id: 7, response: true, rcode: 'NOERROR', authoritative: false, recursionAvailable: true });
    expect(a.answers).toEqual([{ name: 'EXAMPLE.com.', type: 'A', ttl: 300, data: '93.184.215.14' }]);
    expect(resolveLocally(query('example.com.', 'AAAA'), recs)!.answers).toEqual([]);
    expect(resolveLocally(query('example.org.'), recs)).toBeUndefined();
  });

  it('says NXDOMAIN for unknown names when it has no upstream', () => {
    const r = resolverRespond(ctx({ records: 'example.com=93.184.215.14' }), { kind: 'dns', message: query('nosuch.invalid.') });
    expect(r?.kind === 'dns' && r.message.rcode).toBe('NXDOMAIN');
  });
});
