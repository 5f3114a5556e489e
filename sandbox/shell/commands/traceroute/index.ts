/**
 * traceroute (Dmitry Butskoy's 2.1, Debian's): UDP probes to ports 33434 and up with TTL
 * 1, 2, ... (3 probes per hop, `-q`), each router on the way answering "time exceeded" and
 * the destination "port unreachable", which ends the trace. Options: -n, -m MAX_TTL, -q N,
 * -w WAIT (seconds per probe, default 5). Lines: ` 1  10.244.1.1  0.066 ms  0.010 ms
 * 0.008 ms` (with -n; otherwise `name (addr)`, the address standing for the name where no
 * PTR exists), `*` for a silent probe, `!H`/`!N`/`!X` after unreachable answers. Silence
 * from a hop (a router that does not forward, a ClusterIP nobody answers) shows as `* * *`.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4, type Ipv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { udpOpen, udpSend } from '../../../net/socket-udp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { chooseRoute } from '../../../net/datapath/output.ts';
import type { UdpSocket } from '../../../net/datapath/types.ts';
import { waitFor } from '../../../fabric/time.ts';
import { resolveHost } from '../curl/resolve.ts';
import { formatRtt } from '../ping/format.ts';

const STRERROR: Record<string, string> = { ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host', EPERM: 'Operation not permitted' };

interface TrArgs {
  numeric: boolean;
  maxTtl: number;
  queries: number;
  wait: number;
  host?: string;
}

function parse(argv: string[]): TrArgs | string {
  const a: TrArgs = { numeric: false, maxTtl: 30, queries: 3, wait: 5 };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.startsWith('-')) {
      if (a.host === undefined) a.host = w;
      continue;
    }
    const c = w[1];
    if (c === 'n' || c === '4' || c === 'I') {
      if (c === 'n') a.numeric = true;
      continue;
    }
    if (c === 'm' || c === 'q' || c === 'w') {
      const v = w.slice(2) || argv[++i];
      const n = Number(v);
      if (v === undefined || !Number.isFinite(n) || n <= 0) return `Cannot handle \`-${c}' option with arg \`${v ?? ''}' (argc ${i})`;
      if (c === 'm') a.maxTtl = n;
      else if (c === 'q') a.queries = n;
      else a.wait = n;
      continue;
    }
    return `Bad option \`${w}' (argc ${i})`;
  }
  return a;
}

const BANG: Record<number, string> = { 0: ' !N', 1: ' !H', 2: ' !P', 9: ' !X', 10: ' !X', 13: ' !X' };

export const traceroute: CommandSpec = {
  name: 'traceroute',
  async run(ctx) {
    const a = parse(ctx.argv.slice(1));
    if (typeof a === 'string') {
      ctx.stderr.write(`${a}\n`);
      return 2;
    }
    if (a.host === undefined) {
      ctx.stderr.write('Usage:\n  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]\n');
      return 2;
    }
    const res = await resolveHost(ctx, a.host, ctx.world.clock.ms + 20_000);
    if (!res.ok) {
      ctx.stderr.write(`${a.host}: ${res.why === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution'}\nCannot handle "host" cmdline arg \`${a.host}' on position 1 (argc 1)\n`);
      return 2;
    }
    const dst = res.addr;
    ctx.stdout.write(`traceroute to ${a.host} (${formatIpv4(dst)}), ${a.maxTtl} hops max, 60 byte packets`);
    const rt = chooseRoute(ctx.netns, dst);
    if (!rt.ok) {
      ctx.stderr.write(`connect: ${STRERROR[rt.errno] ?? rt.errno}\n`);
      return 1;
    }
    ctx.stdout.write('\n');
    return hops(ctx, a, dst);
  },
};

async function hops(ctx: CommandContext, a: TrArgs, dst: Ipv4): Promise<number> {
  const world = ctx.world;
  const trace = startTrace(world, ctx.argv.join(' '));
  let port = 33434;
  const name = (ip: Ipv4) => (a.numeric ? formatIpv4(ip) : `${formatIpv4(ip)} (${formatIpv4(ip)})`);
  for (let ttl = 1; ttl <= a.maxTtl; ttl++) {
    const probes: { s: UdpSocket; sent: number }[] = [];
    for (let q = 0; q < a.queries; q++) {
      const s = udpOpen(world, ctx.netns, trace);
      udpSend(world, s, dst, port++, { kind: 'raw', data: '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_' }, ttl);
      probes.push({ s, sent: world.clock.ms });
    }
    const answered = () => probes.every((p) => (p.s.icmpErrors?.length ?? 0) > 0);
    const how = await waitFor(world, ctx, answered, world.clock.ms + a.wait * 1000);
    // print_header/print_probe: "%2d ", then " name (addr)" when the responder changes,
    // "  T ms" per answer and " *" per silent probe.
    let line = `${String(ttl).padStart(2)} `;
    let last: Ipv4 | undefined;
    let done = false;
    for (const p of probes) {
      const e = p.s.icmpErrors?.[0];
      freeSocket(world, p.s.id);
      if (!e) {
        line += ' *';
        continue;
      }
      if (e.from !== last) line += ` ${name(e.from)}`;
      last = e.from;
      const bang = e.type === 3 && e.code !== 3 ? (BANG[e.code] ?? ` !<${e.code}>`) : '';
      line += `  ${formatRtt((e.t - p.sent) * 1000)} ms${bang}`;
      if (e.type === 3) done = true;
    }
    ctx.stdout.write(`${line}\n`);
    if (done || how === 'interrupted') break;
  }
  return 0;
}
