/**
 * Access to the datapath state on the world, and the trace recorder every hop goes through.
 * A hop is recorded in the walk of the command that caused the packet (trace id carried by
 * the packet, the socket, or the event) and copied to every open hop tap (`pwru`).
 */
import type { DpWorld as World } from './types.ts';
import type { Ipv4Packet, EthernetFrame } from '../../wire/index.ts';
import { formatIpv4, sctpSummary } from '../../wire/index.ts';
import type { Netns } from '../types.ts';
import { TRACE_HOP_LIMIT, TRACE_KEEP, type DatapathState, type Hop, type TraceRecord } from './types.ts';

/** The world's datapath state, created on first use. */
export function datapathOf(world: World): DatapathState {
  if (!world.datapath) {
    world.datapath = {
      queue: [], seq: 0, sockets: new Map(), nextSocket: 1, tcpIndex: new Map(), arpWaits: [],
      taps: [], nextTap: 1, traces: [], nextTrace: 1,
    };
  }
  return world.datapath;
}

/** Opens the walk of a command (`curl -sS http://...`); returns its id for sockets and packets. */
export function startTrace(world: World, command: string): number {
  const dp = datapathOf(world);
  const rec: TraceRecord = { id: dp.nextTrace++, command, hops: [] };
  dp.traces.push(rec);
  if (dp.traces.length > TRACE_KEEP) dp.traces.splice(0, dp.traces.length - TRACE_KEEP);
  return rec.id;
}

/** The walk with id `id`, if still kept. */
export function traceById(world: World, id: number): TraceRecord | undefined {
  const dp = datapathOf(world);
  for (let i = dp.traces.length - 1; i >= 0; i--) if (dp.traces[i]!.id === id) return dp.traces[i];
  return undefined;
}

/** `10.244.1.2:41234 > 10.96.0.10:80 tcp SYN`: a packet as a hop shows it. */
export function summarize(p: Ipv4Packet): string {
  const m = p.payload;
  const s = formatIpv4(p.src);
  const d = formatIpv4(p.dst);
  if (m.proto === 'tcp') {
    const f = m.flags;
    const flags = [f.syn && 'SYN', f.fin && 'FIN', f.rst && 'RST', f.psh && 'PSH', f.ack && 'ACK'].filter(Boolean).join(',');
    return `${s}:${m.sport} > ${d}:${m.dport} tcp ${flags}${m.data.length ? ` len ${m.data.length}` : ''}`;
  }
  if (m.proto === 'udp') return `${s}:${m.sport} > ${d}:${m.dport} udp${m.payload.kind === 'vxlan' ? ` vxlan vni ${m.payload.vni}` : ''}`;
  if (m.proto === 'sctp') return `${s}:${m.sport} > ${d}:${m.dport} sctp ${sctpSummary(m)}`;
  if (m.proto === 'ipip') return `${s} > ${d} ipip (${summarize(m.inner)})`;
  const what = m.type === 8 ? `echo request seq ${m.echoSeq}` : m.type === 0 ? `echo reply seq ${m.echoSeq}`
    : m.type === 3 ? `unreachable code ${m.code}` : m.type === 11 ? 'time exceeded' : `type ${m.type}`;
  return `${s} > ${d} icmp ${what}`;
}

/** A frame as a hop shows it (ARP or its IP packet). */
export function summarizeFrame(f: EthernetFrame): string {
  const p = f.payload;
  if (p.kind === 'arp') {
    return p.op === 'request' ? `arp who-has ${formatIpv4(p.targetIp)} tell ${formatIpv4(p.senderIp)}`
      : `arp ${formatIpv4(p.senderIp)} is-at ${p.senderMac}`;
  }
  return summarize(p);
}

/**
 * Records one hop of a walk. `event` is the kernel function the step corresponds to
 * (`ip_local_out`, `nf_hook_slow`, `br_forward`, `vxlan_xmit`, `kfree_skb` ...), so `pwru`
 * can print it in its FUNC column; `detail` says what was decided there.
 */
export function hop(world: World, trace: number, ns: Netns, dev: string | undefined, event: string, packet: string, detail?: string): void {
  if (trace === 0) return;
  const h: Hop = { t: Math.round(world.clock.ms * 1000), netns: ns.name, event, packet };
  if (dev !== undefined) h.dev = dev;
  if (detail !== undefined) h.detail = detail;
  // A walk keeps its first TRACE_HOP_LIMIT hops: `ping -i 0.2` left running for an hour
  // would otherwise grow one without end (the start is what `pwru --last` shows).
  const rec = traceById(world, trace);
  if (rec && rec.hops.length < TRACE_HOP_LIMIT) rec.hops.push(h);
}

/** The trace list a hop array belongs to, for handing to netfilter as `skb.trace`. */
export function traceHops(world: World, trace: number): Hop[] | undefined {
  return trace === 0 ? undefined : traceById(world, trace)?.hops;
}
