/**
 * Network namespaces: creating and destroying a namespace's kernel state, as
 * `ip netns add/del` (ip-netns(8)) and container runtimes do. A new namespace has only `lo`,
 * administratively DOWN and without addresses (the kernel adds 127.0.0.1 and ::1 when lo
 * goes up), exactly as a fresh `ip netns add` shows; callers that want lo up (every pod,
 * every node) call `setLinkUp` on it. Netfilter starts with no table (a table exists once
 * something touches it) and conntrack empty (conntrack/table.ts createConntrack).
 */
import type { KernelModule, NetWorld, Netns } from './types.ts';
import { ZERO_MAC } from '../wire/index.ts';
import { deleteLink } from './link.ts';
import { createConntrack } from './conntrack/table.ts';

/**
 * Creates an empty namespace named `name`, registers it in `world.netns` and returns it.
 * `kernelModules` are those of the kernel it is created on (none by default: a bare kernel
 * without br_netfilter); a namespace made from another passes that one's list.
 */
export function createNetns(world: NetWorld, name: string, kernelModules: readonly KernelModule[] = []): Netns {
  const id = world.nextNetnsId++;
  const ns: Netns = {
    id,
    name,
    links: new Map(),
    nextIfindex: 2,
    addrs: [],
    routes: [],
    neigh: [],
    sysctl: new Map(),
    netfilter: { tables: new Map() },
    conntrack: createConntrack(),
    listeners: [],
    kernelModules: [...kernelModules],
  };
  // loopback_net_init registers lo first, so it is always ifindex 1 (drivers/net/loopback.c).
  ns.links.set(1, {
    kind: 'loopback', ifindex: 1, name: 'lo', mac: ZERO_MAC, mtu: 65536, up: false, txqlen: 1000,
    stats: { rxPackets: 0, rxBytes: 0, rxDropped: 0, txPackets: 0, txBytes: 0, txDropped: 0 },
  });
  world.netns.set(id, ns);
  return ns;
}

/**
 * Destroys namespace `id`: every link in it is deleted (a veth takes its peer in another
 * namespace with it, as veth_dellink does when default_device_exit unregisters the pair).
 * Names under /run/netns (machines' `namedNetns`) are the caller's to remove (fabric
 * state). Returns false when absent.
 */
export function deleteNetns(world: NetWorld, id: number): boolean {
  const ns = world.netns.get(id);
  if (!ns) return false;
  for (const link of [...ns.links.values()]) {
    if (ns.links.has(link.ifindex) && link.kind !== 'loopback') deleteLink(world, ns, link);
  }
  world.netns.delete(id);
  return true;
}
