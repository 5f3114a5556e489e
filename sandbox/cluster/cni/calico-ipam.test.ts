import { describe, expect, it } from 'vitest';
import { addressOf, autoAssign, blocksOf, calicoState, claimBlock, releaseByHandle } from './calico-ipam.ts';

describe('calico-ipam', () => {
  it('cuts the pool into /26 blocks, one per node in claim order', () => {
    const s = calicoState();
    expect(claimBlock(s, '10.244.0.0/16', 26, 'node-1')?.cidr).toBe('10.244.0.0/26');
    expect(claimBlock(s, '10.244.0.0/16', 26, 'node-2')?.cidr).toBe('10.244.0.64/26');
    expect(blocksOf(s, 'node-2').map((b) => b.cidr)).toEqual(['10.244.0.64/26']);
  });
  it('hands out ordinals from the front (the block\'s network address first) and reuses released ones last', () => {
    const s = calicoState();
    expect(autoAssign(s, '10.244.0.0/16', 26, 'n', 'a')).toBe('10.244.0.0');
    expect(autoAssign(s, '10.244.0.0/16', 26, 'n', 'b')).toBe('10.244.0.1');
    releaseByHandle(s, 'a');
    expect(addressOf(s, 'a')).toBeUndefined();
    expect(autoAssign(s, '10.244.0.0/16', 26, 'n', 'c')).toBe('10.244.0.2');
  });
  it('claims a second block when the first is full, and stops when the pool is exhausted', () => {
    const s = calicoState();
    for (let i = 0; i < 4; i++) expect(autoAssign(s, '10.9.0.0/28', 30, 'n', `h${i}`)).toBe(`10.9.0.${i}`);
    expect(autoAssign(s, '10.9.0.0/28', 30, 'n', 'h4')).toBe('10.9.0.4');
    expect(blocksOf(s, 'n')).toHaveLength(2);
    for (let i = 5; i < 16; i++) autoAssign(s, '10.9.0.0/28', 30, 'n', `h${i}`);
    expect(autoAssign(s, '10.9.0.0/28', 30, 'n', 'full')).toBeUndefined();
  });
});
