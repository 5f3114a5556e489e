/**
 * MAC addresses as lower-case colon text (`0a:58:0a:f4:01:02`), the form every tool prints.
 */
import { type RandomState, randomInt } from '../core/index.ts';

/** A MAC address, always lower-case `xx:xx:xx:xx:xx:xx`. */
export type Mac = string;

/** ff:ff:ff:ff:ff:ff. */
export const BROADCAST_MAC: Mac = 'ff:ff:ff:ff:ff:ff';

/** 00:00:00:00:00:00 (loopback, unresolved). */
export const ZERO_MAC: Mac = '00:00:00:00:00:00';

/** Parses any-case colon form; undefined when malformed. */
export function parseMac(text: string): Mac | undefined {
  return /^[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}$/i.test(text)
    ? text.toLowerCase().split(':').map((b) => b.padStart(2, '0')).join(':')
    : undefined;
}

/** Whether the group bit is set (broadcast and multicast). */
export const isMulticastMac = (m: Mac): boolean => (parseInt(m.slice(0, 2), 16) & 1) === 1;

/**
 * A random locally administered unicast MAC, as the kernel gives new veth, bridge and vxlan
 * devices (eth_random_addr: clear the multicast bit, set the local bit).
 */
export function randomMac(r: RandomState): Mac {
  const bytes = Array.from({ length: 6 }, () => randomInt(r, 0, 255));
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
