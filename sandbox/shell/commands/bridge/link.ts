/**
 * `bridge link` (bridge/link.c): the ports of every bridge in the namespace, and
 * `bridge link set dev X hairpin|learning|flood on|off`. A veth shows as `name@X` where X
 * is the name its peer's ifindex has in THIS namespace (ll_index_to_name on IFLA_LINK), so
 * a pod-side index 2 prints as `@eth0` on the node: iproute2's own quirk, kept.
 */
import { portForwarding, hasCarrier } from '../../../net/link-state.ts';
import { linkByName } from '../../../net/link.ts';
import { masterOf } from '../../../net/link-peers.ts';
import type { Link } from '../../../net/types.ts';
import { matches } from '../ip/common.ts';
import type { BridgeRun } from './types.ts';

/** `bridge link ...`. */
export function bridgeLink(br: BridgeRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined || matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst')) return linkShow(br, sub === undefined ? [] : rest);
  if (matches(sub, 'set') || matches(sub, 'change')) return linkSet(br, rest);
  br.ctx.stderr.write(`Command "${sub}" is unknown, try "bridge link help".\n`);
  return 255;
}

function flags(br: BridgeRun, l: Link): string {
  const carrier = hasCarrier(br.ctx.world, br.ctx.netns, l);
  const f: string[] = [];
  if (l.up && !carrier) f.push('NO-CARRIER');
  f.push('BROADCAST', 'MULTICAST');
  if (l.up) f.push('UP');
  if (carrier) f.push('LOWER_UP');
  return f.join(',');
}

function linkShow(br: BridgeRun, args: string[]): number {
  const ns = br.ctx.netns;
  let only: Link | undefined;
  for (let i = 0; i < args.length; i++) {
    const v = args[i] === 'dev' ? (args[++i] ?? '') : args[i]!;
    only = linkByName(ns, v);
    if (!only) { br.ctx.stderr.write(`Cannot find device "${v}"\n`); return 1; }
  }
  for (const l of [...ns.links.values()].sort((a, b) => a.ifindex - b.ifindex)) {
    const master = masterOf(ns, l);
    if (!master || (only && l !== only)) continue;
    const at = l.kind === 'veth' ? `@${ns.links.get(l.peer.ifindex)?.name ?? `if${l.peer.ifindex}`}` : '';
    const state = portForwarding(br.ctx.world, ns, l) ? 'forwarding' : 'disabled';
    br.ctx.stdout.write(`${l.ifindex}: ${l.name}${at}: <${flags(br, l)}> mtu ${l.mtu} master ${master.name} state ${state} priority 32 cost 2 \n`);
    if (br.details && l.port) {
      const p = l.port;
      br.ctx.stdout.write(`    hairpin ${p.hairpin ? 'on' : 'off'} guard off root_block off fastleave off learning ${p.learning ? 'on' : 'off'} flood ${p.flood ? 'on' : 'off'} mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off neigh_suppress off vlan_tunnel off isolated off locked off \n`);
    }
  }
  return 0;
}

function linkSet(br: BridgeRun, args: string[]): number {
  const ns = br.ctx.netns;
  let dev: Link | undefined;
  const changes: [keyof NonNullable<Link['port']>, boolean][] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const v = args[++i] ?? '';
    if (a === 'dev') {
      dev = linkByName(ns, v);
      if (!dev) { br.ctx.stderr.write(`Cannot find bridge device "${v}"\n`); return 255; }
    } else if (a === 'hairpin' || a === 'learning' || a === 'flood') {
      if (v !== 'on' && v !== 'off') { br.ctx.stderr.write(`Error: argument "${v}" is wrong: ${a}\n`); return 255; }
      changes.push([a, v === 'on']);
    } else if (['guard', 'fastleave', 'root_block', 'mcast_flood', 'bcast_flood', 'neigh_suppress', 'isolated', 'cost', 'priority', 'state'].includes(a)) continue;
    else { br.ctx.stderr.write(`Unknown argument "${a}"\n`); return 255; }
  }
  if (!dev) { br.ctx.stderr.write('Device is a required argument.\n'); return 255; }
  if (!dev.port) { br.ctx.stderr.write('RTNETLINK answers: Operation not supported\n'); return 255; }
  for (const [k, on] of changes) dev.port[k] = on;
  return 0;
}
