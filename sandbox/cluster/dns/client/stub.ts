/**
 * Stub-resolver pieces: building a query as BIND's tools send it (RD set, AD set by dig, EDNS
 * with a 1232-byte buffer and a client cookie), the search-list order of resolv.conf(5)
 * (`ndots`: a name with fewer dots than ndots tries the search domains first, then itself; a
 * name with a trailing dot is tried only as is), and reverse names for PTR lookups.
 */
import { randomInt, type RandomState } from '../../../core/index.ts';
import type { DnsMessage, DnsType } from '../../../wire/index.ts';
import type { ResolvConf } from '../resolv-conf.ts';

/** A new query for `name` (absolute, with its trailing dot) of `type`. */
export function makeQuery(rng: RandomState, name: string, type: DnsType, edns = true): DnsMessage {
  const m: DnsMessage = {
    id: randomInt(rng, 0, 65535), response: false, rcode: 'NOERROR', authoritative: false, recursionDesired: true,
    recursionAvailable: false, questions: [{ name: absolute(name), type }], answers: [], authority: [], additional: [],
  };
  if (edns) m.edns = { udpSize: 1232, cookie: Array.from({ length: 8 }, () => randomInt(rng, 0, 255).toString(16).padStart(2, '0')).join('') };
  return m;
}

/** `name.` (the root is `.`). */
export const absolute = (name: string): string => (name === '.' ? '.' : name.endsWith('.') ? name : `${name}.`);

/** The ndots option of a resolv.conf (default 1). */
export const ndotsOf = (rc: ResolvConf): number => Number(rc.options.find((o) => o.name === 'ndots')?.value ?? 1);

/** The names a lookup of `name` tries, in order (res_nsearch). */
export function searchOrder(name: string, rc: ResolvConf): string[] {
  if (name.endsWith('.')) return [name];
  const dots = name.split('.').length - 1;
  const searched = rc.searches.map((d) => `${name}.${d}.`);
  return dots >= ndotsOf(rc) ? [`${name}.`, ...searched] : [...searched, `${name}.`];
}

/** `d.c.b.a.in-addr.arpa.` for an IPv4 address, undefined when `ip` is not one. */
export function reverseName(ip: string): string | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return undefined;
  return `${parts.reverse().join('.')}.in-addr.arpa.`;
}

/** The DNS types the tools accept by name. */
export const DNS_TYPES: readonly DnsType[] = ['A', 'AAAA', 'SRV', 'PTR', 'CNAME', 'NS', 'SOA', 'TXT', 'MX'];

/**
 * Record types the tools know by name that the simulated DNS has no records or code for: asking
 * for one gets this notice (and exit 1) instead of being read as a name or called unknown.
 */
const UNMODELLED_TYPES = ['ANY', 'CAA', 'HINFO', 'NAPTR', 'DS', 'DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'TLSA', 'SSHFP', 'HTTPS', 'SVCB',
  'DNAME', 'AXFR', 'IXFR', 'LOC', 'SPF', 'URI', 'CERT'];

/** The notice for a type word the simulated DNS does not model, undefined for any other word. */
export function unmodelledType(word: string): string | undefined {
  const type = word.toUpperCase();
  return UNMODELLED_TYPES.includes(type) ? `packetwalk: query type ${type} is not simulated (the simulated DNS has no such records)` : undefined;
}
