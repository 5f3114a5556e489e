/**
 * The little IPv6 the sandbox needs (the cluster is IPv4): EUI-64 link-local addresses that
 * addrconf gives every device (RFC 4291 appendix A), and RFC 5952 text of addresses.
 */
import type { Mac } from '../wire/index.ts';

/** The EUI-64 link-local address of a MAC (RFC 4291 appendix A): fe80::MAC with ff:fe and the U/L bit flipped. */
export function linkLocalOf(mac: Mac): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  const g = [0xfe80, 0, 0, 0, ((b[0]! ^ 2) << 8) | b[1]!, (b[2]! << 8) | 0xff, 0xfe00 | b[3]!, (b[4]! << 8) | b[5]!];
  return formatIpv6Groups(g);
}

/** RFC 5952 text of eight 16-bit groups: lower-case, no leading zeros, longest zero run as `::`. */
export function formatIpv6Groups(g: readonly number[]): string {
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Eight 16-bit groups of IPv6 text, or undefined when malformed. */
export function expandIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const part = (s: string) => (s === '' ? [] : s.split(':').map((x) => (/^[0-9a-f]{1,4}$/i.test(x) ? parseInt(x, 16) : NaN)));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const all = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...tail];
  return all.length === 8 && all.every((n) => Number.isFinite(n)) && fill >= 0 ? all : undefined;
}
