/**
 * Calico's IP pool as the cluster stores it: an `IPPool` (crd.projectcalico.org/v1, the
 * Kubernetes datastore's CRD) named `default-ipv4-ippool`, as calico-node creates it at
 * first start from CALICO_IPV4POOL_CIDR, CALICO_IPV4POOL_BLOCK_SIZE and CALICO_IPV4POOL_IPIP.
 * `ipipMode` decides when BIRD sends a route through tunl0: Always, CrossSubnet (only to
 * nodes outside this node's subnet), or Never (any other value counts as Never, as
 * calico-node's BIRD templates test for the two known values only).
 */
import { listObjects } from '../store.ts';
import type { ClusterState, KubeObject } from '../types.ts';

/** The name calico-node gives the pool it creates. */
export const DEFAULT_POOL = 'default-ipv4-ippool';

/** IPIP modes (projectcalico/api IPIPMode). */
export type IpipMode = 'Always' | 'CrossSubnet' | 'Never';

/** The fields of a pool the simulator uses. */
export interface PoolView {
  cidr: string;
  blockSize: number;
  ipipMode: IpipMode;
}

/** The pool object calico-node creates (spec fields in the order the CRD prints them). */
export function poolObject(cidr: string, blockSize: number, ipipMode: IpipMode): KubeObject {
  return {
    apiVersion: 'crd.projectcalico.org/v1', kind: 'IPPool',
    metadata: { name: DEFAULT_POOL, uid: '', resourceVersion: '', creationTimestamp: '' },
    spec: { allowedUses: ['Workload', 'Tunnel'], blockSize, cidr, ipipMode, natOutgoing: true, nodeSelector: 'all()', vxlanMode: 'Never' },
  };
}

/** The pool (the first IPPool, falling back to the cluster CIDR in /26 blocks with IPIP off). */
export function poolOf(c: ClusterState): PoolView {
  const p = listObjects(c, 'IPPool')[0];
  const spec = (p?.spec ?? {}) as { cidr?: unknown; blockSize?: unknown; ipipMode?: unknown };
  const mode = spec.ipipMode === 'Always' || spec.ipipMode === 'CrossSubnet' ? spec.ipipMode : 'Never';
  return {
    cidr: typeof spec.cidr === 'string' ? spec.cidr : c.config.clusterCidr,
    blockSize: typeof spec.blockSize === 'number' ? spec.blockSize : 26,
    ipipMode: mode,
  };
}
