/**
 * The kubelet's call into the node's CNI plugin, per the cluster's network: flannel's
 * (bridge + host-local, cni/bridge.ts) or Calico's (cali veths, /32 routes, calico-ipam,
 * cni/calico.ts). One place decides which plugin a pod's ADD and DEL go to, and the network
 * name and range the chained plugins (portmap) are handed.
 */
import { fail, type Result } from '../../core/index.ts';
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { cniAdd, cniDel, type CniResult } from '../cni/bridge.ts';
import { calicoCniAdd, calicoCniDel, CALICO_NETWORK } from '../cni/calico.ts';
import { calicoState } from '../cni/calico-ipam.ts';
import { NETWORK_NAME } from '../cni/host-local.ts';
import { poolOf } from '../calico/ippool.ts';
import type { ClusterState, NodeRuntime } from '../types.ts';

/** Whether the cluster's pods are wired by Calico. */
export const isCalico = (c: ClusterState): boolean => c.config.cni === 'calico';

/** The conflist's network name (`cbr0` for flannel, `k8s-pod-network` for Calico). */
export const networkName = (c: ClusterState): string => (isCalico(c) ? CALICO_NETWORK : NETWORK_NAME);

/** The range a pod's address comes from, for the chained plugins (the node's podCIDR, or the pool). */
export function podRange(c: ClusterState, node: NodeRuntime): string | undefined {
  return isCalico(c) ? poolOf(c).cidr : node.ipam?.subnet;
}

/** CNI ADD through the cluster's plugin. */
export function podNetworkAdd(world: World, c: ClusterState, nodeName: string, nodeNs: Netns, podNs: Netns,
  pod: { namespace: string; name: string; containerId: string }): Result<CniResult> {
  const node = c.nodes.get(nodeName);
  if (!node) return fail('ENOENT', nodeName);
  if (isCalico(c)) {
    const pool = poolOf(c);
    c.calico ??= calicoState();
    return calicoCniAdd(world, c.calico, nodeNs, podNs, {
      node: nodeName, namespace: pod.namespace, pod: pod.name, containerId: pod.containerId, pool: pool.cidr, blockSize: pool.blockSize, mtu: c.config.mtu,
    });
  }
  if (!node.ipam) return fail('ENOENT', 'subnet.env not found');
  return cniAdd(world, node, nodeNs, podNs, pod.containerId, { clusterCidr: c.config.clusterCidr, mtu: c.config.mtu });
}

/** CNI DEL through the cluster's plugin. */
export function podNetworkDel(world: World, c: ClusterState, node: NodeRuntime, nodeNs: Netns | undefined, containerId: string, hostVeth: string): void {
  if (isCalico(c)) { if (c.calico) calicoCniDel(world, c.calico, nodeNs, containerId, hostVeth); return; }
  cniDel(world, node, nodeNs, containerId, hostVeth);
}
