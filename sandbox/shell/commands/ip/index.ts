/**
 * `ip` (iproute2 6.1, ip(8)): show and change a namespace's links, addresses, routes,
 * neighbours and named namespaces. Global options and object names are matched as ip/ip.c
 * does (any prefix, first match in iproute2's table order: `ip r` is route, `ip a` address,
 * `ip n` neigh); errors and exit statuses are iproute2's.
 *
 * Contract: a CommandSpec. It reads and changes state only through net/ (link, addr, route,
 * neigh, netns modules) and prints only what that state says.
 * Files: common (options, errors), format-link (ip link/addr text), link-parse, link, addr,
 * route-format, route, rule, neigh, netns, complete.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { failWith, matches, notPermitted, out, type IpOptions, type IpRun } from './common.ts';
import { ipLink } from './link.ts';
import { ipAddr } from './addr.ts';
import { ipRoute } from './route.ts';
import { ipNeigh } from './neigh.ts';
import { ipNetns } from './netns.ts';
import { ipRule } from './rule.ts';
import { ipJson } from './json.ts';
import { completeIp } from './complete.ts';

/** iproute2's object table, in its order (prefix matching takes the first hit). */
export const IP_OBJECTS = [
  'address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp',
  'fou', 'ila', 'macsec', 'tunnel', 'tuntap', 'tap', 'token', 'tcpmetrics', 'monitor', 'xfrm', 'mroute', 'mrule',
  'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help',
] as const;

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}`;

/** Global option words in ip.c's order of tests (after the leading '-'). */
const OPTION_ORDER = ['loops', 'family', 'human', 'human-readable', 'iec', 'stats', 'statistics', 'details', 'resolve', 'oneline', 'timestamp', 'tshort', 'Version', 'force', 'batch', 'brief', 'json', 'pretty', 'rcvbuf', 'color', 'help', 'netns', 'Numeric', 'all'];

async function run(ctx: CommandContext): Promise<number> {
  const opts: IpOptions = { brief: false, details: false, stats: 0, oneline: false };
  const argv = ctx.argv.slice(1);
  let ns = ctx.netns;
  const base: IpRun = { ctx, ns, opts };
  let i = 0;
  for (; i < argv.length; i++) {
    let a = argv[i]!;
    if (a === '--') { i++; break; }
    if (!a.startsWith('-')) break;
    if (a.startsWith('--')) a = a.slice(1);
    if (a === '-4') opts.family = 'inet';
    else if (a === '-6') opts.family = 'inet6';
    else if (a === '-0') opts.family = 'link';
    else {
      const word = a.slice(1);
      const opt = OPTION_ORDER.find((o) => matches(word, o));
      if (opt === 'stats' || opt === 'statistics') opts.stats++;
      else if (opt === 'details') opts.details = true;
      else if (opt === 'oneline') opts.oneline = true;
      else if (opt === 'brief') opts.brief = true;
      else if (opt === 'Version') { out(base, 'ip utility, iproute2-6.1.0, libbpf 1.1.2\n'); return 0; }
      else if (opt === 'help') return failWith(base, 255, USAGE);
      else if (opt === 'family') {
        const f = argv[++i];
        if (f === 'inet' || f === 'inet6' || f === 'link') opts.family = f;
        else return failWith(base, 255, `Error: argument "${f ?? ''}" is wrong: invalid protocol family\n`);
      } else if (opt === 'netns') {
        const name = argv[++i];
        if (name === undefined) return failWith(base, 255, 'Command line is not complete. Try option "help"');
        const id = ctx.machine.namedNetns.get(name);
        const target = id === undefined ? undefined : ctx.world.netns.get(id);
        if (!target) return failWith(base, 255, `Cannot open network namespace "${name}": No such file or directory`);
        ns = target;
      } else if (opt === 'json') opts.json = true;
      else if (opt === 'pretty') opts.pretty = true;
      else if (opt === 'batch') return failWith(base, 1, 'ip: -batch is not modelled by this sandbox');
      else if (opt === 'loops' || opt === 'rcvbuf') i++;
      else if (opt === undefined) return failWith(base, 255, `Option "${a}" is unknown, try "ip -help".`);
    }
  }
  const r: IpRun = { ctx, ns, opts };
  const objWord = argv[i];
  if (objWord === undefined) return failWith(r, 255, USAGE);
  const obj = IP_OBJECTS.find((o) => matches(objWord, o));
  const rest = argv.slice(i + 1);
  if (opts.json && obj !== undefined && obj !== 'help') return ipJson(r, obj, rest, opts.pretty === true);
  switch (obj) {
    case 'address': return ipAddr(r, rest);
    case 'route': return ipRoute(r, rest);
    case 'rule': return ipRule(r, rest);
    case 'neighbor':
    case 'neighbour': return ipNeigh(r, rest);
    case 'link': return ipLink(r, rest);
    case 'netns': return ipNetns(r, rest);
    case 'help': return failWith(r, 255, USAGE);
    case undefined: return failWith(r, 1, `Object "${objWord}" is unknown, try "ip help".`);
    default: return failWith(r, 1, `ip ${obj}: not modelled by this sandbox (only link, address, route, rule, neigh, netns)`);
  }
}

/** The `ip` binary. */
export const ip: CommandSpec = { name: 'ip', run, complete: completeIp };
export default ip;
