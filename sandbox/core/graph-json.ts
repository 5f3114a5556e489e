/**
 * A JSON text for a graph of plain data, read back as an exact copy: what `structuredClone`
 * keeps, JSON alone loses, so it is tagged here: Maps, `undefined`, NaN, the infinities and -0,
 * and shared references (the world holds the same object in several places, e.g. an Event and
 * the object it names, and code that changes it through one place relies on the others seeing
 * it). Used to ship a built world as a file (api/world-image.ts).
 *
 * Format: JSON, where an object with a `$` key is a tag and every other value stands for itself:
 *   {"$":"u"} undefined · {"$":"n","v":"NaN"|"Infinity"|"-Infinity"|"-0"} · {"$":"m","v":[k,v,...]}
 *   a Map · {"$":"o","v":[k,v,...]} a plain object that has a `$` key itself · {"$":"r","v":n} the
 *   n-th container (array, plain object or Map, counted in the order they are first met).
 * Anything else (class instances, Sets, typed arrays, functions, sparse arrays) is not plain
 * data for the world and is refused with a TypeError naming where it was found.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Sets an own property, whatever its name: assigning to `__proto__` (a valid ConfigMap key,
 * say) would set the object's prototype instead, and the key would be lost.
 */
function setOwn(record: object, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else (record as Record<string, unknown>)[key] = value;
}

/** Encodes `value` (plain objects, arrays, Maps and primitives, possibly shared or cyclic). */
export function encodeGraph(value: unknown): string {
  const ids = new Map<object, number>();
  const encode = (v: unknown, where: string): Json => {
    if (v === undefined) return { $: 'u' };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isFinite(v) && !Object.is(v, -0)) return v;
      return { $: 'n', v: Object.is(v, -0) ? '-0' : String(v) };
    }
    if (typeof v !== 'object') throw new TypeError(`graph-json: ${typeof v} at ${where} is not plain data`);
    const seen = ids.get(v);
    if (seen !== undefined) return { $: 'r', v: seen };
    ids.set(v, ids.size);
    if (Array.isArray(v)) {
      const out: Json[] = [];
      for (let i = 0; i < v.length; i += 1) {
        if (!(i in v)) throw new TypeError(`graph-json: hole at ${where}[${i}]`);
        out.push(encode(v[i], `${where}[${i}]`));
      }
      return out;
    }
    if (v instanceof Map) {
      const flat: Json[] = [];
      for (const [key, item] of v) flat.push(encode(key, `${where} key`), encode(item, `${where}[${String(key)}]`));
      return { $: 'm', v: flat };
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) {
      throw new TypeError(`graph-json: ${v.constructor?.name ?? 'object without prototype'} at ${where} is not plain data`);
    }
    const record = v as Record<string, unknown>;
    if (Object.hasOwn(record, '$')) return { $: 'o', v: Object.keys(record).flatMap((key) => [key, encode(record[key], `${where}.${key}`)]) };
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(record)) setOwn(out, key, encode(record[key], `${where}.${key}`));
    return out;
  };
  return JSON.stringify(encode(value, '(root)'));
}

/** Decodes a text written by `encodeGraph`; the parsed arrays and objects are reused in place. */
export function decodeGraph(text: string): unknown {
  const containers: unknown[] = [];
  const decode = (v: Json): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      containers.push(v);
      for (let i = 0; i < v.length; i += 1) (v as unknown[])[i] = decode(v[i]!);
      return v;
    }
    if (!Object.hasOwn(v, '$')) {
      containers.push(v);
      for (const key of Object.keys(v)) setOwn(v, key, decode(v[key]!));
      return v;
    }
    const flat = v.v as Json[];
    switch (v.$) {
      case 'u':
        return undefined;
      case 'n':
        return v.v === '-0' ? -0 : Number(v.v);
      case 'r':
        return containers[v.v as number];
      case 'm': {
        const map = new Map<unknown, unknown>();
        containers.push(map);
        for (let i = 0; i < flat.length; i += 2) {
          const key = decode(flat[i]!);
          map.set(key, decode(flat[i + 1]!));
        }
        return map;
      }
      case 'o': {
        const record: Record<string, unknown> = {};
        containers.push(record);
        for (let i = 0; i < flat.length; i += 2) setOwn(record, flat[i] as string, decode(flat[i + 1]!));
        return record;
      }
      default:
        throw new TypeError(`graph-json: unknown tag ${JSON.stringify(v.$)}`);
    }
  };
  return decode(JSON.parse(text) as Json);
}
