/**
 * The contract between the CNI plugins of this folder and whoever execs them (the shell's
 * `/opt/cni/bin/<type>` and the container runtime): one call with the CNI_* variables and
 * the network config from stdin already read, as pkg/skel hands them to a plugin's cmdAdd,
 * cmdDel and cmdCheck. A plugin answers with a result or a CNI error, never by throwing.
 */
import type { Machine, World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import type { CniError, CniResult } from './result.ts';

/** An outcome: the value, or the CNI error the plugin prints. */
export type Cni<T> = { ok: true; value: T } | { ok: false; error: CniError };

/** skel.CmdArgs plus the world the plugin runs in. */
export interface PluginCall {
  world: World;
  /** The machine the plugin runs on (its files: /var/lib/cni, /run/flannel/subnet.env). */
  machine: Machine;
  /** The namespace the plugin runs in (the node's root namespace). */
  hostNs: Netns;
  /** CNI_CONTAINERID. */
  containerId: string;
  /** CNI_NETNS as given (`/var/run/netns/cni-…`), empty for a DEL without one. */
  netnsPath: string;
  /** The namespace CNI_NETNS names, when it exists. */
  netns: Netns | undefined;
  /** CNI_IFNAME. */
  ifname: string;
  /** CNI_ARGS (`K8S_POD_NAMESPACE=…;K8S_POD_NAME=…` from the runtime). */
  args: string;
  /** CNI_PATH, split on `:`. */
  path: string[];
  /** The network config (stdin), decoded. */
  conf: Record<string, unknown>;
  /**
   * Runs another plugin with the same CNI_* variables and `conf` on its stdin (pkg/invoke
   * DelegateAdd / ipam.ExecAdd): how bridge calls its IPAM and flannel its delegate.
   */
  delegate(command: 'ADD' | 'DEL' | 'CHECK', type: string, conf: Record<string, unknown>): Cni<CniResult | undefined>;
}

/** One plugin binary: its type (file name in /opt/cni/bin) and its three commands. */
export interface CniPlugin {
  type: string;
  add(call: PluginCall): Cni<CniResult>;
  del(call: PluginCall): Cni<void>;
  check(call: PluginCall): Cni<void>;
}

/** The config's `cniVersion` (empty when absent: the plugin then answers in 0.1.0's place with the newest). */
export const confVersion = (conf: Record<string, unknown>): string => (typeof conf.cniVersion === 'string' ? conf.cniVersion : '');

/** The config's `name`. */
export const confName = (conf: Record<string, unknown>): string => (typeof conf.name === 'string' ? conf.name : '');
