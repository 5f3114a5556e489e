/**
 * Where each network namespace sits: on which machine, and whose it is (a pod's, a hand-made
 * `ip netns add` one, or a machine's root). A pod namespace belongs to the node whose root
 * namespace holds its eth0's veth peer (what the CNI bridge plugin set up) or that lists it
 * in /run/netns; its name comes from the pod machines (`default/toolbox/netshoot`).
 */
import type { World } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';

/** One namespace's place. */
export interface Place {
  ns: Netns;
  /** The machine it lives on (a node, host or external). */
  machine: string;
  /** Root namespace of that machine. */
  root: boolean;
  /** Pod name (`toolbox`) or hand-made namespace name (`blue`); undefined for a root namespace. */
  pod?: string;
  /** Kubernetes namespace of the pod. */
  namespace?: string;
  /** Name under /run/netns on its machine (`cni-…`, `blue`). */
  named?: string;
  containers: string[];
}

/** Places of every namespace, by namespace id; and the machines that own a root namespace, in world order. */
export interface Places {
  byId: Map<number, Place>;
  byName: Map<string, Place>;
  /** Machines with their own root namespace (nodes, hosts, externals), in scenario order. */
  machines: { name: string; kind: 'node' | 'host' | 'external'; netns: number }[];
}

/** Works out every namespace's place; pure. */
export function placesOf(world: World): Places {
  const byId = new Map<number, Place>();
  const machines: Places['machines'] = [];
  const rootOf = new Map<number, string>();
  for (const m of world.machines.values()) {
    if (m.kind === 'pod') continue;
    const ns = world.netns.get(m.netns);
    if (!ns || rootOf.has(m.netns)) continue;
    rootOf.set(m.netns, m.name);
    machines.push({ name: m.name, kind: m.kind, netns: m.netns });
    byId.set(ns.id, { ns, machine: m.name, root: true, containers: [] });
  }
  // Namespaces reached from a root namespace: named ones, and the far ends of its veths.
  for (const m of machines) {
    const machine = world.machines.get(m.name)!;
    for (const [named, id] of machine.namedNetns) {
      const ns = world.netns.get(id);
      if (ns && !byId.has(id)) byId.set(id, { ns, machine: m.name, root: false, named, pod: named, containers: [] });
    }
    const root = world.netns.get(m.netns)!;
    for (const link of root.links.values()) {
      if (link.kind !== 'veth' || rootOf.has(link.peer.netns) || byId.has(link.peer.netns)) continue;
      const ns = world.netns.get(link.peer.netns);
      if (ns) byId.set(ns.id, { ns, machine: m.name, root: false, pod: ns.name, containers: [] });
    }
  }
  // Pod containers name their namespace: `default/toolbox/netshoot`.
  for (const m of world.machines.values()) {
    if (m.kind !== 'pod') continue;
    const place = byId.get(m.netns);
    if (!place) continue;
    const [namespace, pod, container] = m.name.split('/');
    if (place.root) continue;
    if (pod !== undefined) place.pod = pod;
    if (namespace !== undefined) place.namespace = namespace;
    if (container !== undefined) place.containers.push(container);
  }
  // Namespaces no machine reaches (a veth moved away, a namespace left behind) still get a place.
  for (const ns of world.netns.values()) {
    if (!byId.has(ns.id)) byId.set(ns.id, { ns, machine: ns.name, root: true, containers: [] });
  }
  const byName = new Map<string, Place>();
  for (const p of byId.values()) if (!byName.has(p.ns.name)) byName.set(p.ns.name, p);
  return { byId, byName, machines };
}

/** Pods running in a machine's root namespace (hostNetwork), by pod name. */
export function hostPods(world: World, netns: number): string[] {
  const names = new Set<string>();
  for (const m of world.machines.values()) {
    if (m.kind === 'pod' && m.netns === netns) names.add(m.name.split('/')[1] ?? m.name);
  }
  return [...names];
}

/**
 * The command run inside the namespace: `ip netns exec NAME CMD` when the namespace has a name
 * on its machine (CNI names a pod's), `kubectl exec -n NS POD -- CMD` for a pod without one,
 * the command itself in a root namespace.
 */
export function inNetns(place: Place | undefined, command: string): string {
  if (!place || place.root) return command;
  if (place.named !== undefined) return `ip netns exec ${place.named} ${command}`;
  if (place.namespace !== undefined && place.pod !== undefined) return `kubectl exec -n ${place.namespace} ${place.pod} -- ${command}`;
  return command;
}
