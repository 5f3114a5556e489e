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
  /**
   * Capabilities its processes hold (fabric/capabilities.ts); undefined: all of them, as
   * root on a node or a bare host, or a privileged container.
   */
  capabilities?: readonly string[];
  /** /proc/sys is mounted read-only (a container runtime's readonly path, unless privileged). */
  procSysReadOnly?: boolean;
  /** Binaries present on this machine's PATH; undefined means a full node toolset. */
  binaries?: string[];
  /**
   * Environment of a login shell here, without `sharedEnv`: read it with `machineEnv`, never
   * directly, so the shared variables land in their place.
   */
  env: Map<string, string>;
  /**
   * Variables many machines have alike, held once and referenced (a pod's Service variables:
   * with 1,000 Services that is ~8,000 per container, the same for every container of a
   * namespace started between two Service changes; cluster/service-env).
   */
  sharedEnv?: SharedEnv;
}

/**
 * A container whose tools are busybox's applets (its shell is ash: busybox, agnhost, netshoot),
 * so ps, wget and traceroute print as busybox does rather than as procps, GNU or Linux's own.
 */
export const isBusyboxPod = (m: Machine): boolean => m.kind === 'pod' && (m.binaries?.includes('ash') ?? false);

/**
 * Variables shared by reference: `vars` is flat (name, value, name, value ...) and never
 * changed once made (a new set is made instead), so machines may hold the same array; a
 * structuredClone of the world keeps it shared. They come after the first `at` entries of
 * the machine's `env`, which then sets its remaining entries over them.
 */
export interface SharedEnv {
  vars: readonly string[];
  at: number;
}

/**
 * The environment a machine's processes start with, in order: the first `at` entries of
 * `env`, then the shared variables, then the rest of `env` (a container's own `env:` wins
 * over a Service variable of the same name, in that variable's place, as when the kubelet
 * builds one list).
 */
export function machineEnv(m: Machine): Map<string, string> {
  const shared = m.sharedEnv;
  if (!shared) return new Map(m.env);
  const own = [...m.env];
  const out = new Map(own.slice(0, shared.at));
  for (let i = 0; i + 1 < shared.vars.length; i += 2) out.set(shared.vars[i]!, shared.vars[i + 1]!);
  for (const [k, v] of own.slice(shared.at)) out.set(k, v);
  return out;
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
