import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../kube-proxy/sha256.ts';
import { cniChainName, sha512 } from './sha512.ts';

describe('sha512 (FIPS 180-4), as the CNI plugins hash chain names', () => {
  it('matches the FIPS 180-2 "abc" vector and the empty string', () => {
    expect(hex(sha512('abc')).slice(0, 32)).toBe('ddaf35a193617abacc417349ae204131');
    expect(hex(sha512(''))).toBe(createHash('sha512').update('').digest('hex'));
  });

  it('agrees with Node crypto on any text, across block boundaries', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      expect(hex(sha512(s))).toBe(createHash('sha512').update(s, 'utf8').digest('hex'));
    }), { numRuns: 60 });
  });

  it('names portmap chains CNI-DN- + 21 hex digits of sha512(network + containerID) (pkg/utils MustFormatChainNameWithPrefix)', () => {
    const id = 'a'.repeat(64);
    const name = cniChainName('cbr0', id, 'DN-');
    expect(name).toBe(`CNI-DN-${createHash('sha512').update(`cbr0${id}`).digest('hex').slice(0, 21)}`);
    expect(name).toHaveLength(28);
  });
});
