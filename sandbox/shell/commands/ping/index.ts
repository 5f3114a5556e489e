/**
 * ping (iputils 20221126): ICMP echo through the datapath. Options: -c COUNT, -i INTERVAL,
 * -W TIMEOUT (seconds to wait for the last reply; default 10), -w DEADLINE, -s SIZE,
 * -t TTL, -I IFACE|ADDR (bind to a device, SO_BINDTODEVICE, or a source address), -M do|want|dont (path MTU discovery: `do` sets DF and refuses a packet over the
 * path MTU with `ping: local error: message too long, mtu=N`, an error in the statistics;
 * a router whose next hop is too small answers `Frag needed and DF set (mtu = N)` and the
 * path MTU it names is remembered for the next packets), -q, -n, -4, -V. Without -c it runs until Ctrl-C, printing each reply as it comes
 * and sleeping the interval in virtual time; Ctrl-C ends it with the statistics as SIGINT
 * does. Replies, ICMP errors (`From 10.244.1.1 icmp_seq=1 Destination Host Unreachable`)
 * and silence all come from what the packets meet; a ClusterIP does not answer because no
 * rule and no address owns it. Exit status: 0 with any reply, 1 without, 2 on errors.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { formatIpv4, parseIpv4 } from '../../../wire/index.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { pingOpen, pingSend, type PmtuDisc } from '../../../net/socket-udp.ts';
import { freeSocket } from '../../../net/socket.ts';
import { chooseRoute } from '../../../net/datapath/output.ts';
import { isLocalAddress } from '../../../net/addr.ts';
import { waitFor } from '../../../fabric/time.ts';
import { resolveHost } from '../curl/resolve.ts';
import { formatRtt, formatStats, icmpErrorText } from './format.ts';

const STRERROR: Record<string, string> = {
  ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host', EPERM: 'Operation not permitted',
  EINVAL: 'Invalid argument', EACCES: 'Permission denied', ENOBUFS: 'No buffer space available',
};

interface PingArgs {
  count?: number;
  interval: number;
  timeout: number;
  deadline?: number;
  size: number;
  ttl: number;
  pmtudisc: PmtuDisc;
  quiet: boolean;
  /** -I: an interface name or a source address. */
  iface?: string;
  host?: string;
}

function parseArgs(args: string[]): PingArgs | string {
  const p: PingArgs = { interval: 1, timeout: 10, size: 56, ttl: 64, pmtudisc: 'want', quiet: false };
  const num = (flag: string, v: string | undefined, int: boolean): number | string => {
    if (v === undefined) return `ping: option requires an argument -- '${flag}'`;
    const n = Number(v);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n))) return `ping: invalid argument: '${v}'`;
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-') || a === '-') {
      p.host = a;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if ('qn4'.includes(c)) {
        if (c === 'q') p.quiet = true;
        continue;
      }
      if (!'ciWwstMI'.includes(c)) return `ping: invalid option -- '${c}'`;
      const glued = a.slice(j + 1);
      if (c === 'I') {
        const v = glued !== '' ? glued : args[++i];
        if (v === undefined) return `ping: option requires an argument -- 'I'`;
        p.iface = v;
        break;
      }
      if (c === 'M') {
        // ping.c: `-M` takes do, dont, want (and probe, which the simulator does not offer).
        const v = glued !== '' ? glued : args[++i];
        if (v === undefined) return `ping: option requires an argument -- 'M'`;
        if (v !== 'do' && v !== 'dont' && v !== 'want') return `ping: invalid -M argument: ${v}`;
        p.pmtudisc = v;
        break;
      }
      const v = num(c, glued !== '' ? glued : args[++i], 'cst'.includes(c));
      if (typeof v === 'string') return v;
      if (c === 'c') p.count = v;
      else if (c === 'i') p.interval = v;
      else if (c === 'W') p.timeout = v;
      else if (c === 'w') p.deadline = v;
      else if (c === 's') p.size = v;
      else p.ttl = v;
      break;
    }
  }
  return p;
}

export const ping: CommandSpec = {
  name: 'ping',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.includes('-V')) {
      ctx.stdout.write('ping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n');
      return 0;
    }
    const p = parseArgs(args);
    if (typeof p === 'string') {
      ctx.stderr.write(`${p}\n`);
      return 2;
    }
    if (p.host === undefined) {
      ctx.stderr.write('ping: usage error: Destination address required\n');
      return 1;
    }
    const res = await resolveHost(ctx, p.host, ctx.world.clock.ms + 20_000);
    if (!res.ok) {
      ctx.stderr.write(`ping: ${p.host}: ${res.why === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
      return 2;
    }
    // -I: an address binds the source (bind(2)), anything else names a device (SO_BINDTODEVICE).
    const bind: { oif?: number; src?: number } = {};
    if (p.iface !== undefined) {
      const src = parseIpv4(p.iface);
      if (src !== undefined) {
        if (!isLocalAddress(ctx.netns, src)) {
          ctx.stderr.write('ping: bind: Cannot assign requested address\n');
          return 2;
        }
        bind.src = src;
      } else {
        const dev = [...ctx.netns.links.values()].find((l) => l.name === p.iface);
        if (!dev) {
          ctx.stderr.write(`ping: SO_BINDTODEVICE ${p.iface}: No such device\n`);
          return 2;
        }
        bind.oif = dev.ifindex;
      }
    }
    // iputils connects a UDP probe socket first to learn the source: no route fails here.
    const probe = chooseRoute(ctx.netns, res.addr, bind.oif);
    if (!probe.ok) {
      ctx.stderr.write(`ping: connect: ${STRERROR[probe.errno] ?? probe.errno}\n`);
      return 2;
    }
    return run(ctx, p, res.addr, p.iface === undefined ? undefined : { ...bind, from: bind.src ?? probe.value.src });
  },
};

async function run(ctx: CommandContext, p: PingArgs, dst: number, bind?: { oif?: number; src?: number; from: number }): Promise<number> {
  const world = ctx.world;
  const ip = formatIpv4(dst);
  const literal = parseIpv4(p.host!) !== undefined;
  // With -I, iputils names the source and the device (empty for an address): `from 10.244.1.2 eth0: `.
  const from = bind ? `from ${formatIpv4(bind.from)} ${bind.oif !== undefined ? ctx.netns.links.get(bind.oif)?.name ?? '' : ''}: ` : '';
  ctx.stdout.write(`PING ${p.host} (${ip}) ${from}${p.size}(${p.size + 28}) bytes of data.\n`);
  const sock = pingOpen(world, ctx.netns, startTrace(world, ctx.argv.join(' ')));
  if (bind) sock.bind = { ...(bind.oif !== undefined ? { oif: bind.oif } : {}), ...(bind.src !== undefined ? { src: bind.src } : {}) };
  const start = world.clock.ms;
  const sent = new Map<number, number>();
  let transmitted = 0;
  let lastSend = start;
  let shownReplies = 0;
  let shownErrors = 0;
  let localErrors = 0;
  let pipe = 1;
  const rtts: number[] = [];
  const deadline = p.deadline !== undefined ? start + p.deadline * 1000 : Infinity;
  const intervalMs = p.interval * 1000;
  const who = (a: number) => (literal ? formatIpv4(a) : `${p.host} (${formatIpv4(a)})`);
  const show = () => {
    while (shownReplies < sock.replies.length || shownErrors < sock.errors.length) {
      const r = sock.replies[shownReplies];
      const e = sock.errors[shownErrors];
      pipe = Math.max(pipe, transmitted - shownReplies - shownErrors);
      if (r && (!e || r.t <= e.t)) {
        shownReplies++;
        const us = (r.t - (sent.get(r.seq) ?? r.t)) * 1000;
        rtts.push(us);
        if (!p.quiet) ctx.stdout.write(`${r.bytes} bytes from ${who(r.from)}: icmp_seq=${r.seq} ttl=${r.ttl} time=${formatRtt(us)} ms\n`);
      } else if (e) {
        shownErrors++;
        const mtu = e.type === 3 && e.code === 4 && e.mtu !== undefined ? ` (mtu = ${e.mtu})` : '';
        if (!p.quiet) ctx.stdout.write(`From ${formatIpv4(e.from)} icmp_seq=${e.seq} ${icmpErrorText(e.type, e.code)}${mtu}\n`);
      }
    }
  };
  const answered = () => sock.replies.length + sock.errors.length + localErrors;
  for (let seq = 1; ; seq++) {
    if (p.count !== undefined && seq > p.count) break;
    if (world.clock.ms >= deadline || ctx.interrupted()) break;
    const r = pingSend(world, sock, dst, seq, p.size, p.ttl, p.pmtudisc);
    transmitted++;
    lastSend = world.clock.ms;
    sent.set(seq, world.clock.ms);
    if (!r.ok && r.errno === 'EMSGSIZE') {
      // ping_common.c receive_error_msg: a local error from the error queue (IP_RECVERR),
      // counted in nerrors; nothing left the host, so no reply is awaited for it.
      localErrors++;
      ctx.stderr.write(`ping: local error: message too long, mtu=${r.detail}\n`);
    } else if (!r.ok) ctx.stderr.write(`ping: sendmsg: ${STRERROR[r.errno] ?? r.errno}\n`);
    const last = p.count !== undefined && seq === p.count;
    // Between probes wait the interval; after the last one, up to -W for what is still out.
    const until = last ? Math.min(deadline, lastSend + p.timeout * 1000) : Math.min(deadline, lastSend + intervalMs);
    const stop = last ? () => answered() >= transmitted : () => false;
    const how = await waitFor(world, ctx, () => { show(); return stop(); }, until);
    show();
    if (how === 'interrupted') break;
  }
  show();
  freeSocket(world, sock.id);
  const received = rtts.length;
  const elapsed = (received > 0 ? Math.max(lastSend, ...sock.replies.map((x) => x.t)) : lastSend) - start;
  ctx.stdout.write(formatStats({ target: p.host!, transmitted, received, errors: shownErrors + localErrors, elapsedMs: elapsed, rtts, pipe }));
  return received > 0 ? 0 : 1;
}
