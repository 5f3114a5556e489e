/**
 * `ip -j [-p] link|addr|route|neigh [show] [...]`: the same state the text forms print, as
 * iproute2 6.1's JSON (print_linkinfo, print_addrinfo, print_route, print_neigh with
 * PRINT_JSON): the keys, their order and which ones are left out match the text (no
 * `protocol` for boot routes, no `scope` for global ones ...). Checked byte for byte against
 * tests/fixtures/node-tools/captures/ip-j-*.txt. Other objects and the change commands with
 * -j say they are not simulated.
 */
import type { Address, Link, Netns, Route } from '../../../net/types.ts';
import { formatIpv4 } from '../../../wire/index.ts';
import { isSecondary } from '../../../net/addr.ts';
import { masterOf } from '../../../net/link-peers.ts';
import { operState } from '../../../net/link-state.ts';
import { neighState } from '../../../net/neigh.ts';
import { routesInOrder } from '../../../net/route.ts';
import { failWith, matches, out, type IpRun } from './common.ts';
import { linkFlags, netnsIdOf } from './format-link.ts';
import { filteredLinks, parseShowFilter } from './link.ts';
import { prefixText, tableName } from './route-format.ts';
import { formatJson, type JsonValue } from './json-writer.ts';

type Obj = { [key: string]: JsonValue };
const FOREVER = 4294967295;

/** A link's members (print_linkinfo); `withMode` adds linkmode as `ip link` does, not `ip addr`. */
function linkObject(run: IpRun, ns: Netns, l: Link, withMode: boolean): Obj {
  const o: Obj = { ifindex: l.ifindex };
  if (l.kind === 'veth') {
    if (l.peer.netns === ns.id) o.link = ns.links.get(l.peer.ifindex)?.name ?? null;
    else o.link_index = l.peer.ifindex;
  }
  o.ifname = l.name;
  o.flags = linkFlags(run, ns, l, true).split(',').filter((f) => f !== '');
  o.mtu = l.mtu;
  o.qdisc = l.up || l.everUp ? 'noqueue' : 'noop';
  const master = masterOf(ns, l);
  if (master) o.master = master.name;
  o.operstate = operState(run.ctx.world, ns, l);
  if (withMode) o.linkmode = 'DEFAULT';
  o.group = 'default';
  o.txqlen = l.txqlen;
  o.link_type = l.kind === 'loopback' ? 'loopback' : 'ether';
  o.address = l.mac;
  o.broadcast = l.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
  if (l.kind === 'veth' && l.peer.netns !== ns.id) {
    const named = [...run.ctx.machine.namedNetns].find(([, id]) => id === l.peer.netns);
    if (named) o.link_netns = named[0];
    else o.link_netnsid = netnsIdOf(ns, l.peer.netns);
  }
  return o;
}

function addrObject(ns: Netns, l: Link, a: Address): Obj {
  if (a.family === 'inet6') return { family: 'inet6', local: a.addr, prefixlen: a.len, scope: a.scope, valid_life_time: FOREVER, preferred_life_time: FOREVER };
  const o: Obj = { family: 'inet', local: formatIpv4(a.addr), prefixlen: a.len };
  if (a.brd !== undefined) o.broadcast = formatIpv4(a.brd);
  o.scope = a.scope;
  if (isSecondary(ns, a)) o.secondary = true;
  o.label = a.label ?? l.name;
  o.valid_life_time = FOREVER;
  o.preferred_life_time = FOREVER;
  return o;
}

function routeObject(ns: Netns, r: Route, showTable: boolean): Obj {
  const o: Obj = {};
  if (r.type !== 'unicast') o.type = r.type;
  o.dst = prefixText(r.dst.addr, r.dst.len);
  if (r.via !== undefined) o.gateway = formatIpv4(r.via);
  const dev = r.dev === undefined ? undefined : ns.links.get(r.dev);
  if (dev) o.dev = dev.name;
  if (showTable && r.table !== 254) o.table = tableName(r.table);
  if (r.proto !== 'boot') o.protocol = typeof r.proto === 'number' ? String(r.proto) : r.proto;
  if (r.scope !== 'global') o.scope = r.scope;
  if (r.src !== undefined) o.prefsrc = formatIpv4(r.src);
  if (r.metric) o.metric = r.metric;
  o.flags = r.onlink ? ['onlink'] : [];
  return o;
}

/** `ip -j OBJECT [show ...]`. */
export function ipJson(run: IpRun, obj: string, args: string[], pretty: boolean): number {
  const [sub, ...rest] = args;
  const showing = sub === undefined || matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst');
  if (!showing) return failWith(run, 1, `packetwalk: ip -j ${obj} ${sub} is not simulated (ip -j link, addr, route and neigh show are)`);
  const words = rest;
  const ns = run.ns;
  let doc: JsonValue[];
  if (obj === 'link' || obj === 'address') {
    const f = parseShowFilter(run, words, (name) => failWith(run, 1, `Device "${name}" does not exist.`));
    if (typeof f === 'number') return f;
    doc = filteredLinks(run, f).map((l) => {
      const o = linkObject(run, ns, l, obj === 'link');
      if (obj === 'address') {
        const mine = ns.addrs.filter((a) => a.ifindex === l.ifindex);
        o.addr_info = [...mine.filter((a) => a.family === 'inet'), ...mine.filter((a) => a.family === 'inet6')].map((a) => addrObject(ns, l, a));
      }
      return o;
    });
  } else if (obj === 'route') {
    if (words.length > 0 && !(words.length === 2 && words[0] === 'table')) {
      return failWith(run, 1, `packetwalk: ip -j route with "${words.join(' ')}" is not simulated (ip -j route [table N] is)`);
    }
    const table = words[1] === undefined ? 254 : words[1] === 'main' ? 254 : words[1] === 'local' ? 255 : Number(words[1]);
    doc = routesInOrder(ns, table).map((r) => routeObject(ns, r, false));
  } else if (obj === 'neighbour' || obj === 'neighbor') {
    if (words.length > 0) return failWith(run, 1, `packetwalk: ip -j neigh with "${words.join(' ')}" is not simulated (ip -j neigh show is)`);
    const now = run.ctx.world.clock.ms;
    doc = ns.neigh.filter((n) => n.state !== 'NOARP').map((n) => {
      const o: Obj = { dst: formatIpv4(n.ip), dev: ns.links.get(n.ifindex)?.name ?? '' };
      const st = neighState(n, now);
      if (n.lladdr !== undefined && st !== 'INCOMPLETE' && st !== 'FAILED') o.lladdr = n.lladdr;
      o.state = [st];
      return o;
    });
  } else return failWith(run, 1, `packetwalk: ip -j ${obj} is not simulated (ip -j link, addr, route and neigh are)`);
  out(run, formatJson(doc, pretty));
  return 0;
}
