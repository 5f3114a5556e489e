/**
 * BIRD as calico-node runs it (confd renders bird.cfg from the datastore; BIRD 1.6 with
 * Calico's patches): a BGP session to every other node (the node-to-node mesh, protocols
 * `Mesh_<ip with _>`, `multihop`, `gateway recursive`), each node announcing its IPAM blocks
 * (a `static` protocol with `route BLOCK blackhole`), and a `kernel` protocol exporting the
 * learned routes with `proto bird`. The export filter (calico_kernel_programming) sets
 * `krt_tunnel = "tunl0"` for pool routes when the pool's ipipMode is Always, or CrossSubnet
 * and the next hop is outside this node's subnet; the kernel route is then `via NODE dev
 * tunl0 onlink`. Otherwise the next hop is resolved recursively: `via NODE dev eth0` on the
 * same subnet, `via ROUTER dev eth0` (the IGP route to the node) across a router.
 *
 * Simplified: a session is up when the peer's address is routable from this node (no TCP
 * exchange on port 179 is simulated); the routes are recomputed when their inputs change
 * (peers, blocks, the pool, tunl0) and compared with what this BIRD last exported, not
 * rescanned from the kernel, so a hand edit stays until an input changes.
 */
import { routeLookup } from '../../net/route.ts';
import { linkByName } from '../../net/link.ts';
import type { Netns, Route } from '../../net/types.ts';
import { formatIpv4, inCidr, parseCidr, parseIpv4 } from '../../wire/index.ts';
import type { CalicoBlock, BirdPeer } from './types.ts';
import type { IpipMode } from './ippool.ts';

/** `proto bird` (/etc/iproute2/rt_protos: 12). */
export const PROTO_BIRD = 12;

/** The BGP protocol name BIRD's mesh template gives a peer (`Mesh_10_0_16_12`). */
export const meshName = (ip: string): string => `Mesh_${ip.replaceAll('.', '_')}`;

/** One route BIRD wants in the kernel, keyed by block. */
export interface BirdRoute {
  cidr: string;
  route: Route;
  /** `ip route`-like text, to tell a change. */
  text: string;
}

/** What a node's BIRD exports to its kernel: blackholes for its blocks, routes to its peers' blocks. */
export function birdRoutes(ns: Netns, self: { ip: string; subnet: string }, own: CalicoBlock[], peers: { peer: BirdPeer; blocks: CalicoBlock[] }[],
  mode: IpipMode): BirdRoute[] {
  const out: BirdRoute[] = [];
  for (const b of own) {
    const dst = parseCidr(b.cidr)!;
    out.push({ cidr: b.cidr, text: `blackhole ${b.cidr}`, route: { table: 254, type: 'blackhole', dst, proto: PROTO_BIRD, scope: 'global' } });
  }
  const tunl0 = linkByName(ns, 'tunl0');
  const subnet = parseCidr(self.subnet);
  for (const { peer, blocks } of peers) {
    if (!peer.established) continue;
    const peerIp = parseIpv4(peer.ip)!;
    const crossSubnet = !subnet || !inCidr(peerIp, subnet);
    const tunnel = tunl0 && tunl0.up && (mode === 'Always' || (mode === 'CrossSubnet' && crossSubnet));
    for (const b of blocks) {
      const dst = parseCidr(b.cidr)!;
      if (tunnel) {
        out.push({ cidr: b.cidr, text: `${b.cidr} via ${peer.ip} dev tunl0 onlink`,
          route: { table: 254, type: 'unicast', dst, via: peerIp, dev: tunl0.ifindex, onlink: true, proto: PROTO_BIRD, scope: 'global' } });
        continue;
      }
      // gateway recursive: the next hop as the kernel routes the peer's address.
      const r = routeLookup(ns, peerIp);
      if (!r.ok || r.value.type !== 'unicast') continue;
      const via = r.value.gateway ?? peerIp;
      out.push({ cidr: b.cidr, text: `${b.cidr} via ${formatIpv4(via)} dev ${r.value.dev}`,
        route: { table: 254, type: 'unicast', dst, via, dev: r.value.dev, proto: PROTO_BIRD, scope: 'global' } });
    }
  }
  return out;
}

/** Whether BIRD's session to `ip` can come up: the address is routable from this node. */
export function peerReachable(ns: Netns, ip: string): boolean {
  const a = parseIpv4(ip);
  if (a === undefined) return false;
  const r = routeLookup(ns, a);
  return r.ok && r.value.type === 'unicast';
}
