/**
 * `bridge -j [-p] fdb show ...` and `bridge -j [-p] link [show]` (bridge/fdb.c print_fdb and
 * bridge/link.c print_linkinfo with PRINT_JSON): the entries and ports the text forms list, as
 * iproute2 6.1's JSON: an fdb entry is mac, ifname (unless filtered by dev), vlan, dst, master,
 * flags (always, `self` ...), state ("" for a learned entry); a port is ifindex, link, ifname,
 * flags, mtu, master, state, priority, cost. The fdb JSON is built from the text form's words
 * so both always agree. Checked against tests/fixtures/node-tools/captures/bridge-j-*.txt.
 */
import { hasCarrier, portForwarding } from '../../../net/link-state.ts';
import { masterOf } from '../../../net/link-peers.ts';
import { formatJson, type JsonValue } from '../ip/json-writer.ts';
import { matches } from '../ip/common.ts';
import { bridgeFdb } from './fdb.ts';
import type { BridgeRun } from './types.ts';

type Obj = { [key: string]: JsonValue };
const STATES = new Set(['permanent', 'static', 'noarp', 'stale']);
const FLAGS = new Set(['self', 'router', 'extern_learn', 'offload', 'sticky']);

/** One text fdb line as its JSON object. */
function fdbObject(line: string): Obj {
  const [mac, ...w] = line.trim().split(/\s+/);
  const o: Obj = { mac: mac ?? '' };
  const flags: string[] = [];
  let state = '';
  for (let i = 0; i < w.length; i++) {
    const k = w[i]!;
    if (k === 'dev') o.ifname = w[++i] ?? '';
    else if (k === 'vlan') o.vlan = Number(w[++i]);
    else if (k === 'dst') o.dst = w[++i] ?? '';
    else if (k === 'master') o.master = w[++i] ?? '';
    else if (FLAGS.has(k)) flags.push(k);
    else if (STATES.has(k)) state = k;
  }
  o.flags = flags;
  o.state = state;
  return o;
}

/** `bridge -j OBJECT ...`. */
export function bridgeJson(br: BridgeRun, obj: string, args: string[], pretty: boolean): number {
  const ctx = br.ctx;
  const [sub] = args;
  const showing = sub === undefined || matches(sub, 'show') || matches(sub, 'list') || matches(sub, 'lst');
  if (matches(obj, 'fdb') && showing) {
    let text = '';
    const status = bridgeFdb({ ...br, ctx: { ...ctx, stdout: { write: (t: string) => { text += t; } } } }, args);
    if (status !== 0) return status;
    ctx.stdout.write(formatJson(text.split('\n').filter((l) => l.trim() !== '').map(fdbObject), pretty));
    return 0;
  }
  if (matches(obj, 'link') && (sub === undefined || matches(sub, 'show'))) {
    const ns = ctx.netns;
    const ports: JsonValue[] = [];
    for (const l of [...ns.links.values()].sort((a, b) => a.ifindex - b.ifindex)) {
      const master = masterOf(ns, l);
      if (!master) continue;
      const carrier = hasCarrier(ctx.world, ns, l);
      const o: Obj = { ifindex: l.ifindex };
      // IFLA_LINK's index named in this namespace, as the text form's `@eth0` (link.ts).
      if (l.kind === 'veth') o.link = ns.links.get(l.peer.ifindex)?.name ?? `if${l.peer.ifindex}`;
      o.ifname = l.name;
      o.flags = [...(l.up && !carrier ? ['NO-CARRIER'] : []), 'BROADCAST', 'MULTICAST', ...(l.up ? ['UP'] : []), ...(carrier ? ['LOWER_UP'] : [])];
      o.mtu = l.mtu;
      o.master = master.name;
      o.state = portForwarding(ctx.world, ns, l) ? 'forwarding' : 'disabled';
      o.priority = 32;
      o.cost = 2;
      ports.push(o);
    }
    ctx.stdout.write(formatJson(ports, pretty));
    return 0;
  }
  ctx.stderr.write(`packetwalk: bridge -j ${[obj, ...args].join(' ')} is not simulated (bridge -j fdb show and link show are)\n`);
  return 1;
}
