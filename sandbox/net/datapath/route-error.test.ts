// ip_error() on a forwarding node: what the sender hears when the node's route is a
// blackhole (nothing), unreachable (host unreachable) or prohibit (code 13).
import { describe, expect, it } from 'vitest';
import { pingOpen, pingSend } from '../socket-udp.ts';
import { pump } from './pump.ts';
import { bridgeNode, ip } from './topo.test-helper.ts';
import { addRoute } from '../route.ts';
import type { RouteType } from '../types.ts';

function pingThrough(type: RouteType): { errors: { type: number; code: number }[]; replies: number } {
  const { world, node, pa } = bridgeNode();
  addRoute(node, { table: 254, type, dst: { addr: ip('10.9.0.0'), len: 16 }, proto: 'boot', scope: 'global' });
  const s = pingOpen(world, pa, 0);
  expect(pingSend(world, s, ip('10.9.1.1'), 1).ok).toBe(true);
  pump(world, 1000, () => s.errors.length > 0);
  return { errors: s.errors.map((e) => ({ type: e.type, code: e.code })), replies: s.replies.length };
}

describe('forwarding into a special route', () => {
  it('discards silently on a blackhole route', () => {
    expect(pingThrough('blackhole')).toEqual({ errors: [], replies: 0 });
  });
  it('answers host unreachable on an unreachable route', () => {
    expect(pingThrough('unreachable').errors).toEqual([{ type: 3, code: 1 }]);
  });
  it('answers administratively prohibited on a prohibit route', () => {
    expect(pingThrough('prohibit').errors).toEqual([{ type: 3, code: 13 }]);
  });
});
