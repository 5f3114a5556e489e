/**
 * What Calico keeps for a cluster (plain data, copied with the world): the IPAM blocks of the
 * IP pool (IPAMBlock resources in the real datastore) and each node's BIRD, the BGP speaker
 * calico-node runs (its sessions and what it has programmed into the node's kernel).
 */

/** One IPAM block (IPAMBlock `spec.cidr`, `spec.affinity: host:<node>`). */
export interface CalicoBlock {
  /** `10.244.0.64/26`. */
  cidr: string;
  /** The node the block is affine to. */
  node: string;
  /** Ordinal -> handle (`k8s-pod-network.<sandbox id>` or `ipip-tunnel-addr-<node>`). */
  allocations: Map<number, string>;
  /** Free ordinals in the order the next allocation takes them (released ones go last). */
  unallocated: number[];
}

/** One BGP session of a node's BIRD (`Mesh_10_0_16_12`, node-to-node mesh). */
export interface BirdPeer {
  /** The peer node's name and address. */
  node: string;
  ip: string;
  /** `up`/Established when the peer's address is routable from this node, else `start`/Active. */
  established: boolean;
  /** Wall-clock ms (the clock's epoch + virtual ms) of the last state change (`since`). */
  since: number;
}

/** A node's BIRD: when it started, its sessions, and the kernel routes it last exported. */
export interface BirdState {
  /** Wall-clock ms when BIRD started (its own protocols' `since`). */
  startedAt: number;
  peers: BirdPeer[];
  /** Block CIDR -> the route BIRD programmed for it (`ip route` text), to replace on change. */
  exported: Map<string, string>;
}

/** The cluster's Calico state (ClusterState.calico). */
export interface CalicoState {
  blocks: CalicoBlock[];
  /** Node name -> its BIRD. */
  bird: Map<string, BirdState>;
}
