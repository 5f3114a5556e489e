/**
 * What calicoctl and birdcl read: the BIRD of the node whose network namespace a shell is in
 * (on the node itself, or in the hostNetwork calico-node container, which shares it), with
 * its protocols as BIRD 1.6 lists them (`show protocols`).
 */
import type { World } from '../../fabric/world.ts';
import { meshName } from './bird.ts';
import type { BirdState } from './types.ts';

/** One line of BIRD's protocol table. */
export interface BirdProtocol {
  name: string;
  proto: 'Static' | 'Kernel' | 'Device' | 'Direct' | 'BGP';
  state: 'up' | 'start';
  /** Wall-clock ms of the last state change. */
  since: number;
  /** BGP only: `Established`, or `Connect` while the session cannot come up. */
  info: string;
  /** BGP only: the peer's address. */
  peer?: string;
}

/** The node and BIRD behind network namespace `netnsId`, when that node runs Calico. */
export function birdOfNetns(world: World, netnsId: number): { node: string; bird: BirdState } | undefined {
  const c = world.cluster;
  if (!c || c.config.cni !== 'calico' || !c.calico) return undefined;
  for (const [name, rt] of c.nodes) {
    if (world.machines.get(rt.machine)?.netns !== netnsId) continue;
    const bird = c.calico.bird.get(name);
    return bird ? { node: name, bird } : undefined;
  }
  return undefined;
}

/** BIRD's protocols in calico-node's bird.cfg order: static1, kernel1, device1, direct1, then the mesh. */
export function birdProtocols(bird: BirdState): BirdProtocol[] {
  const base = (name: string, proto: BirdProtocol['proto']): BirdProtocol => ({ name, proto, state: 'up', since: bird.startedAt, info: '' });
  return [
    base('static1', 'Static'), base('kernel1', 'Kernel'), base('device1', 'Device'), base('direct1', 'Direct'),
    ...bird.peers.map((p): BirdProtocol => ({
      name: meshName(p.ip), proto: 'BGP', state: p.established ? 'up' : 'start', since: p.since, info: p.established ? 'Established' : 'Connect', peer: p.ip,
    })),
  ];
}

/** BIRD's `since` for a change today: the wall-clock time of day, HH:MM:SS, UTC. */
export const sinceText = (wallMs: number): string => new Date(wallMs).toISOString().slice(11, 19);
