/**
 * IPv4 addresses and prefixes. An address is an unsigned 32-bit number, so comparisons and
 * longest-prefix matching are integer operations.
 */

/** An IPv4 address as an unsigned 32-bit integer. */
export type Ipv4 = number;

/** A prefix: network address (host bits may be set, as `ip addr` keeps them) and length. */
export interface Cidr {
  /** The address as written (`10.244.1.1` in `10.244.1.1/24`). */
  addr: Ipv4;
  /** Prefix length, 0..32. */
  len: number;
}

/** Parses dotted-quad text; undefined when it is not exactly four octets 0..255. */
export function parseIpv4(text: string): Ipv4 | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n >>> 0;
}

/** Dotted-quad text of an address. */
export const formatIpv4 = (a: Ipv4): string =>
  `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;

/** The netmask of a prefix length as an address. */
export const maskOf = (len: number): Ipv4 => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** The network address of a prefix (host bits cleared). */
export const networkOf = (c: Cidr): Ipv4 => (c.addr & maskOf(c.len)) >>> 0;

/** The broadcast address of a prefix. */
export const broadcastOf = (c: Cidr): Ipv4 => (networkOf(c) | ~maskOf(c.len)) >>> 0;

/** Whether `a` lies inside the prefix `c`. */
export const inCidr = (a: Ipv4, c: Cidr): boolean => ((a ^ c.addr) & maskOf(c.len)) === 0;

/**
 * Parses `A.B.C.D[/N]`; a missing length means /32 (as iproute2 and iptables read it).
 * Undefined when malformed.
 */
export function parseCidr(text: string): Cidr | undefined {
  const [a, l, extra] = text.split('/');
  if (extra !== undefined || a === undefined) return undefined;
  const addr = parseIpv4(a);
  if (addr === undefined) return undefined;
  if (l === undefined) return { addr, len: 32 };
  if (!/^\d{1,2}$/.test(l) || Number(l) > 32) return undefined;
  return { addr, len: Number(l) };
}

/** `A.B.C.D/N` text, keeping the address as written. */
export const formatCidr = (c: Cidr): string => `${formatIpv4(c.addr)}/${c.len}`;
