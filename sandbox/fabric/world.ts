/**
 * The world: every network namespace that exists, the machines a shell can stand on, the
 * virtual clock and the seeded randomness. Namespaces are connected only through links
 * (veth peers, NIC cables), so "the node LAN", "the cloud" and "the internet" are namespaces
 * like any other (a bridge for a switch, a router, hosts that answer HTTP).
 */
import { createClock, createRandom, type ClockState, type RandomState } from '../core/index.ts';
import type { Netns } from '../net/types.ts';
import type { DatapathState } from '../net/datapath/types.ts';

/** Where a shell can stand: a node, a pod's container, a bare host, an outside server. */
export interface Machine {
  /** Unique name (`node-1`, `lab-n1-pa`, `default/web-5d9c-abcde/nginx` ...). */
  name: string;
  /** What `hostname` prints and the prompt shows. */
  hostname: string;
  kind: 'node' | 'pod' | 'host' | 'external';
  /** World id of the namespace its processes run in. */
  netns: number;
  /** Named namespaces visible to `ip netns` here (/run/netns), name -> world id. */
  namedNetns: Map<string, number>;
  /** Files readable with `cat` (absolute path -> content); /proc/sys is derived, not stored. */
  files: Map<string, string>;
  /** Binaries present on this machine's PATH; undefined means a full node toolset. */
  binaries?: string[];
  /** Environment of a login shell here (a pod's Service variables ...). */
  env: Map<string, string>;
}

/**
 * State that higher layers keep in the world, added by declaration merging so fabric never
 * imports upward (sandbox/cluster/store.ts adds `cluster`). Plain data only.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface WorldExtensions {}

/** The whole simulated universe; plain data, snapshotted with structuredClone. */
export interface World extends WorldExtensions {
  clock: ClockState;
  rng: RandomState;
  netns: Map<number, Netns>;
  nextNetnsId: number;
  machines: Map<string, Machine>;
  /** Event queue, sockets, taps and recent packet walks (net/datapath), created on first traffic. */
  datapath?: DatapathState;
}

/** An empty world for `seed`. */
export const createWorld = (seed = 1): World => ({
  clock: createClock(),
  rng: createRandom(seed),
  netns: new Map(),
  nextNetnsId: 1,
  machines: new Map(),
});
