/**
 * traceroute (Dmitry Butskoy's 2.1, Debian's): UDP probes to ports 33434 and up with TTL
 * 1, 2, ... (3 probes per hop, `-q`), each router on the way answering "time exceeded" and
 * the destination "port unreachable", which ends the trace. Options: -n, -m MAX_TTL, -q N,
 * -w WAIT (seconds per probe, default 5). Lines: ` 1  10.244.1.1  0.066 ms  0.010 ms
 * 0.008 ms` (with -n; otherwise `name (addr)`, the address standing for the name where no
 * PTR exists), `*` for a silent probe, `!H`/`!N`/`!X` after unreachable answers. Silence
 * from a hop (a router that does not forward, a ClusterIP nobody answers) shows as `* * *`.
 * -T sends TCP SYNs instead (tcp-probe.ts; -p sets the port, default 80), and the
 * destination's SYN-ACK or RST is the last hop. busybox's traceroute (busybox-based pods)
 * has no -T and says so as busybox does.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4, type Ipv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { udpOpen, udpSend } from '../../../net/socket-udp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { chooseRoute } from '../../../net/datapath/output.ts';
import type { UdpSocket } from '../../../net/datapath/types.ts';
import { waitFor } from '../../../fabric/time.ts';
import { isBusyboxPod } from '../../../fabric/world.ts';
import { resolveHost } from '../curl/resolve.ts';
import { formatRtt } from '../ping/format.ts';
import { closeTap, openTap } from '../../../fabric/traffic.ts';
import { readAnswers, sendSyn, type TcpProbe } from './tcp-probe.ts';
import { BUSYBOX_BANNER } from '../busybox-banner.ts';

const STRERROR: Record<string, string> = { ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host', EPERM: 'Operation not permitted' };

interface TrArgs {
  numeric: boolean;
  maxTtl: number;
  queries: number;
  wait: number;
  /** -T: TCP SYN probes. */
  tcp: boolean;
  /** -p: the UDP base port, or the TCP destination port. */
  port?: number;
  host?: string;
}

function parse(argv: string[]): TrArgs | string {
  const a: TrArgs = { numeric: false, maxTtl: 30, queries: 3, wait: 5, tcp: false };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.startsWith('-')) {
      if (a.host === undefined) a.host = w;
      continue;
    }
    const c = w[1];
    if (c === 'n' || c === '4' || c === 'I' || c === 'T') {
      if (c === 'n') a.numeric = true;
      if (c === 'T') a.tcp = true;
      continue;
    }
    if (c === 'm' || c === 'q' || c === 'w' || c === 'p') {
      const v = w.slice(2) || argv[++i];
      const n = Number(v);
      // -m, -q and -p are integers, -w a number (traceroute.c's option table and its checks).
      if (v === undefined || !/^\d*\.?\d+$/.test(v) || !Number.isFinite(n) || (c !== 'w' && !Number.isInteger(n))) return `Cannot handle \`-${c}' option with arg \`${v ?? ''}' (argc ${i + 1})`;
      if (c === 'm' && n > 255) return 'max hops cannot be more than 255';
      if (c === 'm' && n < 1) return 'first hop out of range';
      if (c === 'q' && (n < 1 || n > 10)) return 'no more than 10 probes per hop';
      if (c === 'm') a.maxTtl = n;
      else if (c === 'q') a.queries = n;
      else if (c === 'w') a.wait = n;
      else a.port = n & 0xffff;
      continue;
    }
    return `Bad option \`${w}' (argc ${i + 1})`;
  }
  return a;
}

/** busybox 1.35's traceroute usage (Debian's build, captured in the lab: bb-traceroute-T). */
const BUSYBOX_USAGE = `${BUSYBOX_BANNER}

Usage: traceroute [-46Flnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]
\t[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]
\t[-z PAUSE_MSEC] HOST [BYTES]

Trace the route to HOST

\t-4,-6\tForce IP or IPv6 name resolution
\t-F\tSet don't fragment bit
\t-l\tDisplay TTL value of the returned packet
\t-n\tPrint numeric addresses
\t-r\tBypass routing tables, send directly to HOST
\t-v\tVerbose
\t-f N\tFirst number of hops (default 1)
\t-m N\tMax number of hops
\t-q N\tNumber of probes per hop (default 3)
\t-p N\tBase UDP port number used in probes
\t\t(default 33434)
\t-s IP\tSource address
\t-i IFACE Source interface
\t-t N\tType-of-service in probe packets (default 0)
\t-w SEC\tWait for a response (default 3)
\t-z MSEC\tWait before each send
`;

const BANG: Record<number, string> = { 0: ' !N', 1: ' !H', 2: ' !P', 9: ' !X', 10: ' !X', 13: ' !X' };

export const traceroute: CommandSpec = {
  name: 'traceroute',
  async run(ctx) {
    if (isBusyboxPod(ctx.machine)) {
      const bad = ctx.argv.slice(1).find((w) => /^-[^-]*T/.test(w));
      if (bad !== undefined) {
        // busybox traceroute's getopt32 string has no T (networking/traceroute.c).
        ctx.stderr.write(`traceroute: invalid option -- 'T'\n${BUSYBOX_USAGE}`);
        return 1;
      }
    }
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

/** What a hop's probes came back with, whichever protocol carried them. */
interface Answered {
  sent: number;
  answer?: { from: Ipv4; t: number; icmp?: { type: number; code: number } };
}

async function hops(ctx: CommandContext, a: TrArgs, dst: Ipv4): Promise<number> {
  if (a.tcp) return tcpHops(ctx, a, dst);
  const world = ctx.world;
  const trace = startTrace(world, ctx.argv.join(' '));
  let port = a.port ?? 33434;
  for (let ttl = 1; ttl <= a.maxTtl; ttl++) {
    const probes: { s: UdpSocket; sent: number }[] = [];
    for (let q = 0; q < a.queries; q++) {
      const s = udpOpen(world, ctx.netns, trace);
      udpSend(world, s, dst, port++, { kind: 'raw', data: '@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_' }, ttl);
      probes.push({ s, sent: world.clock.ms });
    }
    const answered = () => probes.every((p) => (p.s.icmpErrors?.length ?? 0) > 0);
    const how = await waitFor(world, ctx, answered, world.clock.ms + a.wait * 1000);
    const got: Answered[] = probes.map((p) => {
      const e = p.s.icmpErrors?.[0];
      freeSocket(world, p.s.id);
      return { sent: p.sent, ...(e ? { answer: { from: e.from, t: e.t, icmp: { type: e.type, code: e.code } } } : {}) };
    });
    const done = printHop(ctx, a, ttl, got);
    if (done || how === 'interrupted') break;
  }
  return 0;
}

/**
 * print_header/print_probe: "%2d ", then " name (addr)" when the responder changes, "  T ms"
 * per answer and " *" per silent probe. True when the hop ends the trace: an ICMP
 * unreachable, or (-T) the destination's own answer.
 */
function printHop(ctx: CommandContext, a: TrArgs, ttl: number, probes: Answered[]): boolean {
  const name = (ip: Ipv4) => (a.numeric ? formatIpv4(ip) : `${formatIpv4(ip)} (${formatIpv4(ip)})`);
  let line = `${String(ttl).padStart(2)} `;
  let last: Ipv4 | undefined;
  let done = false;
  for (const p of probes) {
    const e = p.answer;
    if (!e) {
      line += ' *';
      continue;
    }
    if (e.from !== last) line += ` ${name(e.from)}`;
    last = e.from;
    const bang = e.icmp && e.icmp.type === 3 && e.icmp.code !== 3 ? (BANG[e.icmp.code] ?? ` !<${e.icmp.code}>`) : '';
    line += `  ${formatRtt((e.t - p.sent) * 1000)} ms${bang}`;
    if (!e.icmp || e.icmp.type === 3) done = true;
  }
  ctx.stdout.write(`${line}\n`);
  return done;
}

/** -T: SYN probes, read from the route's device (tcp-probe.ts). */
async function tcpHops(ctx: CommandContext, a: TrArgs, dst: Ipv4): Promise<number> {
  const world = ctx.world;
  const trace = startTrace(world, ctx.argv.join(' '));
  const rt = chooseRoute(ctx.netns, dst);
  if (!rt.ok) return 1;
  const dport = a.port ?? 80;
  const tap = openTap(world, ctx.netns, rt.value.dev.ifindex, false);
  let read = 0;
  let status = 0;
  for (let ttl = 1; ttl <= a.maxTtl; ttl++) {
    const probes: TcpProbe[] = [];
    for (let q = 0; q < a.queries; q++) {
      const p = sendSyn(world, ctx.netns, rt.value.src, dst, dport, ttl, rt.value.dev.mtu - 40, trace);
      if (typeof p === 'string') {
        ctx.stdout.write(`${String(ttl).padStart(2)} \n`);
        ctx.stderr.write(`send: ${STRERROR[p] ?? p}\n`);
        closeTap(world, tap);
        return 1;
      }
      probes.push(p);
    }
    const answered = () => {
      read = readAnswers(tap, read, probes, dst, dport);
      return probes.every((p) => p.answer !== undefined);
    };
    const how = await waitFor(world, ctx, answered, world.clock.ms + a.wait * 1000);
    answered();
    if (printHop(ctx, a, ttl, probes) || how === 'interrupted') {
      if (how === 'interrupted') status = 130;
      break;
    }
  }
  closeTap(world, tap);
  return status;
}
