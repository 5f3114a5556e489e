/**
 * Node IPAM (kube-controller-manager's range allocator, `--allocate-node-cidrs`): each Node
 * gets the lowest free `/node-cidr-mask-size` block of the cluster CIDR as `spec.podCIDR`
 * (the first node 10.244.0.0/24, the next 10.244.1.0/24 ...), released when the Node goes.
 * A Node created with a podCIDR keeps it (a scenario can pin the lab's 10.244.1.0/24).
 */
import type { World } from '../../fabric/world.ts';
import { formatCidr, maskOf, parseCidr } from '../../wire/index.ts';
import { getObject, listObjects, updateObject } from '../store.ts';
import type { ClusterState } from '../types.ts';

/** Allocates podCIDRs to nodes that lack one and frees those of deleted nodes. */
export function reconcileNodeIpam(c: ClusterState, world: World): void {
  for (const [cidr, node] of [...c.podCidrs]) {
    if (!getObject(c, 'Node', undefined, node)) c.podCidrs.delete(cidr);
  }
  const cluster = parseCidr(c.config.clusterCidr)!;
  const size = c.config.nodeCidrMaskSize;
  const blocks = 2 ** (size - cluster.len);
  const nodes = listObjects(c, 'Node');
  // Pinned CIDRs first, so an automatic allocation never takes one a node already holds.
  for (const n of nodes) {
    const pinned = (n.spec as { podCIDR?: string } | undefined)?.podCIDR;
    if (pinned) c.podCidrs.set(pinned, n.metadata.name);
  }
  for (const n of nodes) {
    const spec = (n.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
    if (spec.podCIDR) continue;
    for (let i = 0; i < blocks; i++) {
      const base = ((cluster.addr & maskOf(cluster.len)) + i * 2 ** (32 - size)) >>> 0;
      const cidr = formatCidr({ addr: base, len: size });
      if (c.podCidrs.has(cidr)) continue;
      c.podCidrs.set(cidr, n.metadata.name);
      updateObject(world, { ...n, spec: { ...spec, podCIDR: cidr, podCIDRs: [cidr] } });
      break;
    }
  }
}
