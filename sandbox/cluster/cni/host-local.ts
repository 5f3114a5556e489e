/**
 * host-local IPAM as containernetworking/plugins implements it (plugins/ipam/host-local):
 * a range is the subnet minus its network address, its broadcast and the gateway (.1); an
 * allocation starts after `last_reserved_ip` and walks the range, wrapping around, taking the
 * first free address. So a freed address is not the next one handed out: it comes back only
 * after the allocator has wrapped past the end of the range.
 */
import { broadcastOf, formatIpv4, networkOf, parseCidr, parseIpv4 } from '../../wire/index.ts';
import type { HostLocalState } from '../types.ts';

/** A fresh state for `subnet` (`10.244.1.0/24`). */
export const hostLocalState = (subnet: string): HostLocalState => ({ subnet, allocated: new Map() });

/** The gateway of the range (the first host address), what the bridge plugin puts on cni0. */
export function gatewayOf(subnet: string): string {
  const c = parseCidr(subnet)!;
  return formatIpv4((networkOf(c) + 1) >>> 0);
}

/**
 * Reserves the next address for `containerId` (allocator.Get with the range iterator);
 * undefined when the range is exhausted ("no IP addresses available in range set").
 */
export function allocate(s: HostLocalState, containerId: string): string | undefined {
  const c = parseCidr(s.subnet)!;
  const first = (networkOf(c) + 1) >>> 0;
  const last = (broadcastOf(c) - 1) >>> 0;
  const gw = first;
  const size = last - first + 1;
  const startAfter = s.lastReserved === undefined ? undefined : parseIpv4(s.lastReserved);
  let cur = startAfter === undefined || startAfter < first || startAfter > last ? first : startAfter + 1;
  for (let i = 0; i < size; i++, cur++) {
    if (cur > last) cur = first;
    const ip = formatIpv4(cur >>> 0);
    if (cur === gw || s.allocated.has(ip)) continue;
    s.allocated.set(ip, containerId);
    s.lastReserved = ip;
    return ip;
  }
  return undefined;
}

/** Releases whatever `containerId` holds (allocator.Release); `last_reserved_ip` stays. */
export function release(s: HostLocalState, containerId: string): void {
  for (const [ip, id] of [...s.allocated]) if (id === containerId) s.allocated.delete(ip);
}
