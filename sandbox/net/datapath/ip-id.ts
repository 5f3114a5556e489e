/**
 * IPv4 identification for packets that are not part of a connected socket (ICMP, VXLAN
 * outer headers): Linux draws them from a hashed per-destination generator
 * (ip_select_ident); here they come from the seeded randomness so a seed replays.
 */
import type { DpWorld as World } from './types.ts';
import { randomInt } from '../../core/index.ts';

/** A fresh IP id. */
export const nextIpId = (world: World): number => randomInt(world.rng, 0, 65535);
