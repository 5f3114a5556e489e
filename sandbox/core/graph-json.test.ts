// A graph read back is the graph written: the same values, the same Map entries in order, and
// the same sharing (one object reached by two paths stays one object), which JSON alone loses.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeGraph, encodeGraph } from './graph-json.ts';

const plain = fc.anything({
  withMap: true, withSet: false, withBigInt: false, withDate: false, withTypedArray: false, withSparseArray: false,
  withBoxedValues: false, withNullPrototype: false, withObjectString: false,
});

describe('graph-json', () => {
  it('reads back what JSON loses: Maps, undefined, NaN, the infinities, -0 and a `$` key', () => {
    const value = { m: new Map<unknown, unknown>([[1, 'one'], ['k', [undefined, NaN, -Infinity, Infinity, -0]]]), u: undefined, $: { $: 'r' } };
    const back = decodeGraph(encodeGraph(value)) as typeof value;
    expect(back).toStrictEqual(value);
    expect(Object.is((back.m.get('k') as number[])[4], -0)).toBe(true);
    expect('u' in back).toBe(true);
    expect([...back.m.keys()]).toEqual([1, 'k']);
  });

  it('keeps one object reached by two paths as one object, and cycles as cycles', () => {
    const shared = { vars: ['A=1'] };
    const cyclic: { self?: unknown; list: unknown[] } = { list: [] };
    cyclic.self = cyclic;
    cyclic.list.push(cyclic);
    const back = decodeGraph(encodeGraph({ a: shared, b: new Map([['x', shared]]), c: cyclic })) as {
      a: typeof shared; b: Map<string, typeof shared>; c: typeof cyclic;
    };
    expect(back.b.get('x')).toBe(back.a);
    back.a.vars.push('B=2');
    expect(back.b.get('x')?.vars).toEqual(['A=1', 'B=2']);
    expect(back.c.self).toBe(back.c);
    expect(back.c.list[0]).toBe(back.c);
  });

  it('refuses what is not plain data, naming where it is', () => {
    expect(() => encodeGraph({ machines: [{ seen: new Set([1]) }] })).toThrow('Set at (root).machines[0].seen');
    expect(() => encodeGraph({ f: () => 1 })).toThrow('function at (root).f');
    expect(() => encodeGraph({ list: [1, , 3] })).toThrow('hole at (root).list[1]');
  });

  it('keeps a `__proto__` key as a key (a ConfigMap may have one), in a plain object and beside a `$` key', () => {
    const value = JSON.parse('{"data":{"__proto__":"x","a":"b"},"tagged":{"$":1,"__proto__":{"n":2}}}') as unknown;
    const back = decodeGraph(encodeGraph(value)) as { data: Record<string, unknown>; tagged: Record<string, unknown> };
    expect(Object.keys(back.data)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(back.data)).toBe(Object.prototype);
    expect(back).toEqual(value);
    expect(Object.keys(back.tagged)).toEqual(['$', '__proto__']);
  });

  it('reads back any plain value exactly, shared or not', () => {
    fc.assert(fc.property(plain, (value) => {
      const text = encodeGraph(value);
      const back = decodeGraph(text);
      expect(back).toStrictEqual(value);
      expect(encodeGraph(back)).toBe(text);
      const twice = decodeGraph(encodeGraph({ a: value, b: [value] })) as { a: unknown; b: unknown[] };
      expect(twice.b[0]).toBe(twice.a);
    }));
  });
});
