/**
 * `ip route` (ip-route(8)): show/list (table, dev, via, proto, scope, type, prefix filters),
 * get, add/replace/change/append/prepend, del, flush. The FIB is net/route.ts.
 */
import { formatIpv4, parseIpv4, type Ipv4 } from '../../../wire/index.ts';
import type { Route, RouteProto, RouteType, Scope } from '../../../net/types.ts';
import { addRoute, delRoute, routeLookup, routesInOrder } from '../../../net/route.ts';
import { devByName, failWith, flushNotPermitted, invarg, kernelError, matches, noDevice, notPermitted, out, type IpRun } from './common.ts';
import { ipv6Routes } from './route6.ts';
import { formatRoute, parsePrefix, parseProto, parseScope, parseTable, prefixText, tableName, type PrintPins } from './route-format.ts';

/** `ip route ...`. */
export function ipRoute(run: IpRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined) return routeShow(run, [], false);
  if (matches(sub, 'add')) return routeModify(run, rest, 'add');
  if (matches(sub, 'change') || sub === 'chg' || matches(sub, 'replace')) return routeModify(run, rest, 'replace');
  if (matches(sub, 'prepend') || matches(sub, 'append')) return routeModify(run, rest, 'add');
  if (matches(sub, 'delete')) return routeDel(run, rest);
  if (matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return routeShow(run, rest, false);
  if (matches(sub, 'get')) return routeGet(run, rest);
  if (matches(sub, 'flush')) return routeShow(run, rest, true);
  if (matches(sub, 'help')) return failWith(run, 255, 'Usage: ip route { list | flush } SELECTOR\n       ip route get ADDRESS [ from ADDRESS iif STRING ]\n                            [ oif STRING ]\n       ip route { add | del | change | append | replace } ROUTE');
  return failWith(run, 255, `Command "${sub}" is unknown, try "ip route help".`);
}

const TYPES: readonly RouteType[] = ['unicast', 'local', 'broadcast', 'unreachable', 'blackhole', 'prohibit'];

/** A parsed ROUTE or SELECTOR. */
interface RouteArgs {
  type?: RouteType;
  dst?: { addr: Ipv4; len: number };
  via?: Ipv4;
  dev?: number;
  src?: Ipv4;
  metric?: number;
  proto?: RouteProto;
  scope?: Scope;
  table?: number;
  onlink: boolean;
  pins: PrintPins;
}

function parseRouteArgs(run: IpRun, args: string[]): RouteArgs | number {
  const r: RouteArgs = { onlink: false, pins: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const need = (): string | undefined => args[++i];
    if (a === 'via') {
      const v = need() ?? '';
      const ip = parseIpv4(v);
      if (ip === undefined) return failWith(run, 1, `Error: inet address is expected rather than "${v}".`);
      r.via = ip;
      r.pins.via = true;
    } else if (a === 'dev' || a === 'oif') {
      const v = need() ?? '';
      const d = devByName(run, v);
      if (!d) return noDevice(run, v);
      r.dev = d.ifindex;
      r.pins.dev = true;
    } else if (a === 'src') {
      const v = need() ?? '';
      const ip = parseIpv4(v);
      if (ip === undefined) return failWith(run, 1, `Error: inet address is expected rather than "${v}".`);
      r.src = ip;
    } else if (a === 'metric' || a === 'priority' || a === 'preference') {
      const v = need() ?? '';
      if (!/^\d+$/.test(v)) return invarg(run, '"metric" value is invalid\n', v);
      r.metric = Number(v);
    } else if (matches(a, 'protocol')) {
      const v = need() ?? '';
      const p = parseProto(v);
      if (p === undefined) return invarg(run, '"protocol" value is invalid\n', v);
      r.proto = p;
      r.pins.proto = true;
    } else if (matches(a, 'scope')) {
      const v = need() ?? '';
      const s = parseScope(v);
      if (!s) return invarg(run, 'invalid "scope" value\n', v);
      r.scope = s;
      r.pins.scope = true;
    } else if (matches(a, 'table')) {
      const v = need() ?? '';
      const t = parseTable(v);
      if (t === undefined) return invarg(run, '"table" value is invalid\n', v);
      r.table = t;
      r.pins.table = true;
    } else if (a === 'onlink') r.onlink = true;
    else if (['mtu', 'advmss', 'rtt', 'realm', 'initcwnd', 'tos', 'dsfield', 'weight', 'pref'].includes(a)) i++;
    else if (TYPES.includes(a as RouteType) && r.type === undefined && r.dst === undefined) r.type = a as RouteType;
    else {
      const text = a === 'to' || a === 'root' || a === 'match' || a === 'exact' ? (need() ?? '') : a;
      if (r.dst !== undefined) return failWith(run, 255, `Error: either "to" is duplicate, or "${text}" is a garbage.`);
      const p = parsePrefix(text);
      if (!p) return failWith(run, 1, `Error: any valid prefix is expected rather than "${text}".`);
      r.dst = p;
    }
  }
  return r;
}

function routeShow(run: IpRun, args: string[], flush: boolean): number {
  const f = parseRouteArgs(run, args);
  if (typeof f === 'number') return f;
  // `table all` walks the kernel's table hash (id & 255), so main (254) comes before local (255).
  const tables = f.table === 0 ? [...new Set(run.ns.routes.map((r) => r.table))].sort((a, b) => (a & 255) - (b & 255) || a - b) : [f.table ?? 254];
  // iproute2 pins table main by default, so only `table all` prints table names.
  const pins: PrintPins = { ...f.pins, table: f.table !== 0 };
  const selected: Route[] = [];
  for (const t of tables) {
    for (const r of routesInOrder(run.ns, t)) {
      if (f.dev !== undefined && r.dev !== f.dev) continue;
      if (f.via !== undefined && r.via !== f.via) continue;
      if (f.proto !== undefined && r.proto !== f.proto) continue;
      if (f.scope !== undefined && r.scope !== f.scope) continue;
      if (f.type !== undefined && r.type !== f.type) continue;
      if (f.dst !== undefined && (r.dst.addr !== f.dst.addr || r.dst.len !== f.dst.len)) continue;
      selected.push(r);
    }
  }
  if (flush) {
    if (args.length === 0) return failWith(run, 1, '"ip route flush" requires arguments.');
    const denied = flushNotPermitted(run, 2, selected.length);
    if (denied !== undefined) return denied;
    run.ns.routes = run.ns.routes.filter((r) => !selected.includes(r));
    return 0;
  }
  if (run.opts.family !== 'inet6') for (const r of selected) out(run, formatRoute(run, run.ns, r, pins) + '\n');
  // With no family given, `table all` also lists the IPv6 routes addrconf installed.
  if ((run.opts.family === undefined && f.table === 0) || run.opts.family === 'inet6') {
    for (const line of ipv6Routes(run, f.table ?? 254, f.dev)) out(run, line + '\n');
  }
  return 0;
}

function routeModify(run: IpRun, args: string[], mode: 'add' | 'replace'): number {
  const f = parseRouteArgs(run, args);
  if (typeof f === 'number') return f;
  if (f.dst === undefined) return failWith(run, 255, 'Usage: ip route { add | del | change | append | replace } ROUTE');
  const type = f.type ?? 'unicast';
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  if (type === 'unicast' && f.dev === undefined && f.via === undefined) return kernelError(run, 'ENODEV');
  const scope: Scope = f.scope ?? (type === 'local' ? 'host' : type === 'broadcast' || (type === 'unicast' && f.via === undefined) ? 'link' : 'global');
  const route: Route = {
    table: f.table ?? (type === 'local' || type === 'broadcast' ? 255 : 254), type, dst: f.dst, proto: f.proto ?? 'boot', scope,
    ...(f.via !== undefined ? { via: f.via } : {}), ...(f.dev !== undefined ? { dev: f.dev } : {}),
    ...(f.src !== undefined ? { src: f.src } : {}), ...(f.metric ? { metric: f.metric } : {}), ...(f.onlink ? { onlink: true } : {}),
  };
  const r = addRoute(run.ns, route, mode === 'replace');
  return r.ok ? 0 : kernelError(run, r.errno, r.detail);
}

function routeDel(run: IpRun, args: string[]): number {
  const f = parseRouteArgs(run, args);
  if (typeof f === 'number') return f;
  if (f.dst === undefined) return failWith(run, 255, 'Usage: ip route { add | del | change | append | replace } ROUTE');
  const denied = notPermitted(run);
  if (denied !== undefined) return denied;
  const r = delRoute(run.ns, {
    table: f.table ?? 254, dst: f.dst,
    ...(f.type ? { type: f.type } : {}), ...(f.via !== undefined ? { via: f.via } : {}), ...(f.dev !== undefined ? { dev: f.dev } : {}),
    ...(f.metric ? { metric: f.metric } : {}), ...(f.proto !== undefined ? { proto: f.proto } : {}), ...(f.scope ? { scope: f.scope } : {}),
    ...(f.src !== undefined ? { src: f.src } : {}),
  });
  return r.ok ? 0 : kernelError(run, r.errno, r.detail);
}

function routeGet(run: IpRun, args: string[]): number {
  let dst: Ipv4 | undefined;
  let from: Ipv4 | undefined;
  let oif: number | undefined;
  let iif: number | undefined;
  let mark: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'iif') {
      const v = args[++i] ?? '';
      const d = devByName(run, v);
      if (!d) return noDevice(run, v);
      iif = d.ifindex;
    } else if (a === 'mark' || a === 'fwmark') {
      const v = args[++i] ?? '';
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > 0xffffffff) return invarg(run, 'invalid mark value\n', v);
      mark = Number(v);
    } else if (a === 'from') {
      const v = args[++i] ?? '';
      from = parseIpv4(v.split('/')[0] ?? '');
      if (from === undefined) return failWith(run, 1, `Error: any valid prefix is expected rather than "${v}".`);
    } else if (a === 'oif' || a === 'dev') {
      const v = args[++i] ?? '';
      const d = devByName(run, v);
      if (!d) return noDevice(run, v);
      oif = d.ifindex;
    } else if (a === 'tos' || a === 'uid' || a === 'ipproto' || a === 'sport' || a === 'dport' || a === 'vrf') i++;
    else if (a === 'connected' || a === 'fibmatch') continue;
    else {
      const text = a === 'to' ? (args[++i] ?? '') : a;
      const p = parsePrefix(text);
      if (!p) return failWith(run, 1, `Error: any valid prefix is expected rather than "${text}".`);
      dst = p.addr;
    }
  }
  if (dst === undefined) return failWith(run, 1, 'need at least a destination address');
  const r = routeLookup(run.ns, dst, { ...(oif !== undefined ? { oif } : {}), ...(from !== undefined ? { src: from } : {}), ...(iif !== undefined ? { iif } : {}), ...(mark !== undefined ? { mark } : {}) });
  if (!r.ok) return kernelError(run, r.errno);
  const d = r.value;
  const dev = run.ns.links.get(d.dev)?.name ?? '?';
  let s = d.type === 'local' ? 'local ' : d.type === 'broadcast' ? 'broadcast ' : '';
  s += `${prefixText(dst, 32)} `;
  if (from !== undefined) s += `from ${formatIpv4(from)} `;
  if (d.gateway !== undefined) s += `via ${formatIpv4(d.gateway)} `;
  s += `dev ${dev} `;
  // The answer names a table other than main (RTA_TABLE), as print_route does. Until the first
  // custom rule the kernel keeps the local table merged into main (fib_unmerge runs when a rule
  // is added), so a local or broadcast answer names no table (ip-bare-host's captures).
  const merged = d.route.table === 255 && run.ns.rules === undefined;
  if (d.route.table !== 254 && !merged) s += `table ${tableName(d.route.table)} `;
  if (from === undefined) s += `src ${formatIpv4(d.src)} `;
  if (mark !== undefined && mark !== 0) s += `mark 0x${mark.toString(16)} `;
  // An input route has no uid; its cache line names the input device (captures: ip-route-table.txt).
  if (iif !== undefined) {
    const inDev = run.ns.links.get(iif)?.name ?? '?';
    out(run, s + `\n    cache ${d.type === 'local' ? '<local> ' : ''}iif ${inDev} \n`);
    return 0;
  }
  s += 'uid 0 \n';
  // RTCF_LOCAL: delivered locally, or sent out of the loopback device (`oif lo`).
  const viaLo = run.ns.links.get(d.dev)?.kind === 'loopback';
  // A path MTU learnt from "fragmentation needed" is a route exception: iproute2 prints its
  // RTA_CACHEINFO expiry in seconds and RTAX_MTU (`cache expires 597sec mtu 1450`).
  const pmtu = run.ns.pmtu?.get(dst);
  const left = pmtu ? pmtu.expires - run.ctx.world.clock.ms : 0;
  const exception = pmtu && left > 0 && d.type === 'unicast' ? `expires ${Math.floor(left / 1000)}sec mtu ${pmtu.mtu} ` : '';
  s += d.type === 'broadcast' ? '    cache <local,brd> \n' : d.type === 'local' || viaLo ? '    cache <local> \n' : `    cache ${exception}\n`;
  out(run, s);
  return 0;
}
