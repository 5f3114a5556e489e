/**
 * What commands that watch packets need from the world besides waiting (time.ts): capture
 * taps on devices (tcpdump) and the recent packet walks the sandbox API's
 * `traces()` returns. Everything happens on the shared queue: a background `tcpdump ... &`
 * sees the packets the foreground `curl` sends because both run the same queue in the same
 * virtual time.
 */
import type { World } from './world.ts';
import type { Netns } from '../net/types.ts';
import type { Hop, Tap } from '../net/datapath/types.ts';
import { datapathOf } from '../net/datapath/state.ts';

/**
 * Starts capturing on device `ifindex` of `ns`: tcpdump opening its pcap handle
 * (promiscuous), or with `promisc` false a program's packet socket bound to the device.
 */
export function openTap(world: World, ns: Netns, ifindex: number, promisc = true): Tap {
  const dp = datapathOf(world);
  const tap: Tap = { id: dp.nextTap++, netns: ns.id, ifindex, records: [], ...(promisc ? {} : { promisc: false }) };
  dp.taps.push(tap);
  return tap;
}

/** Stops a capture. */
export function closeTap(world: World, tap: Tap): void {
  const dp = datapathOf(world);
  dp.taps = dp.taps.filter((t) => t.id !== tap.id);
}

/** The packet walks of the most recent commands, oldest first (SandboxApi.traces). */
export function recentTraces(world: World): { command: string; hops: Hop[] }[] {
  return datapathOf(world).traces.map((t) => ({ command: t.command, hops: t.hops.map((h) => ({ ...h })) }));
}

export { startTrace } from '../net/datapath/state.ts';
