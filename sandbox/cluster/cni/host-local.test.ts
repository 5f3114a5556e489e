// host-local's allocation order: the learner sees that a deleted pod's address is not the
// next one handed out (containernetworking/plugins plugins/ipam/host-local/backend/allocator).
import { describe, expect, it } from 'vitest';
import { allocate, gatewayOf, hostLocalState, release } from './host-local.ts';

describe('host-local', () => {
  it('starts at .2 (the gateway .1 is reserved) and continues after the last reserved', () => {
    const s = hostLocalState('10.244.1.0/24');
    expect(gatewayOf('10.244.1.0/24')).toBe('10.244.1.1');
    expect([allocate(s, 'a'), allocate(s, 'b'), allocate(s, 'c')]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    release(s, 'a');
    expect(allocate(s, 'd')).toBe('10.244.1.5');
  });
  it('wraps around after the end of the range and then reuses freed addresses', () => {
    const s = hostLocalState('10.244.1.0/29');
    const got = ['a', 'b', 'c', 'd', 'e'].map((id) => allocate(s, id));
    expect(got).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6']);
    expect(allocate(s, 'f')).toBeUndefined();
    release(s, 'b');
    expect(allocate(s, 'g')).toBe('10.244.1.3');
  });
});
