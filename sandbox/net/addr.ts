/**
 * Addresses: `ip addr add|del` and the routes the kernel installs for them
 * (net/ipv4/devinet.c inet_insert_ifa, net/ipv4/fib_frontend.c fib_add_ifaddr):
 * - always `local A dev D proto kernel scope host src P` in table local;
 * - when the device is up: the explicit broadcast (`brd`), the prefix route
 *   `NET/LEN dev D proto kernel scope link src P` in main (type local in table local for lo),
 *   and the subnet broadcast for prefixes shorter than /31;
 * where P is the subnet's primary address (the address itself unless it is secondary).
 * A second address in a subnet already on the device is secondary: it gets no prefix route,
 * and deleting the primary deletes its secondaries (promote_secondaries=0).
 */
import { fail, ok, type Result } from '../core/index.ts';
import { broadcastOf, maskOf, networkOf, type Ipv4 } from '../wire/index.ts';
import type { Address, Inet4Address, Netns, Route } from './types.ts';

/** The IPv4 addresses of a link, in the order they were added. */
export const inet4Of = (ns: Netns, ifindex: number): Inet4Address[] =>
  ns.addrs.filter((a): a is Inet4Address => a.family === 'inet' && a.ifindex === ifindex);

/** Whether `a` is secondary: an earlier address on its link covers the same subnet. */
export function isSecondary(ns: Netns, a: Inet4Address): boolean {
  return primaryOf(ns, a) !== a;
}

/** The primary address of `a`'s subnet on its link (the first one added for that subnet). */
export function primaryOf(ns: Netns, a: Inet4Address): Inet4Address {
  for (const b of inet4Of(ns, a.ifindex)) {
    if (b.len === a.len && ((b.addr ^ a.addr) & maskOf(a.len)) === 0) return b;
  }
  return a;
}

/** Whether `ip` is one of this namespace's own IPv4 addresses. */
export const isLocalAddress = (ns: Netns, ip: Ipv4): boolean =>
  ns.addrs.some((a) => a.family === 'inet' && a.addr === ip);

/**
 * Adds an address (`ip addr add`). ENODEV when the link is missing; EEXIST with the kernel's
 * extack "ipv4: Address already assigned." when the same address and prefix is on the link.
 */
export function addAddress(ns: Netns, addr: Address): Result {
  const link = ns.links.get(addr.ifindex);
  if (!link) return fail('ENODEV');
  if (addr.family === 'inet6') {
    if (ns.addrs.some((a) => a.family === 'inet6' && a.ifindex === addr.ifindex && a.addr === addr.addr)) return fail('EEXIST');
    ns.addrs.push({ ...addr });
    return ok(undefined);
  }
  for (const b of inet4Of(ns, addr.ifindex)) {
    if (b.addr === addr.addr && b.len === addr.len) return fail('EEXIST', 'ipv4: Address already assigned.');
  }
  const a: Inet4Address = { ...addr };
  ns.addrs.splice(insertPosition(ns, a), 0, a);
  fibAddIfaddr(ns, a);
  return ok(undefined);
}

/**
 * Deletes an address (`ip addr del A/LEN dev D`); `len` undefined matches any prefix.
 * EADDRNOTAVAIL with the extack "ipv4: Address not found." when absent. Removes its kernel routes;
 * deleting a primary deletes the secondaries of its subnet; deleting the device's last
 * address removes every route through it and its neighbours.
 */
export function delAddress(ns: Netns, ifindex: number, addr: Ipv4, len?: number): Result {
  const a = inet4Of(ns, ifindex).find((x) => x.addr === addr && (len === undefined || x.len === len));
  if (!a) return fail('EADDRNOTAVAIL', 'ipv4: Address not found.');
  const gone = isSecondary(ns, a) ? [a] : inet4Of(ns, ifindex).filter((b) => primaryOf(ns, b) === a);
  for (const g of gone) fibDelIfaddr(ns, g);
  ns.addrs = ns.addrs.filter((x) => !gone.includes(x as Inet4Address));
  if (inet4Of(ns, ifindex).length === 0) {
    // fib_inetaddr_event: the last IPv4 address is gone, so IP is disabled on the device
    // (fib_disable_ip): every route through it and its ARP entries go too.
    ns.routes = ns.routes.filter((r) => r.dev !== ifindex);
    ns.neigh = ns.neigh.filter((n) => n.ifindex !== ifindex);
  }
  return ok(undefined);
}

/** Deletes an IPv6 address of a link (by its text); EADDRNOTAVAIL when absent. */
export function delAddress6(ns: Netns, ifindex: number, addr: string): Result {
  const i = ns.addrs.findIndex((x) => x.family === 'inet6' && x.ifindex === ifindex && x.addr === addr);
  if (i < 0) return fail('EADDRNOTAVAIL');
  ns.addrs.splice(i, 1);
  return ok(undefined);
}

const SCOPE_RANK = { global: 0, link: 253, host: 254 } as const;

/**
 * Where inet_insert_ifa puts a new address in the device's list (the order `ip addr`
 * prints): a secondary goes last; a primary goes after the primaries of wider-or-equal
 * scope number (host, then link, then global), before the rest.
 */
function insertPosition(ns: Netns, a: Inet4Address): number {
  const mine = ns.addrs.map((x, i) => ({ x, i })).filter((e) => e.x.family === 'inet' && e.x.ifindex === a.ifindex);
  if (mine.length === 0) return ns.addrs.length;
  const secondary = mine.some((e) => e.x.family === 'inet' && e.x.len === a.len && ((e.x.addr ^ a.addr) & maskOf(a.len)) === 0);
  if (secondary) return mine[mine.length - 1]!.i + 1;
  let pos = mine[0]!.i;
  for (const e of mine) {
    if (e.x.family === 'inet' && !isSecondary(ns, e.x) && SCOPE_RANK[e.x.scope] >= SCOPE_RANK[a.scope]) pos = e.i + 1;
  }
  return pos;
}

const sameKernelRoute = (r: Route, s: Route): boolean =>
  r.table === s.table && r.type === s.type && r.dst.addr === s.dst.addr && r.dst.len === s.dst.len && r.dev === s.dev;

function magic(ns: Netns, r: Route): void {
  if (!ns.routes.some((x) => sameKernelRoute(x, r))) ns.routes.push(r);
}

/** Installs the kernel routes of an address (fib_add_ifaddr); also called when its link goes up. */
export function fibAddIfaddr(ns: Netns, a: Inet4Address): void {
  const link = ns.links.get(a.ifindex);
  if (!link) return;
  const prim = primaryOf(ns, a).addr;
  const base = { dev: a.ifindex, proto: 'kernel' as const, src: prim };
  magic(ns, { ...base, table: 255, type: 'local', dst: { addr: a.addr, len: 32 }, scope: 'host' });
  if (!link.up) return;
  if (a.brd !== undefined && a.brd !== 0xffffffff) {
    magic(ns, { ...base, table: 255, type: 'broadcast', dst: { addr: a.brd, len: 32 }, scope: 'link' });
  }
  const prefix = networkOf(a);
  if (prefix !== 0 && !isSecondary(ns, a) && (prefix !== a.addr || a.len < 32)) {
    const dst = { addr: prefix, len: a.len };
    if (link.kind === 'loopback') magic(ns, { ...base, table: 255, type: 'local', dst, scope: 'host' });
    else magic(ns, { ...base, table: 254, type: 'unicast', dst, scope: 'link' });
    if (a.len < 31) magic(ns, { ...base, table: 255, type: 'broadcast', dst: { addr: broadcastOf(a), len: 32 }, scope: 'link' });
  }
}

/** Removes the kernel routes an address installed (fib_del_ifaddr), keeping those still owed to another address. */
function fibDelIfaddr(ns: Netns, a: Inet4Address): void {
  const others = ns.addrs.filter((x): x is Inet4Address => x.family === 'inet' && x !== a);
  const stillLocal = others.some((x) => x.addr === a.addr);
  const prefix = networkOf(a);
  ns.routes = ns.routes.filter((r) => {
    if (r.proto !== 'kernel' || r.dev !== a.ifindex) return true;
    if (r.type === 'local' && r.dst.len === 32 && r.dst.addr === a.addr) return stillLocal;
    if (r.src !== a.addr && !(r.type === 'local' && r.dst.addr === a.addr)) return true;
    if (r.table === 254 && r.dst.addr === prefix && r.dst.len === a.len) return false;
    if (r.type === 'broadcast') return others.some((x) => x.ifindex === a.ifindex && (x.brd === r.dst.addr || (x.len < 31 && broadcastOf(x) === r.dst.addr)));
    if (r.type === 'local' && r.dst.addr === prefix && r.dst.len === a.len) return false;
    return true;
  });
}
