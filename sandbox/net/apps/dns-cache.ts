/**
 * The DNS cache of a server in a namespace, as CoreDNS's cache plugin keeps it (plugin/cache,
 * CoreDNS 1.11 as Kubernetes 1.31 ships it), for kubeadm's `cache 30`:
 * - an answer is stored for clamp(its lowest TTL, 5, 30) seconds (computeTTL with the
 *   plugin's minimum 5 s and `cache 30` as the maximum for successes and denials alike; a
 *   denial's TTL is its SOA's min(TTL, MINIMUM));
 * - the reply that fills the cache already carries that TTL on every record (WriteMsg applies
 *   the capped TTL "to avoid jarring TTL experience"), so an upstream's 300 s and the
 *   kubernetes plugin's 28800 s dns-version record both reach the client as 30;
 * - a hit answers with the TTL counted down (origTTL minus whole seconds stored) while it is
 *   above 0, with AA set (item.toMsg in 1.11 always sets it) and the query's id and EDNS.
 * The key is the question (lower-cased name and type; the DO bit is never set by our clients).
 * A new configuration (`config`: CoreDNS's reload plugin restarting the server on a changed
 * Corefile) starts with an empty cache.
 * SERVFAIL is not cached here (CoreDNS keeps it 5 s): simplified.
 * State lives on the server's namespace (Netns.dnsCache), so a snapshot holds it.
 */
import type { DnsMessage, DnsRecord } from '../../wire/index.ts';
import type { Netns } from '../types.ts';

/** The cache plugin's minimum TTL for successes and denials (minTTL, 5 s). */
export const CACHE_MIN_TTL = 5;
/** Entries kept per server before the oldest is dropped (CoreDNS: capacity 9984 by default). */
const CAPACITY = 9984;

/** Where a reply goes in a cache: the question's key, `cache max`, the server's configuration. */
export interface CacheSpec {
  key: string;
  maxTtl: number;
  config: string;
}

/** The cache key of a query (its first question). */
export function cacheKey(q: DnsMessage): string | undefined {
  const x = q.questions[0];
  return x ? `${x.name.toLowerCase().replace(/\.?$/, '.')}/${x.type}` : undefined;
}

const soaMin = (r: DnsRecord): number => Math.min(r.ttl, Number(r.data.split(' ').at(-1)) || 0);

/** The TTL a reply is cached for under `cache max` (minMsgTTL then computeTTL). */
function cacheTtl(m: DnsMessage, max: number): number {
  const denial = m.rcode === 'NXDOMAIN' || (m.rcode === 'NOERROR' && m.answers.length === 0);
  const ttls = denial
    ? m.authority.filter((r) => r.type === 'SOA').map(soaMin)
    : [...m.answers, ...m.authority, ...m.additional].map((r) => r.ttl);
  const low = ttls.length ? Math.min(...ttls) : max;
  return Math.max(Math.min(CACHE_MIN_TTL, max), Math.min(low, max));
}

const withTtl = (m: DnsMessage, ttl: number): DnsMessage => {
  const set = (rs: DnsRecord[]) => rs.map((r) => ({ ...r, ttl }));
  return { ...m, answers: set(m.answers), authority: set(m.authority), additional: set(m.additional) };
};

/**
 * Stores `reply` as `spec` says (for at most spec.maxTtl seconds) when it is cacheable and returns it as the client
 * gets it: every record's TTL set to the cached TTL. Other replies pass unchanged.
 */
export function cacheStore(ns: Netns, spec: CacheSpec, reply: DnsMessage, now: number): DnsMessage {
  if (reply.rcode !== 'NOERROR' && reply.rcode !== 'NXDOMAIN') return reply;
  const { key, maxTtl: max, config } = spec;
  const ttl = cacheTtl(reply, max);
  const out = withTtl(reply, ttl);
  const cache = (ns.dnsCache ??= new Map());
  cache.delete(key);
  if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
  cache.set(key, { stored: now, ttl, message: out, config });
  return out;
}

/** The cached answer to `query` at `now` (TTL counted down), or undefined on a miss or expiry. */
export function cacheLookup(ns: Netns, query: DnsMessage, now: number, config: string): DnsMessage | undefined {
  const key = cacheKey(query);
  const e = key === undefined ? undefined : ns.dnsCache?.get(key);
  if (!e) return undefined;
  if (e.config !== config) {
    ns.dnsCache!.clear();
    return undefined;
  }
  const left = e.ttl - Math.floor((now - e.stored) / 1000);
  if (left <= 0) {
    ns.dnsCache!.delete(key!);
    return undefined;
  }
  const m = withTtl(e.message, left);
  const { edns: _cachedEdns, ...rest } = m;
  return { ...rest, id: query.id, recursionDesired: query.recursionDesired, authoritative: true,
    questions: query.questions.map((x) => ({ ...x })), ...(query.edns ? { edns: { ...query.edns } } : {}) };
}
