/**
 * The reachability probe: a real connection attempt through the datapath of a copy of the
 * world, so it meets every route, neighbour, bridge, tunnel and netfilter rule a learner's
 * own curl would. When it fails, the packet walk says where the packet died.
 */
import type { World } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';
import { formatIpv4, type Ipv4 } from '../wire/index.ts';
import { tcpConnect } from '../net/socket-tcp.ts';
import { pingOpen, pingSend } from '../net/socket-udp.ts';
import { runUntil } from '../fabric/time.ts';
import { startTrace, traceHops } from '../net/datapath/state.ts';

/** How long a probe waits in virtual time: longer than SYN retries would take to matter. */
const PROBE_MS = 5_000;

/** The outcome of one probe: connected or not, and the story of the packet when not. */
export interface ProbeOutcome {
  connected: boolean;
  /** Why not, from the packet walk: where it was dropped or who refused it, and by what. */
  why?: string;
  /** The first half of `why`: where the packet died (place and device), without the rule. */
  where?: string;
  /** The second half: the drop reason or the rule that did it. */
  rule?: string;
  /** The walk's trace id in the world the probe ran in (for drawing the walk). */
  trace?: number;
}

/** A story told in two halves: where, then what did it (the feedback reveals them in turn). */
export interface Story {
  where: string;
  rule?: string;
}

/** Both halves as one sentence. */
export const told = (s: Story): string => (s.rule ? `${s.where}: ${s.rule}` : s.where);

const outcome = (s: Story, trace: number): ProbeOutcome => ({ connected: false, why: told(s), where: s.where, ...(s.rule ? { rule: s.rule } : {}), trace });

/** Opens a TCP connection (or pings) from `ns` to ip:port and reports whether it worked. */
export function probe(world: World, ns: Netns, ip: Ipv4, port: number, proto: 'tcp' | 'udp' | 'icmp'): ProbeOutcome {
  const trace = startTrace(world, `check ${proto} ${formatIpv4(ip)}:${port}`);
  const deadline = world.clock.ms + PROBE_MS;
  if (proto === 'icmp') {
    const s = pingOpen(world, ns, trace);
    const sent = pingSend(world, s, ip, 1);
    if (!sent.ok) return outcome({ where: 'the packet never left the source', rule: `the source has no route to ${formatIpv4(ip)}` }, trace);
    runUntil(world, () => s.replies.length > 0 || s.errors.length > 0, deadline);
    return s.replies.length > 0 ? { connected: true, trace } : outcome(diagnoseParts(world, trace), trace);
  }
  if (proto === 'udp') return { connected: false, why: 'UDP reachability is checked with a DNS query (dns checks), not a probe' };
  const c = tcpConnect(world, ns, ip, port, trace);
  if (!c.ok) return outcome({ where: 'the connection never left the source', rule: `connect() failed: ${c.errno === 'ENETUNREACH' ? 'Network is unreachable' : c.errno}` }, trace);
  const s = c.value;
  runUntil(world, () => s.state !== 'SYN-SENT', deadline);
  if (s.state === 'ESTAB' || s.state === 'CLOSE-WAIT') return { connected: true, trace };
  return outcome(s.error === 'ECONNREFUSED' ? refused(world, trace) : diagnoseParts(world, trace), trace);
}

/** The first drop in the walk, in the words of the hop that dropped it. */
export function diagnose(world: World, trace: number): string {
  return told(diagnoseParts(world, trace));
}

/** diagnose in two halves: where the packet died, then the reason the hop gave. */
export function diagnoseParts(world: World, trace: number): Story {
  const hops = traceHops(world, trace) ?? [];
  const drop = hops.find((h) => h.event === 'kfree_skb');
  if (drop) return { where: `the packet (${drop.packet}) was dropped in ${placeLabel(world, drop.netns)}${drop.dev ? ` at ${drop.dev}` : ''}`, rule: drop.detail ?? 'no reason recorded' };
  const last = hops[hops.length - 1];
  return last
    ? { where: `no answer came back; the last place the packet was seen is ${placeLabel(world, last.netns)}${last.dev ? ` at ${last.dev}` : ''}`, rule: `${last.event}${last.detail ? `: ${last.detail}` : ''}` }
    : { where: 'no packet left the source' };
}

/**
 * A namespace in the learner's words: the machine whose namespace it is (`node-1`), or for a
 * pod's sandbox namespace (`cni-...`) `pod NAMESPACE/NAME`, as kubectl names it.
 */
export function placeLabel(world: World, netnsName: string): string {
  const ns = [...world.netns.values()].find((n) => n.name === netnsName);
  const m = ns ? [...world.machines.values()].find((x) => x.netns === ns.id) : undefined;
  if (!m) return netnsName;
  return m.kind === 'pod' ? `pod ${m.name.split('/')[0]}/${m.hostname}` : m.name;
}

/**
 * A refused connection: who sent the reset or the ICMP error, and, when a netfilter REJECT
 * made the ICMP error (ipt_REJECT sends it in place of the dropped packet), which rule.
 */
function refused(world: World, trace: number): Story {
  const hops = traceHops(world, trace) ?? [];
  const at = hops.findIndex((h) => h.event === 'tcp_v4_send_reset' || h.event === 'icmp_send');
  const reset = hops[at];
  if (!reset) return { where: 'the connection was refused' };
  const where = `the connection was refused by ${placeLabel(world, reset.netns)}`;
  const rule = hops.slice(0, at).reverse().find((h) => h.netns === reset.netns && h.event === 'ipt_do_table' && / -j REJECT\b/.test(h.detail ?? ''));
  if (rule) {
    const m = /^(\S+) rule (\d+) (.*)$/.exec(rule.detail ?? '');
    const which = m ? `rule ${m[2]} of ${m[1]} (${m[3]})` : rule.detail;
    return { where, rule: `the iptables ${which} rejected ${rule.packet}` };
  }
  if (reset.event === 'tcp_v4_send_reset') return { where, rule: `it answered ${reset.packet} with a TCP reset (${reset.detail ?? 'no socket'})` };
  return { where, rule: reset.detail ?? reset.event };
}
