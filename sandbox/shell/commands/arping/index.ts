/**
 * arping (iputils 20221126): ARP requests sent from a packet socket on one device (-I, or
 * the device the route to the target uses), one per interval (-i, 1 s); the first is
 * broadcast, later ones go to the MAC that answered (unless -b). Replies are read from the
 * same socket, so arping sees them whatever the kernel does with them; the kernel on the
 * asking side keeps no neighbour entry for an unsolicited reply (arp_accept 0), while the
 * target's kernel learns the asker as STALE (net/ipv4/arp.c). -c stops after N requests
 * (with -w: after N replies), -w after SECS, -f at the first reply, -D (duplicate address
 * detection, from 0.0.0.0) at the first reply with exit 1; otherwise exit 0 when anything
 * answered. -U (requests) and -A (replies) announce the target address as the sender's own,
 * broadcast, expecting no answer, exit 0. Without -c or -w it runs until Ctrl-C. Texts checked against
 * tests/fixtures/node-tools/captures/arping*.txt (iputils 20221126 in the lab).
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { BROADCAST_MAC, ZERO_MAC, formatIpv4, parseIpv4, type ArpPacket, type Ipv4, type Mac } from '../../../wire/index.ts';
import { chooseRoute } from '../../../net/datapath/output.ts';
import { devXmit } from '../../../net/datapath/xmit.ts';
import { startTrace } from '../../../net/datapath/state.ts';
import { linkByName } from '../../../net/link.ts';
import { closeTap, openTap } from '../../../fabric/traffic.ts';
import { waitFor } from '../../../fabric/time.ts';
import { resolveHost } from '../curl/resolve.ts';
import { STRERROR } from '../curl/http-client.ts';

const USAGE = `
Usage:
  arping [options] <destination>

Options:
  -f            quit on first reply
  -q            be quiet
  -b            keep on broadcasting, do not unicast
  -D            duplicate address detection mode
  -U            unsolicited ARP mode, update your neighbours
  -A            ARP answer mode, update your neighbours
  -V            print version and exit
  -c <count>    how many packets to send
  -w <timeout>  how long to wait for a reply
  -i <interval> set interval between packets (default: 1 second)
  -I <device>   which ethernet device to use
  -s <source>   source ip address
  <destination> dns name or ip address

For more details see arping(8).
`;
const VERSION = 'arping from iputils 20221126\nlibcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, __fpending(): yes\n';

interface ArpingArgs {
  f: boolean;
  q: boolean;
  b: boolean;
  D: boolean;
  V: boolean;
  /** -U: unsolicited (gratuitous) requests announcing the target address as ours; -A: the same as replies. */
  U: boolean;
  A: boolean;
  count?: number;
  deadline?: number;
  interval: number;
  dev?: string;
  src?: string;
  target?: string;
}

/** getopt("h?bfDUAqc:w:i:s:I:V"); an error is [stderr text, exit status]. */
function parse(argv: string[]): ArpingArgs | [string, number] {
  const a: ArpingArgs = { f: false, q: false, b: false, D: false, V: false, U: false, A: false, interval: 1 };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    if (!w.startsWith('-') || w === '-') {
      a.target ??= w;
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j]!;
      if (c === 'f' || c === 'q' || c === 'b' || c === 'D' || c === 'V' || c === 'U' || c === 'A') {
        a[c] = true;
        continue;
      }
      if (!'cwisI'.includes(c)) return [`arping: invalid option -- '${c}'\n${USAGE}`, 2];
      const v = w.slice(j + 1) || argv[++i];
      if (v === undefined) return [`arping: option requires an argument -- '${c}'\n${USAGE}`, 2];
      if (c === 'I') a.dev = v;
      else if (c === 's') a.src = v;
      else {
        // strtol/strtod with the whole word consumed, as iputils' helpers require.
        const n = Number(v);
        if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)$/.test(v) || n < 0 || (c !== 'i' && !Number.isInteger(n))) return [`arping: invalid argument: '${v}'\n`, 1];
        if (c === 'c') a.count = n;
        else if (c === 'w') a.deadline = n;
        else a.interval = n;
      }
      break;
    }
  }
  return a;
}

export const arping: CommandSpec = {
  name: 'arping',
  async run(ctx) {
    const a = parse(ctx.argv.slice(1));
    if (Array.isArray(a)) {
      ctx.stderr.write(a[0]);
      return a[1];
    }
    if (a.V) {
      ctx.stdout.write(VERSION);
      return 0;
    }
    if (a.target === undefined) {
      ctx.stderr.write(USAGE);
      return 2;
    }
    const res = await resolveHost(ctx, a.target, ctx.world.clock.ms + 20_000);
    if (!res.ok) {
      ctx.stderr.write(`arping: ${a.target}: ${res.why === 'nxdomain' ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`);
      return 2;
    }
    return probe(ctx, a, res.addr);
  },
};

async function probe(ctx: CommandContext, a: ArpingArgs, target: Ipv4): Promise<number> {
  const world = ctx.world;
  const ns = ctx.netns;
  const named = a.dev !== undefined ? linkByName(ns, a.dev) : undefined;
  if (a.dev !== undefined && !named) {
    ctx.stderr.write(`arping: Device ${a.dev} not available.\n`);
    return 2;
  }
  // Without -s the source is what a UDP connect(2) towards the target picks (find_src).
  const rt = chooseRoute(ns, target, named?.ifindex);
  if (!a.D && a.src === undefined && !rt.ok) {
    ctx.stderr.write(`arping: connect: ${STRERROR[rt.errno] ?? rt.errno}\n`);
    return 2;
  }
  const dev = named ?? (rt.ok ? rt.value.dev : undefined);
  if (!dev) {
    ctx.stderr.write(`arping: connect: ${STRERROR[rt.ok ? 'ENETUNREACH' : rt.errno] ?? 'Network is unreachable'}\n`);
    return 2;
  }
  if (!dev.up) {
    ctx.stderr.write(`arping: Interface "${dev.name}" is down\n`);
    return 2;
  }
  if (dev.kind === 'loopback' || dev.kind === 'dummy' || dev.kind === 'ipip') {
    ctx.stderr.write(`arping: Interface "${dev.name}" is not ARPable\n`);
    return 2;
  }
  // -U/-A announce the target address itself (gratuitous ARP: sender and target address equal).
  const unsolicited = a.U || a.A;
  let src: Ipv4 = unsolicited ? target : 0;
  if (!a.D && !unsolicited) {
    const given = a.src !== undefined ? parseIpv4(a.src) : undefined;
    if (a.src !== undefined && given === undefined) {
      ctx.stderr.write(`arping: invalid source ${a.src}\n`);
      return 2;
    }
    src = given ?? (rt.ok ? rt.value.src : 0);
  }
  const out = (t: string) => { if (!a.q) ctx.stdout.write(t); };
  out(`ARPING ${formatIpv4(target)} from ${formatIpv4(src)} ${dev.name}\n`);
  const trace = startTrace(world, ctx.argv.join(' '));
  const tap = openTap(world, ns, dev.ifindex, false);
  let sent = 0;
  let broadcasts = 0;
  let received = 0;
  let broadcastReplies = 0;
  let read = 0;
  let peer: Mac | undefined;
  let lastSent = world.clock.ms;
  const start = world.clock.ms;
  const deadline = a.deadline !== undefined ? start + a.deadline * 1000 : Infinity;
  const send = () => {
    const dst = peer !== undefined && !a.b ? peer : BROADCAST_MAC;
    if (dst === BROADCAST_MAC) broadcasts++;
    const req: ArpPacket = a.A
      ? { kind: 'arp', op: 'reply', senderMac: dev.mac, senderIp: src, targetMac: dev.mac, targetIp: target }
      : { kind: 'arp', op: 'request', senderMac: dev.mac, senderIp: src, targetMac: dst, targetIp: target };
    devXmit(world, ns, dev, { src: dev.mac, dst, payload: req }, trace);
    sent++;
    lastSent = world.clock.ms;
  };
  // recv_pack: a reply (or a request, in -D mode) from the target, to us.
  const take = (): boolean => {
    let stop = false;
    for (; read < tap.records.length; read++) {
      const r = tap.records[read]!;
      const p = r.frame.payload;
      if (r.dir !== 'in' || p.kind !== 'arp' || p.senderIp !== target || p.senderMac === ZERO_MAC) continue;
      if (p.op !== 'reply' || (!a.D && (p.targetIp !== src || p.targetMac !== dev.mac))) continue;
      const us = Math.max(0, (r.t - lastSent) * 1000);
      out(`${r.frame.dst === BROADCAST_MAC ? 'Broadcast' : 'Unicast'} reply from ${formatIpv4(target)} [${p.senderMac.toUpperCase()}]  ${(us / 1000).toFixed(3)}ms\n`);
      received++;
      if (r.frame.dst === BROADCAST_MAC) broadcastReplies++;
      peer = p.senderMac;
      if (a.f || a.D || (a.count !== undefined && a.deadline !== undefined && received >= a.count)) stop = true;
    }
    return stop;
  };
  let how: 'done' | 'interrupted' = 'done';
  for (;;) {
    if (world.clock.ms >= deadline) break;
    // -c limits the requests; with -w arping then waits for the deadline (or -c replies, in take()).
    const more = a.count === undefined || sent < a.count;
    if (!more && a.deadline === undefined) break;
    if (more) send();
    // An interval of 0 would send without time passing; the kernel's timer granularity is 1 ms.
    const next = more ? Math.min(deadline, world.clock.ms + Math.max(a.interval * 1000, 1)) : deadline;
    const r = await waitFor(world, ctx, take, next);
    if (r === 'interrupted') {
      how = 'interrupted';
      break;
    }
    if (r === 'done') break;
  }
  closeTap(world, tap);
  out(`Sent ${sent} probes (${broadcasts} broadcast(s))\nReceived ${received} response(s)${broadcastReplies > 0 ? ` (${broadcastReplies} broadcast(s))` : ''}\n`);
  if (a.D) return received > 0 ? 1 : 0;
  if (unsolicited) return 0;
  if (how === 'done' && a.count !== undefined && a.deadline !== undefined) return received >= a.count ? 0 : 1;
  return received > 0 ? 0 : 1;
}
