/**
 * tcpdump 4.99.3 on the simulated devices: `tcpdump [-n|-nn] [-e] [-v] [-c N] [-i IF|any]
 * [expression]`. It captures what crosses the device while it runs (a tap on the device,
 * as a pcap socket sees dev_queue_xmit and netif_receive_skb; a bridge being captured is
 * promiscuous and passes pod-to-pod frames up too), so traffic must happen meanwhile: from
 * a second terminal, or a job the shell runs concurrently. It stops after -c N packets or on
 * Ctrl-C, which ends stdout with an empty line and prints the counts on stderr as SIGINT
 * does. Without -i it takes the first up interface that is not loopback, as pcap_lookupdev.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { wallDate } from '../../../core/index.ts';
import { closeTap, openTap } from '../../../fabric/traffic.ts';
import { waitFor } from '../../../fabric/time.ts';
import type { Tap, TapRecord } from '../../../net/datapath/types.ts';
import type { Link } from '../../../net/types.ts';
import { compileFilter } from './filter.ts';
import { frameText, type PrintOptions, type SeqState } from './print.ts';

/** How long tcpdump sleeps between looks at its capture buffer (virtual ms). */
const POLL_MS = 50;

interface Args {
  iface?: string;
  count?: number;
  opts: PrintOptions;
  expr: string[];
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { opts: { n: 0, e: false, v: false }, expr: [] };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--version') return 'version';
    if (!w.startsWith('-') || w === '-') {
      a.expr.push(...argv.slice(i));
      break;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j]!;
      if (c === 'n') a.opts.n++;
      else if (c === 'e') a.opts.e = true;
      else if (c === 'v') a.opts.v = true;
      else if (c === 'l' || c === 'K' || c === 'p') continue;
      else if (c === 'i' || c === 'c' || c === 's') {
        const v = w.slice(j + 1) || argv[++i];
        if (v === undefined) return `tcpdump: option requires an argument -- '${c}'`;
        if (c === 'i') a.iface = v;
        else if (c === 'c') {
          if (!/^\d+$/.test(v) || Number(v) === 0) return `tcpdump: invalid packet count ${v}`;
          a.count = Number(v);
        }
        break;
      } else return `tcpdump: invalid option -- '${c}'`;
    }
  }
  return a;
}

/** `16:49:12.819543`: the wall-clock time (UTC, as the lab ran) of virtual ms `t`. */
function timestamp(ctx: CommandContext, t: number): string {
  const totalUs = Math.floor((ctx.world.clock.epochMs + t) * 1000);
  const d = wallDate({ ms: t, epochMs: ctx.world.clock.epochMs });
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(totalUs % 1_000_000).padStart(6, '0')}`;
}

export const tcpdump: CommandSpec = {
  name: 'tcpdump',
  async run(ctx) {
    const a = parseArgs(ctx.argv.slice(1));
    if (a === 'version') {
      ctx.stdout.write('tcpdump version 4.99.3\nlibpcap version 1.10.3 (with TPACKET_V3)\nOpenSSL 3.0.19 27 Jan 2026\n');
      return 0;
    }
    if (typeof a === 'string') {
      ctx.stderr.write(`${a}\n`);
      return 1;
    }
    const filter = compileFilter(a.expr);
    if (typeof filter === 'string') {
      ctx.stderr.write(`${filter}\n`);
      return 1;
    }
    const links = [...ctx.netns.links.values()].sort((x, y) => x.ifindex - y.ifindex);
    let targets: Link[];
    if (a.iface === 'any') targets = links;
    else if (a.iface !== undefined) {
      const l = links.find((x) => x.name === a.iface);
      if (!l) {
        ctx.stderr.write(`tcpdump: ${a.iface}: No such device exists\n(No such device exists)\n`);
        return 1;
      }
      if (!l.up) {
        ctx.stderr.write(`tcpdump: ${a.iface}: That device is not up\n`);
        return 1;
      }
      targets = [l];
    } else {
      const l = links.find((x) => x.up && x.kind !== 'loopback');
      if (!l) {
        ctx.stderr.write('tcpdump: no suitable device found\n');
        return 1;
      }
      targets = [l];
    }
    const any = a.iface === 'any';
    const name = any ? 'any' : targets[0]!.name;
    if (any) ctx.stderr.write('tcpdump: data link type LINUX_SLL2\n');
    const linkType = any ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)';
    ctx.stderr.write(`${a.opts.v ? 'tcpdump: ' : 'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n'}listening on ${name}, link-type ${linkType}, snapshot length 262144 bytes\n`);
    const taps: Tap[] = targets.map((l) => openTap(ctx.world, ctx.netns, l.ifindex));
    const read = taps.map(() => 0);
    const seqs: SeqState = new Map();
    let captured = 0;
    let seen = 0;
    const pending = () => taps.some((t, i) => t.records.length > read[i]!);
    const drain = () => {
      const batch: { r: TapRecord; ifindex: number }[] = [];
      taps.forEach((t, i) => {
        for (const r of t.records.slice(read[i]!)) batch.push({ r, ifindex: t.ifindex });
        read[i] = t.records.length;
      });
      batch.sort((x, y) => x.r.t - y.r.t || x.r.n - y.r.n);
      for (const { r, ifindex } of batch) {
        if (!filter(r.frame)) continue;
        seen++;
        if (a.count !== undefined && captured >= a.count) continue;
        captured++;
        const where = any ? `${(ctx.netns.links.get(ifindex)?.name ?? '?').padEnd(5)} ${(r.dir === 'out' ? 'Out' : r.frame.dst === 'ff:ff:ff:ff:ff:ff' ? 'B' : 'In').padEnd(3)} ` : '';
        ctx.stdout.write(`${timestamp(ctx, r.t)} ${where}${frameText(r.frame, a.opts, seqs)}\n`);
      }
    };
    let interrupted = false;
    for (;;) {
      drain();
      if (a.count !== undefined && captured >= a.count) break;
      if (ctx.interrupted()) {
        interrupted = true;
        break;
      }
      const how = await waitFor(ctx.world, ctx, pending, ctx.world.clock.ms + POLL_MS);
      if (how === 'interrupted') {
        drain();
        interrupted = true;
        break;
      }
    }
    for (const t of taps) closeTap(ctx.world, t);
    if (interrupted) ctx.stdout.write('\n');
    ctx.stderr.write(`${captured} packet${captured === 1 ? '' : 's'} captured\n${seen} packet${seen === 1 ? '' : 's'} received by filter\n0 packets dropped by kernel\n`);
    return 0;
  },
};
