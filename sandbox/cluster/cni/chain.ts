/**
 * The plugins chained after the main one in the node's conflist (10-flannel.conflist:
 * flannel, which delegates to bridge, then portmap), in order: the one table of CNI steps.
 * Per the CNI spec, ADD runs them in list order with the previous result, DEL in reverse.
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { portmapAdd, portmapDel, type PortMapping } from './portmap.ts';

/** What a chained plugin gets: the runtime's arguments and the previous plugin's result. */
export interface ChainedArgs {
  world: World;
  nodeNs: Netns;
  /** The network's `name` in the conflist. */
  network: string;
  containerId: string;
  /** The address the main plugin gave the pod, and its network (`10.244.1.5`, `10.244.1.0/24`). */
  ip: string;
  ipNetwork: string;
  /** runtimeConfig.portMappings (the portMappings capability). */
  portMappings: readonly PortMapping[];
}

/** A chained plugin's ADD and DEL. */
export interface ChainedPlugin {
  type: string;
  add(a: ChainedArgs): void;
  del(a: Pick<ChainedArgs, 'nodeNs' | 'network' | 'containerId'>): void;
}

/** The chained plugins, in the conflist's order. */
export const CHAINED_PLUGINS: readonly ChainedPlugin[] = [
  {
    type: 'portmap',
    add: (a) => portmapAdd(a.world, a.nodeNs, a.network, a.containerId, { ip: a.ip, network: a.ipNetwork }, a.portMappings),
    del: (a) => portmapDel(a.nodeNs, a.network, a.containerId),
  },
];
