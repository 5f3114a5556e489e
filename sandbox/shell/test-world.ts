/**
 * A tiny world for the shell's own tests (no scenario needed): two nodes and a pod whose
 * image has only a few binaries. Not used by the product.
 */
import { createWorld, type Machine, type World } from '../fabric/world.ts';
import { createNetns } from '../net/netns.ts';

function machine(world: World, name: string, hostname: string, kind: Machine['kind'], extra: Partial<Machine> = {}): Machine {
  // Nodes load br_netfilter; a pod shares its node's kernel.
  const ns = createNetns(world, name, kind === 'node' || kind === 'pod' ? ['br_netfilter'] : []);
  ns.sysctl.set('net.ipv4.ip_forward', '1');
  const m: Machine = {
    name, hostname, kind, netns: ns.id, namedNetns: new Map(),
    files: new Map([
      ['/etc/hostname', hostname + '\n'],
      ['/etc/hosts', `127.0.0.1\tlocalhost\n10.0.16.11\tnode-1\n10.0.16.12\tnode-2\n`],
      ['/etc/resolv.conf', 'nameserver 10.0.16.1\n'],
    ]),
    env: new Map(),
    ...extra,
  };
  world.machines.set(name, m);
  return m;
}

/** A world with `node-1`, `node-2` and pod `default/web/nginx` (hostname `web`). */
export function testWorld(): World {
  const world = createWorld(7);
  machine(world, 'node-1', 'node-1', 'node');
  machine(world, 'node-2', 'node-2', 'node');
  machine(world, 'default/web/nginx', 'web', 'pod', {
    binaries: ['sh', 'cat', 'echo', 'hostname', 'grep', 'env', 'printenv', 'sleep', 'head', 'wc', 'which'],
    env: new Map([['KUBERNETES_SERVICE_HOST', '10.96.0.1'], ['KUBERNETES_SERVICE_PORT', '443']]),
  });
  return world;
}
