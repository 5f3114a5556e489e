/**
 * The IPv6 routes addrconf installs for the link-local and loopback addresses the sandbox
 * models (net/ipv6/addrconf.c): `fe80::/64 dev X proto kernel metric 256` in main for a
 * device with a link-local address, `local ADDR dev X table local ... metric 0` per IPv6
 * address, and `multicast ff00::/8 dev X table local ... metric 256` per device that has
 * been up. Derived at print time: the cluster is IPv4, these are only shown.
 */
import { hasCarrier } from '../../../net/link-state.ts';
import { expandIpv6 } from '../../../net/fdb.ts';
import type { Inet6Address, Link } from '../../../net/types.ts';
import type { IpRun } from './common.ts';

/** The IPv6 route lines of `table` (0: all), restricted to `dev` when given; no newlines. */
export function ipv6Routes(run: IpRun, table: number, dev?: number): string[] {
  const ns = run.ns;
  const links = [...ns.links.values()].sort((a, b) => a.ifindex - b.ifindex).filter((l) => dev === undefined || l.ifindex === dev);
  const v6 = (l: Link) => ns.addrs.filter((a): a is Inet6Address => a.family === 'inet6' && a.ifindex === l.ifindex);
  const down = (l: Link) => (l.kind !== 'loopback' && !hasCarrier(run.ctx.world, ns, l) ? 'linkdown ' : '');
  const devText = (l: Link) => (dev === undefined ? `dev ${l.name} ` : '');
  const tableText = table === 0 ? 'table local ' : '';
  const out: string[] = [];
  // Routes of one prefix are listed in the order addrconf added them: the order the links
  // got their link-local addresses (ns.addrs keeps it).
  const llOrder = [...new Set(ns.addrs.filter((a) => a.family === 'inet6' && a.addr.startsWith('fe80:')).map((a) => a.ifindex))]
    .map((i) => links.find((l) => l.ifindex === i)).filter((l): l is Link => l !== undefined);
  if (table === 0 || table === 254) {
    for (const l of llOrder) if (l.kind !== 'loopback' && l.up) out.push(`fe80::/64 ${devText(l)}proto kernel metric 256 ${down(l)}pref medium`);
  }
  if (table === 0 || table === 255) {
    const locals = links.flatMap((l) => v6(l).map((a) => ({ l, a, key: (expandIpv6(a.addr) ?? []).map((g) => g.toString(16).padStart(4, '0')).join('') })))
      .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    for (const { l, a } of locals) out.push(`local ${a.addr} ${devText(l)}${tableText}proto kernel metric 0 pref medium`);
    const mcOrder = [...llOrder, ...links.filter((l) => !llOrder.includes(l))];
    for (const l of mcOrder) if (l.kind !== 'loopback' && (l.up || l.everUp)) out.push(`multicast ff00::/8 ${devText(l)}${tableText}proto kernel metric 256 ${down(l)}pref medium`);
  }
  return out;
}
