import { describe, expect, it } from 'vitest';
import { hex } from '../kube-proxy/sha256.ts';
import { caliVethName, sha1 } from './sha1.ts';

describe('sha1', () => {
  it('matches the FIPS 180 test vectors (empty, "abc", two blocks)', () => {
    expect(hex(sha1(''))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1('abc'))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
  });
  it('names a pod\'s veth as Calico does: cali + 11 hex digits of sha1("ns.pod") (`echo -n default.pod-a | sha1sum`)', () => {
    expect(caliVethName('default', 'pod-a')).toBe('cali5e1c4d6c68c');
    expect(caliVethName('default', 'pod-a')).toHaveLength(15);
  });
});
