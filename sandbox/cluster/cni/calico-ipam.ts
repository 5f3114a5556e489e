/**
 * calico-ipam (projectcalico/calico libcalico-go lib/ipam): the IP pool is cut into blocks
 * (blockSize 26: 64 addresses) and each node claims blocks for itself (block affinity). A
 * block's addresses are handed out by ordinal from the front of its free list, and a released
 * ordinal goes to the back, so the network address of a block is a pod address like any
 * other (every pod has a /32; nothing is a broadcast). Handles say who holds an address:
 * `k8s-pod-network.<sandbox id>` for a pod, `ipip-tunnel-addr-<node>` for tunl0.
 *
 * Simplified: blocks are claimed in pool order (the real allocator starts at a random block),
 * and a node claims its first block when calico-node starts, not at its first allocation.
 */
import { formatIpv4, networkOf, parseCidr } from '../../wire/index.ts';
import type { CalicoBlock, CalicoState } from '../calico/types.ts';

/** An empty Calico state (no blocks, no BIRD yet). */
export const calicoState = (): CalicoState => ({ blocks: [], bird: new Map() });

/** The blocks affine to `node`, in claim order. */
export const blocksOf = (s: CalicoState, node: string): CalicoBlock[] => s.blocks.filter((b) => b.node === node);

/** Claims the next free block of `pool` for `node`; undefined when the pool is exhausted. */
export function claimBlock(s: CalicoState, pool: string, blockSize: number, node: string): CalicoBlock | undefined {
  const p = parseCidr(pool);
  if (!p || blockSize < p.len || blockSize > 32) return undefined;
  const count = 2 ** (blockSize - p.len);
  const size = 2 ** (32 - blockSize);
  const taken = new Set(s.blocks.map((b) => b.cidr));
  for (let i = 0; i < count; i++) {
    const cidr = `${formatIpv4((networkOf(p) + i * size) >>> 0)}/${blockSize}`;
    if (taken.has(cidr)) continue;
    const block: CalicoBlock = { cidr, node, allocations: new Map(), unallocated: Array.from({ length: size }, (_, k) => k) };
    s.blocks.push(block);
    return block;
  }
  return undefined;
}

/** Assigns one address to `handle` from `node`'s blocks, claiming a new block when they are full. */
export function autoAssign(s: CalicoState, pool: string, blockSize: number, node: string, handle: string): string | undefined {
  const block = blocksOf(s, node).find((b) => b.unallocated.length > 0) ?? claimBlock(s, pool, blockSize, node);
  const ordinal = block?.unallocated.shift();
  if (!block || ordinal === undefined) return undefined;
  block.allocations.set(ordinal, handle);
  return formatIpv4((parseCidr(block.cidr)!.addr + ordinal) >>> 0);
}

/** Releases every address held by `handle` (the ordinal goes to the back of the free list). */
export function releaseByHandle(s: CalicoState, handle: string): void {
  for (const b of s.blocks) {
    for (const [ordinal, h] of [...b.allocations]) {
      if (h !== handle) continue;
      b.allocations.delete(ordinal);
      b.unallocated.push(ordinal);
    }
  }
}

/** The address held by `handle`, if any. */
export function addressOf(s: CalicoState, handle: string): string | undefined {
  for (const b of s.blocks) {
    for (const [ordinal, h] of b.allocations) if (h === handle) return formatIpv4((parseCidr(b.cidr)!.addr + ordinal) >>> 0);
  }
  return undefined;
}
