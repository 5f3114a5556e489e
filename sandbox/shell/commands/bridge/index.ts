/**
 * `bridge` (iproute2 6.1, bridge(8)): `fdb show|add|append|replace|del` and
 * `link [show]|set`, with -d, -V and -j/-p (json.ts). FDB state lives in net/fdb.ts (bridge and VXLAN
 * tables); the "self permanent" multicast lines are derived by selfMulticastMacs.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { matches } from '../ip/common.ts';
import { bridgeFdb } from './fdb.ts';
import { bridgeLink } from './link.ts';
import { bridgeJson } from './json.ts';
import type { BridgeRun } from './types.ts';
import { hasCapability } from '../../../fabric/capabilities.ts';

const USAGE = `Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }
       bridge [ -force ] -batch filename
where  OBJECT := { link | fdb | mdb | vlan | vni | monitor }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |
                    -o[neline] | -t[imestamp] | -n[etns] name |
                    -com[pressvlans] -c[olor] -p[retty] -j[son] }`;

async function run(ctx: CommandContext): Promise<number> {
  const argv = ctx.argv.slice(1);
  let details = false;
  let json = false;
  let pretty = false;
  let netns = ctx.netns;
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const o = argv[i]!.replace(/^--?/, '-').slice(1);
    if (matches(o, 'Version')) { ctx.stdout.write('bridge utility, 6.1.0\n'); return 0; }
    if (matches(o, 'details')) details = true;
    else if (matches(o, 'netns')) {
      const name = argv[++i] ?? '';
      const id = ctx.machine.namedNetns.get(name);
      const ns = id === undefined ? undefined : ctx.world.netns.get(id);
      if (!ns) { ctx.stderr.write(`Cannot open network namespace "${name}": No such file or directory\n`); return 255; }
      netns = ns;
    } else if (matches(o, 'help')) { ctx.stderr.write(USAGE + '\n'); return 255; }
    else if (matches(o, 'json')) json = true;
    else if (matches(o, 'pretty')) pretty = true;
    else if (['statistics', 'stats', 'oneline', 'timestamp', 'compressvlans', 'color', 'force'].some((w) => matches(o, w))) continue;
    else { ctx.stderr.write(`Option "${argv[i]}" is unknown, try "bridge help".\n`); return 255; }
  }
  const br: BridgeRun = { ctx: { ...ctx, netns }, details };
  // A change without CAP_NET_ADMIN: rtnetlink's EPERM, exit 255 as bridge reports every error.
  const verb = argv[i + 1];
  if (!hasCapability(ctx.machine, 'NET_ADMIN') && verb !== undefined && ['add', 'append', 'replace', 'del', 'delete', 'set', 'change', 'flush'].some((w) => matches(verb, w))) {
    ctx.stderr.write('RTNETLINK answers: Operation not permitted\n');
    return 255;
  }
  const obj = argv[i];
  const rest = argv.slice(i + 1);
  if (obj === undefined) { ctx.stderr.write(USAGE + '\n'); return 255; }
  if (json && (matches(obj, 'link') || matches(obj, 'fdb'))) return bridgeJson(br, obj, rest, pretty);
  if (matches(obj, 'link')) return bridgeLink(br, rest);
  if (matches(obj, 'fdb')) return bridgeFdb(br, rest);
  if (matches(obj, 'help')) { ctx.stderr.write(USAGE + '\n'); return 255; }
  if (['mdb', 'vlan', 'vni', 'monitor'].some((w) => matches(obj, w))) return 0;
  ctx.stderr.write(`Object "${obj}" is unknown, try "bridge help".\n`);
  return 255;
}

function complete(words: string[], _partial: string, place: { netns: CommandContext['netns'] }): string[] {
  const objIdx = words.findIndex((w) => !w.startsWith('-'));
  if (objIdx < 0) return ['fdb', 'link'];
  const obj = words[objIdx]!;
  const prev = words[words.length - 1];
  if (prev === 'dev' || prev === 'br' || prev === 'brport') return [...place.netns.links.values()].map((l) => l.name);
  if (words.length === objIdx + 1) return obj.startsWith('f') ? ['add', 'append', 'del', 'replace', 'show'] : ['set', 'show'];
  return obj.startsWith('f') ? ['dev', 'dst', 'master', 'self', 'static', 'permanent', 'br'] : ['dev', 'hairpin', 'learning', 'flood'];
}

/** The `bridge` binary. */
export const bridge: CommandSpec = { name: 'bridge', run, complete };
export default bridge;
