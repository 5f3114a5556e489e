/**
 * pwru ("packet, where are you?", cilium/pwru) modelled on the simulator's packet walks.
 * The real tool attaches eBPF probes to kernel functions and prints one line per function
 * a matching skb passes through, until Ctrl-C. Here every step of the datapath is recorded
 * as a hop named after the kernel function it stands for (ip_local_out, nf_hook_slow's
 * table/chain/rule, br_forward, vxlan_xmit_one, kfree_skb with the drop reason ...), so
 * pwru prints those hops live while it runs (traffic from another terminal or job).
 *
 * Flags (a reduced set; each behaves as in pwru unless noted):
 *   [pcap-filter]              host/port/tcp/udp/icmp filter on the packet at each hop
 *   --filter-netns NAME        only hops in this namespace (pwru takes an inode or a path)
 *   --filter-ifname NAME       only hops on this device
 *   --output-limit-lines N     stop after N lines
 *   --output-meta              add the DETAIL column (route chosen, rule matched, drop reason)
 *   --last                     simulator extension: print the walk of the most recent
 *                              command that sent packets, then exit (no live capture)
 * Columns: TIME (virtual µs since the walk began) NETNS IFACE TUPLE FUNC [DETAIL].
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import type { Hop as TraceHop } from '../../../net/datapath/types.ts';
import { waitFor } from '../../../fabric/time.ts';
import { datapathOf } from '../../../net/datapath/state.ts';
import { hopFilter, type HopFilter } from './filter.ts';

interface PwruArgs {
  netns?: string;
  ifname?: string;
  limit?: number;
  meta: boolean;
  last: boolean;
  expr: string[];
}

const USAGE = 'Usage: pwru [options] [pcap-filter]\n' +
  '      --filter-ifname string       filter skb ifname in --filter-netns (if not specified, use current netns)\n' +
  '      --filter-netns string        filter netns (simulator: a namespace name)\n' +
  '      --output-limit-lines uint    exit the program after the number of events has been received/printed\n' +
  '      --output-meta                print skb metadata (simulator: the hop detail)\n' +
  '      --last                       simulator: print the most recent command\'s walk and exit\n';

function parse(argv: string[]): PwruArgs | string {
  const a: PwruArgs = { meta: false, last: false, expr: [] };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    const [flag, inline] = w.startsWith('--') ? w.split(/=(.*)/s) as [string, string | undefined] : [w, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--filter-netns': a.netns = value(); break;
      case '--filter-ifname': a.ifname = value(); break;
      case '--output-limit-lines': {
        const v = value();
        if (v === undefined || !/^\d+$/.test(v)) return `invalid argument "${v ?? ''}" for "--output-limit-lines" flag: strconv.ParseUint: parsing "${v ?? ''}": invalid syntax`;
        a.limit = Number(v);
        break;
      }
      case '--output-meta': a.meta = inline !== 'false'; break;
      case '--output-tuple': break;
      case '--last': a.last = true; break;
      case '-h': case '--help': return USAGE;
      default:
        if (w.startsWith('-')) return `unknown flag: ${w}\n${USAGE}`;
        a.expr.push(w);
    }
  }
  return a;
}

/** `10.244.1.2:41576 > 10.244.1.3:8080 tcp SYN` -> pwru's tuple `10.244.1.2:41576->10.244.1.3:8080(tcp)`. */
function tuple(packet: string): string {
  const m = /^(\S+) > (\S+) (tcp|udp|icmp)/.exec(packet);
  return m ? `${m[1]}->${m[2]}(${m[3]})` : packet;
}

function line(h: TraceHop, t0: number, meta: boolean): string {
  const cols = [
    String(Math.round(h.t - t0)).padEnd(10), h.netns.padEnd(12), (h.dev ?? '').padEnd(14), tuple(h.packet).padEnd(46), h.event,
  ];
  return `${cols.join(' ')}${meta && h.detail ? `  ${h.detail}` : ''}`.trimEnd() + '\n';
}

function header(meta: boolean): string {
  return `${'TIME'.padEnd(10)} ${'NETNS'.padEnd(12)} ${'IFACE'.padEnd(14)} ${'TUPLE'.padEnd(46)} FUNC${meta ? '  DETAIL' : ''}\n`;
}

export const pwru: CommandSpec = {
  name: 'pwru',
  async run(ctx) {
    const a = parse(ctx.argv.slice(1));
    if (typeof a === 'string') {
      (a === USAGE ? ctx.stdout : ctx.stderr).write(a.endsWith('\n') ? a : `${a}\n`);
      return a === USAGE ? 0 : 1;
    }
    const f = hopFilter(a.expr);
    if (typeof f === 'string') {
      ctx.stderr.write(`${f}\n`);
      return 1;
    }
    const keep = (h: TraceHop) => (a.netns === undefined || h.netns === a.netns) && (a.ifname === undefined || h.dev === a.ifname) && f(h);
    return a.last ? last(ctx, a, keep) : live(ctx, a, keep);
  },
};

function last(ctx: CommandContext, a: PwruArgs, keep: HopFilter): number {
  const traces = datapathOf(ctx.world).traces.filter((t) => t.hops.length > 0);
  const t = traces.at(-1);
  if (!t) {
    ctx.stderr.write('pwru: no packet walk recorded yet: run curl, ping, nc, dig or traceroute first\n');
    return 1;
  }
  const hops = t.hops.filter(keep).slice(0, a.limit);
  ctx.stdout.write(`# ${t.command}\n${header(a.meta)}`);
  for (const h of hops) ctx.stdout.write(line(h, t.hops[0]!.t, a.meta));
  return 0;
}

async function live(ctx: CommandContext, a: PwruArgs, keep: HopFilter): Promise<number> {
  const dp = datapathOf(ctx.world);
  ctx.stderr.write('Attaching kprobes...\nAttached (ignored 0)\nListening for events..\n');
  ctx.stdout.write(header(a.meta));
  // Where each kept walk stood when pwru attached: only later hops are printed.
  const seen = new Map<number, number>(dp.traces.map((t) => [t.id, t.hops.length]));
  const t0 = ctx.world.clock.ms * 1000;
  let printed = 0;
  const drain = (): boolean => {
    const fresh: TraceHop[] = [];
    for (const t of dp.traces) {
      const from = seen.get(t.id) ?? 0;
      if (t.hops.length > from) fresh.push(...t.hops.slice(from));
      seen.set(t.id, t.hops.length);
    }
    fresh.sort((x, y) => x.t - y.t);
    for (const h of fresh) {
      if (!keep(h)) continue;
      ctx.stdout.write(line(h, t0, a.meta));
      if (a.limit !== undefined && ++printed >= a.limit) return true;
    }
    return false;
  };
  for (;;) {
    if (drain()) break;
    const how = await waitFor(ctx.world, ctx, () => false, ctx.world.clock.ms + 50);
    if (how === 'interrupted') {
      drain();
      break;
    }
  }
  ctx.stderr.write(`Received signal, exiting program..\n`);
  return 0;
}
