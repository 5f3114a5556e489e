// bird.ts: the kernel routes a node's BIRD exports, per the pool's ipipMode: blackholes for
// its own blocks; other nodes' blocks via the node on the same subnet, through tunl0 (onlink)
// when the mode asks for it, and recursively via the router across subnets without it.
import { describe, expect, it } from 'vitest';
import { createNetns } from '../../net/netns.ts';
import { addLink } from '../../net/link.ts';
import { addAddress } from '../../net/addr.ts';
import { setLinkUp } from '../../net/link-state.ts';
import { addRoute } from '../../net/route.ts';
import { testWorld } from '../../net/test-world.ts';
import { parseIpv4 } from '../../wire/index.ts';
import { birdRoutes, meshName, peerReachable } from './bird.ts';
import type { CalicoBlock } from './types.ts';

const block = (cidr: string, node: string): CalicoBlock => ({ cidr, node, allocations: new Map(), unallocated: [] });

function node(withTunl0: boolean) {
  const world = testWorld();
  const ns = createNetns(world, 'node-1', []);
  const eth0 = addLink(world, ns, { kind: 'dummy', name: 'eth0' });
  if (!eth0.ok) throw new Error('fixture');
  addAddress(ns, { family: 'inet', ifindex: eth0.value.ifindex, addr: parseIpv4('10.0.16.11')!, len: 20, scope: 'global' });
  setLinkUp(world, ns, eth0.value, true);
  addRoute(ns, { table: 254, type: 'unicast', dst: { addr: 0, len: 0 }, via: parseIpv4('10.0.16.1')!, dev: eth0.value.ifindex, proto: 'boot', scope: 'global' });
  if (withTunl0) {
    const t = addLink(world, ns, { kind: 'ipip', name: 'tunl0' });
    if (t.ok) setLinkUp(world, ns, t.value, true);
  }
  return ns;
}

const peers = [
  { peer: { node: 'node-2', ip: '10.0.16.12', established: true, since: 0 }, blocks: [block('10.244.0.64/26', 'node-2')] },
  { peer: { node: 'node-3', ip: '10.0.32.13', established: true, since: 0 }, blocks: [block('10.244.0.128/26', 'node-3')] },
];
const self = { ip: '10.0.16.11', subnet: '10.0.16.0/20' };
const texts = (ns: ReturnType<typeof node>, mode: 'Always' | 'CrossSubnet' | 'Never') =>
  birdRoutes(ns, self, [block('10.244.0.0/26', 'node-1')], peers, mode).map((r) => r.text);

describe('BIRD\'s kernel routes', () => {
  it('Never: the same subnet direct, another subnet via the router (gateway recursive)', () => {
    expect(texts(node(false), 'Never')).toEqual(['blackhole 10.244.0.0/26', '10.244.0.64/26 via 10.0.16.12 dev 2', '10.244.0.128/26 via 10.0.16.1 dev 2']);
  });
  it('CrossSubnet: only the other subnet through tunl0, onlink to the node itself', () => {
    expect(texts(node(true), 'CrossSubnet')).toEqual(['blackhole 10.244.0.0/26', '10.244.0.64/26 via 10.0.16.12 dev 2', '10.244.0.128/26 via 10.0.32.13 dev tunl0 onlink']);
  });
  it('Always: every other node through tunl0; without tunl0 up, no tunnel routes', () => {
    expect(texts(node(true), 'Always').slice(1)).toEqual(['10.244.0.64/26 via 10.0.16.12 dev tunl0 onlink', '10.244.0.128/26 via 10.0.32.13 dev tunl0 onlink']);
    expect(texts(node(false), 'Always')[2]).toBe('10.244.0.128/26 via 10.0.16.1 dev 2');
  });
  it('exports nothing learned from a peer whose session is down; names sessions as the mesh template does', () => {
    const down = [{ ...peers[0]!, peer: { ...peers[0]!.peer, established: false } }];
    expect(birdRoutes(node(false), self, [], down, 'Never')).toEqual([]);
    expect(meshName('10.0.16.12')).toBe('Mesh_10_0_16_12');
    expect(peerReachable(node(false), '10.0.32.13')).toBe(true);
    expect(peerReachable(node(false), 'not-an-ip')).toBe(false);
  });
});
