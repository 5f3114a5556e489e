/**
 * Copies of frames: NAT rewrites a packet in place, so a capture or a flooded copy must not
 * share objects with the original. Frames are plain data (numbers, strings, booleans,
 * nested objects), so a JSON round trip copies them exactly (the sandbox has no DOM lib,
 * hence no structuredClone type).
 */
import type { EthernetFrame } from '../../wire/index.ts';

/** A deep copy of `f`. */
export const cloneFrame = (f: EthernetFrame): EthernetFrame => JSON.parse(JSON.stringify(f)) as EthernetFrame;
