/**
 * Names and ids the way Kubernetes and the container runtime make them, from the world's
 * seeded randomness so a seed replays them: UIDs (v4 UUIDs), generateName suffixes
 * (apimachinery's util/rand alphabet), pod-template-hash (fnv32a + SafeEncodeString) and
 * container ids (64 hex).
 */
import { randomInt, type RandomState } from '../core/index.ts';

/** apimachinery util/rand: consonants and digits that cannot spell words (no vowels, no 0/1/3). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** `n` random characters of the generateName alphabet (`x7k2p`). */
export const randomSuffix = (r: RandomState, n = 5): string =>
  Array.from({ length: n }, () => ALPHANUMS[randomInt(r, 0, ALPHANUMS.length - 1)]).join('');

/** `n` random lower-case hex digits. */
export const randomHex = (r: RandomState, n: number): string =>
  Array.from({ length: n }, () => randomInt(r, 0, 15).toString(16)).join('');

/** A version-4 UUID (`8f3c2a1e-...`) as the API server and CNI runtimes generate them. */
export function uuid(r: RandomState): string {
  const h = randomHex(r, 32).split('');
  h[12] = '4';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** FNV-1a 32-bit of a string's UTF-16 code units (ASCII in practice). */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * apimachinery rand.SafeEncodeString: each character of the text maps to the alphabet by its
 * byte value, which is why pod-template-hashes of decimal numbers use only `4-9bcdf`.
 */
export const safeEncode = (text: string): string =>
  text.split('').map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');

/**
 * The pod-template-hash label of a ReplicaSet (controller.ComputeHash: fnv32a of the template,
 * plus the collision count, safe-encoded). The real hash is over Go's spew dump of the
 * template; ours is over canonical JSON, so values differ from a real cluster but have the
 * same form and the same stability (same template, same hash).
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const text = canonicalJson(template) + (collisionCount ? String(collisionCount) : '');
  return safeEncode(String(fnv32a(text)));
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
