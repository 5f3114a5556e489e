/**
 * `cidr` minus its `except` prefixes as a list of prefixes, for writing an ipBlock without an
 * ipset (kube-router puts the exceptions in its ipset as `nomatch` entries; plain iptables
 * rules need the remaining space spelled out).
 */
import { formatIpv4, maskOf, type Cidr } from '../../wire/index.ts';

const net = (c: Cidr): Cidr => ({ addr: (c.addr & maskOf(c.len)) >>> 0, len: c.len });
const contains = (outer: Cidr, inner: Cidr) => inner.len >= outer.len && ((inner.addr ^ outer.addr) & maskOf(outer.len)) === 0;
const overlaps = (a: Cidr, b: Cidr) => contains(a, b) || contains(b, a);

/** The prefixes covering `cidr` but none of `except` (in address order). */
export function subtractCidrs(cidr: Cidr, except: Cidr[]): Cidr[] {
  const c = net(cidr);
  const ex = except.map(net);
  if (ex.some((e) => contains(e, c))) return [];
  if (!ex.some((e) => overlaps(e, c))) return [c];
  const half = 2 ** (32 - c.len - 1);
  const lo: Cidr = { addr: c.addr, len: c.len + 1 };
  const hi: Cidr = { addr: (c.addr + half) >>> 0, len: c.len + 1 };
  return [...subtractCidrs(lo, ex), ...subtractCidrs(hi, ex)];
}

/** `10.0.0.0/8` text. */
export const cidrText = (c: Cidr): string => `${formatIpv4(c.addr)}/${c.len}`;
