/**
 * traceroute -T (the tcp module of traceroute 2.1): TCP SYNs to the destination port (-p,
 * default 80) from a raw socket, each probe from its own source port, with TTL 1, 2, ...
 * A router answers "time exceeded" quoting the SYN; the destination answers the SYN itself,
 * with SYN-ACK (open port) or RST (closed): either ends the trace at that hop, without a
 * `!` mark. The answers are read from the device as the raw socket reads them (a
 * non-promiscuous tap); the sending kernel owns no socket for the port, so it resets the
 * SYN-ACK as Linux does (tcp_v4_send_reset), which tcpdump and the server's side see.
 */
import type { Ipv4 } from '../../../wire/index.ts';
import type { Netns } from '../../../net/types.ts';
import type { Tap } from '../../../net/datapath/types.ts';
import type { World } from '../../../fabric/world.ts';
import { randomInt } from '../../../core/index.ts';
import { ipLocalOut } from '../../../net/datapath/output.ts';
import { ephemeralPort } from '../../../net/socket.ts';

/** One SYN on its way: where it came from and what answered it. */
export interface TcpProbe {
  sport: number;
  seq: number;
  sent: number;
  answer?: { from: Ipv4; t: number; icmp?: { type: number; code: number } };
}

/** Sends one SYN with `ttl` from `src` to dst:dport; the errno of ip_local_out on failure. */
export function sendSyn(world: World, ns: Netns, src: Ipv4, dst: Ipv4, dport: number, ttl: number, mss: number, trace: number): TcpProbe | string {
  const sport = ephemeralPort(world, ns, 'tcp');
  const seq = randomInt(world.rng, 0, 0xffffffff) >>> 0;
  const r = ipLocalOut(world, ns, {
    kind: 'ipv4', src, dst, ttl, id: randomInt(world.rng, 0, 65535), df: true,
    payload: { proto: 'tcp', sport, dport, seq, ack: 0, flags: { syn: true }, window: 5840, data: '', options: { mss, sackOk: true, ts: { val: Math.floor(world.clock.ms), ecr: 0 }, wscale: 2 } },
  }, trace);
  if (!r.ok) return r.errno;
  return { sport, seq, sent: world.clock.ms };
}

/** Reads the tap from `from` on and fills in the probes' answers; returns the new read position. */
export function readAnswers(tap: Tap, from: number, probes: TcpProbe[], dst: Ipv4, dport: number): number {
  let i = from;
  for (; i < tap.records.length; i++) {
    const r = tap.records[i]!;
    const p = r.frame.payload;
    if (r.dir !== 'in' || p.kind !== 'ipv4') continue;
    const l4 = p.payload;
    if (l4.proto === 'icmp' && (l4.type === 11 || l4.type === 3) && l4.quoted?.payload.proto === 'tcp') {
      const q = l4.quoted.payload;
      const probe = probes.find((x) => x.sport === q.sport && q.dport === dport && l4.quoted!.dst === dst && !x.answer);
      if (probe) probe.answer = { from: p.src, t: r.t, icmp: { type: l4.type, code: l4.code } };
    } else if (l4.proto === 'tcp' && p.src === dst && l4.sport === dport && (l4.flags.rst || (l4.flags.syn && l4.flags.ack))) {
      const probe = probes.find((x) => x.sport === l4.dport && !x.answer && l4.ack === ((x.seq + 1) >>> 0));
      if (probe) probe.answer = { from: p.src, t: r.t };
    }
  }
  return i;
}
