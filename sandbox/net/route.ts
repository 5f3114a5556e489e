/**
 * Routes: `ip route add|del|replace` and the kernel's FIB lookup (net/ipv4/fib_frontend.c,
 * fib_semantics.c, fib_trie.c, route.c). Kernel facts reproduced here:
 * - the policy rules (rule.ts; by default `0: lookup local`, `32766: lookup main`, `32767:
 *   lookup default`) are walked by priority, and the first matching rule whose table has a
 *   route decides (fib_rules_lookup); inside a table the longest prefix wins, then the
 *   lowest metric;
 * - a gateway must be reachable through a connected (scope link) route on the given device
 *   unless `onlink` (fib_check_nh_v4_gw: "Nexthop has invalid gateway");
 * - a route is identified by table, prefix and metric: adding one that exists is EEXIST
 *   ("RTNETLINK answers: File exists") whatever its gateway or device;
 * - the source address is the route's `src`, else the first primary address of the output
 *   device with a fitting scope, preferring one whose subnet holds the gateway, else any
 *   global address of the namespace (inet_select_addr).
 */
import { fail, ok, type Result } from '../core/index.ts';
import { inCidr, maskOf, type Ipv4 } from '../wire/index.ts';
import type { Netns, Route, RouteType, Scope } from './types.ts';
import { inet4Of, isLocalAddress, isSecondary } from './addr.ts';
import { rulesOf, ruleMatches, type Flow } from './rule.ts';
import { getSysctl } from './sysctl.ts';

/** What a route lookup decided (`ip route get` prints it). */
export interface RouteDecision {
  /** The route that matched (for an on-link guess with `oif`, a synthetic one). */
  route: Route;
  /** Output device ifindex (lo for local delivery). */
  dev: number;
  /** Next hop when the route has one. */
  gateway?: Ipv4;
  /** Source address the kernel picks. */
  src: Ipv4;
  type: RouteType;
}

const SCOPE_RANK: Record<Scope, number> = { global: 0, link: 253, host: 254 };

/** Routes of `table` whose prefix holds `dst`, best first (longest prefix, lowest metric). */
function candidates(ns: Netns, table: number, dst: Ipv4, filter?: (r: Route) => boolean): Route[] {
  return ns.routes
    .filter((r) => r.table === table && inCidr(dst, r.dst) && (!filter || filter(r)))
    .sort((a, b) => b.dst.len - a.dst.len || (a.metric ?? 0) - (b.metric ?? 0));
}

/** The first route by policy rule order (local, main, default) for `dst`. */
function fibLookup(ns: Netns, dst: Ipv4, filter?: (r: Route) => boolean): Route | undefined {
  for (const t of [255, 254, 253]) {
    const hit = candidates(ns, t, dst, filter)[0];
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The source address for output on `dev` towards `toward` with a route of `scope`
 * (inet_select_addr): a primary address of `dev` no narrower than the scope, preferring the
 * one whose subnet holds `toward`; else the first non-link-scoped address elsewhere.
 */
export function selectSource(ns: Netns, dev: number, toward: Ipv4 | undefined, scope: Scope): Ipv4 | undefined {
  let found: Ipv4 | undefined;
  for (const a of inet4Of(ns, dev)) {
    if (isSecondary(ns, a) || SCOPE_RANK[a.scope] > SCOPE_RANK[scope]) continue;
    if (toward === undefined || ((toward ^ a.addr) & maskOf(a.len)) === 0) return a.addr;
    found ??= a.addr;
  }
  if (found !== undefined) return found;
  for (const a of ns.addrs) {
    if (a.family === 'inet' && a.scope !== 'link' && SCOPE_RANK[a.scope] <= SCOPE_RANK[scope] && a.ifindex !== dev) return a.addr;
  }
  return undefined;
}

/** What a lookup is given besides the destination (the flowi4 a caller fills in). */
export interface LookupOpts {
  /** Output device a socket is bound to (SO_BINDTODEVICE, `ping -I eth0`). */
  oif?: number;
  /** Source address: a local one for output; the packet's source for input (`iif`). */
  src?: Ipv4;
  /** Input device ifindex: an input route (ip_route_input) for a packet that came in there. */
  iif?: number;
  /** The packet's firewall mark (rules' `fwmark`). */
  mark?: number;
}

/**
 * The first route by the policy rules for `flow` (fib_rules_lookup): a matching rule of
 * action `lookup` whose table has a route wins; a matching unreachable/prohibit/blackhole
 * rule ends the walk with its route type.
 */
function policyLookup(ns: Netns, flow: Flow, filter?: (r: Route) => boolean): Route | undefined {
  for (const rule of rulesOf(ns)) {
    if (!ruleMatches(rule, flow)) continue;
    if (rule.action !== 'lookup') return { table: rule.table, type: rule.action, dst: { addr: flow.dst, len: 32 }, proto: 'kernel', scope: 'global' };
    const hit = candidates(ns, rule.table, flow.dst, filter)[0];
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The kernel's route lookup for an outgoing packet to `dst` (ip_route_output_key): `oif`
 * restricts to routes through that device (and, failing any, assumes the destination is on
 * link as the kernel does); `src` must then be a local address. With `iif` it is an input
 * route for a packet that arrived there (ip_route_input_slow): a zero source is a martian
 * (EINVAL), and a destination that is not local needs forwarding (else EHOSTUNREACH).
 * Errors: ENETUNREACH ("Network is unreachable"), EHOSTUNREACH for `unreachable` routes,
 * EINVAL for `blackhole`, EACCES for `prohibit`, EINVAL for a non-local `src`.
 */
export function routeLookup(ns: Netns, dst: Ipv4, opts: LookupOpts = {}): Result<RouteDecision> {
  const input = opts.iif !== undefined;
  if (!input && opts.src !== undefined && opts.src !== 0 && !isLocalAddress(ns, opts.src)) return fail('EINVAL', 'src');
  if (input && !opts.src) return fail('EINVAL', 'martian source');
  const name = (i?: number) => (i === undefined ? undefined : ns.links.get(i)?.name);
  const flow: Flow = { dst, src: opts.src ?? 0, iif: (input ? name(opts.iif) : 'lo') ?? '', mark: opts.mark ?? 0, ...(name(opts.oif) !== undefined ? { oif: name(opts.oif)! } : {}) };
  const filter = opts.oif === undefined ? undefined : (r: Route) => r.dev === opts.oif || r.type === 'local';
  let route = policyLookup(ns, flow, filter);
  if (input && route && route.type !== 'local' && route.type !== 'broadcast' && getSysctl(ns, 'net.ipv4.ip_forward') !== '1') return fail('EHOSTUNREACH');
  if (!route && opts.oif !== undefined && ns.links.get(opts.oif)?.up) {
    route = { table: 254, type: 'unicast', dst: { addr: dst, len: 32 }, dev: opts.oif, proto: 'kernel', scope: 'link' };
  }
  if (!route) return fail('ENETUNREACH');
  switch (route.type) {
    case 'unreachable': return fail('EHOSTUNREACH');
    case 'blackhole': return fail('EINVAL', 'blackhole');
    case 'prohibit': return fail('EACCES');
    default: break;
  }
  if (route.type === 'local') {
    const lo = [...ns.links.values()].find((l) => l.kind === 'loopback');
    return ok({ route, dev: lo?.ifindex ?? 1, src: (!input && opts.src) || (route.src ?? dst), type: 'local' });
  }
  const dev = route.dev ?? 0;
  const src = (!input && opts.src) || route.src || selectSource(ns, dev, route.via ?? dst, route.via !== undefined ? 'link' : route.scope);
  if (src === undefined) return fail('ENETUNREACH');
  return ok({ route, dev, src, type: route.type, ...(route.via === undefined ? {} : { gateway: route.via }) });
}

/**
 * Adds a route (`ip route add`, or `replace` with `replace: true`). Fills the defaults
 * iproute2 sends (table main, proto boot, scope by type). Errors (detail = the kernel's
 * extack text when it has one): EINVAL "Invalid prefix for given prefix length.",
 * ENETUNREACH "Nexthop has invalid gateway.", ENETUNREACH "Device for nexthop is not up.",
 * EINVAL "Nexthop device required for onlink.", EINVAL "Invalid prefsrc address.",
 * ENODEV (no device), EEXIST (same table, prefix and metric).
 */
export function addRoute(ns: Netns, spec: Route, replace = false): Result<Route> {
  const r: Route = { ...spec, dst: { ...spec.dst } };
  if ((r.dst.addr & ~maskOf(r.dst.len)) >>> 0 !== 0) return fail('EINVAL', 'Invalid prefix for given prefix length.');
  if (r.dev !== undefined && !ns.links.has(r.dev)) return fail('ENODEV');
  if (r.type === 'unicast' || r.type === 'local' || r.type === 'broadcast') {
    const check = checkNexthop(ns, r);
    if (!check.ok) return check;
  }
  if (r.src !== undefined && !isLocalAddress(ns, r.src)) return fail('EINVAL', 'Invalid prefsrc address.');
  const same = ns.routes.findIndex((x) => x.table === r.table && x.dst.addr === r.dst.addr && x.dst.len === r.dst.len && (x.metric ?? 0) === (r.metric ?? 0));
  if (same >= 0 && !replace) return fail('EEXIST');
  if (same >= 0) ns.routes[same] = r;
  else ns.routes.push(r);
  return ok(r);
}

function checkNexthop(ns: Netns, r: Route): Result {
  const dev = r.dev === undefined ? undefined : ns.links.get(r.dev);
  if (r.via === undefined) {
    if (!dev) return fail('EINVAL', 'Nexthop device required.');
    if (!dev.up && r.type === 'unicast') return fail('ENETUNREACH', 'Device for nexthop is not up.');
    return ok(undefined);
  }
  if (r.onlink) {
    if (!dev) return fail('EINVAL', 'Nexthop device required for onlink.');
    if (!dev.up) return fail('ENETUNREACH', 'Device for nexthop is not up.');
    // An onlink gateway must be a unicast address for that device, not one of ours.
    const t = fibLookup(ns, r.via, (x) => x.table === 255 && x.dst.len === 32 && (x.type === 'local' || x.type === 'broadcast'));
    if (t || r.via === 0 || r.via === 0xffffffff) return fail('EINVAL', 'Nexthop has invalid gateway.');
    return ok(undefined);
  }
  if (dev && !dev.up) return fail('ENETUNREACH', 'Device for nexthop is not up.');
  // The gateway must be reached by a route of scope link or host, through `dev` if given.
  const gw = r.via;
  const hit = fibLookup(ns, gw, (x) => SCOPE_RANK[x.scope] >= SCOPE_RANK.link && (dev === undefined || x.dev === dev.ifindex));
  // A local gateway is accepted (the kernel allows RTN_LOCAL here); anything else is not.
  if (!hit || (hit.type !== 'unicast' && hit.type !== 'local') || hit.dev === undefined) return fail('ENETUNREACH', 'Nexthop has invalid gateway.');
  r.dev = hit.dev;
  return ok(undefined);
}

/** Which routes `delRoute` may match: the prefix and table, plus whatever else was given. */
export interface RouteMatch {
  table: number;
  dst: { addr: Ipv4; len: number };
  type?: RouteType;
  via?: Ipv4;
  dev?: number;
  metric?: number;
  proto?: Route['proto'];
  scope?: Scope;
  src?: Ipv4;
}

/** Deletes the first route matching (`ip route del`); ESRCH ("No such process") when none. */
export function delRoute(ns: Netns, m: RouteMatch): Result<Route> {
  // The kernel deletes the first match in trie order (same prefix: lowest metric first).
  const victim = routesInOrder(ns, m.table).find((r) =>
    r.table === m.table && r.dst.addr === m.dst.addr && r.dst.len === m.dst.len &&
    (m.type === undefined || r.type === m.type) && (m.via === undefined || r.via === m.via) &&
    (m.dev === undefined || r.dev === m.dev) && (!m.metric || (r.metric ?? 0) === m.metric) &&
    (m.proto === undefined || r.proto === m.proto) && (m.scope === undefined || r.scope === m.scope) &&
    (m.src === undefined || r.src === m.src));
  if (!victim) return fail('ESRCH');
  ns.routes.splice(ns.routes.indexOf(victim), 1);
  return ok(victim);
}

/**
 * The routes of a table in the order `ip route show` prints them: the kernel walks its trie
 * in key order (network address ascending), longer prefixes first for the same key, then
 * by metric.
 */
export function routesInOrder(ns: Netns, table: number): Route[] {
  return ns.routes
    .filter((r) => r.table === table)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => a.r.dst.addr - b.r.dst.addr || b.r.dst.len - a.r.dst.len || (a.r.metric ?? 0) - (b.r.metric ?? 0) || a.i - b.i)
    .map((x) => x.r);
}
