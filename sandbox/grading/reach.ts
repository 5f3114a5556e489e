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
  /** Why not, from the packet walk: where it was dropped or who refused it. */
  why?: string;
}

/** Opens a TCP connection (or pings) from `ns` to ip:port and reports whether it worked. */
export function probe(world: World, ns: Netns, ip: Ipv4, port: number, proto: 'tcp' | 'udp' | 'icmp'): ProbeOutcome {
  const trace = startTrace(world, `check ${proto} ${formatIpv4(ip)}:${port}`);
  const deadline = world.clock.ms + PROBE_MS;
  if (proto === 'icmp') {
    const s = pingOpen(world, ns, trace);
    const sent = pingSend(world, s, ip, 1);
    if (!sent.ok) return { connected: false, why: `the source has no route to ${formatIpv4(ip)}` };
    runUntil(world, () => s.replies.length > 0 || s.errors.length > 0, deadline);
    return s.replies.length > 0 ? { connected: true } : { connected: false, why: diagnose(world, trace) };
  }
  if (proto === 'udp') return { connected: false, why: 'UDP reachability is checked with a DNS query (dns checks), not a probe' };
  const c = tcpConnect(world, ns, ip, port, trace);
  if (!c.ok) return { connected: false, why: `connect() failed on the source: ${c.errno === 'ENETUNREACH' ? 'Network is unreachable' : c.errno}` };
  const s = c.value;
  runUntil(world, () => s.state !== 'SYN-SENT', deadline);
  if (s.state === 'ESTAB' || s.state === 'CLOSE-WAIT') return { connected: true };
  return { connected: false, why: s.error === 'ECONNREFUSED' ? refused(world, trace) : diagnose(world, trace) };
}

/** The first drop in the walk, in the words of the hop that dropped it. */
export function diagnose(world: World, trace: number): string {
  const hops = traceHops(world, trace) ?? [];
  const drop = hops.find((h) => h.event === 'kfree_skb');
  if (drop) return `the packet (${drop.packet}) was dropped in ${drop.netns}${drop.dev ? ` at ${drop.dev}` : ''}: ${drop.detail ?? 'no reason recorded'}`;
  const last = hops[hops.length - 1];
  return last
    ? `no answer came back; the last place the packet was seen is ${last.netns}${last.dev ? ` at ${last.dev}` : ''} (${last.event}${last.detail ? `: ${last.detail}` : ''})`
    : 'no packet left the source';
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
function refused(world: World, trace: number): string {
  const hops = traceHops(world, trace) ?? [];
  const at = hops.findIndex((h) => h.event === 'tcp_v4_send_reset' || h.event === 'icmp_send');
  const reset = hops[at];
  if (!reset) return 'the connection was refused';
  const where = placeLabel(world, reset.netns);
  const rule = hops.slice(0, at).reverse().find((h) => h.netns === reset.netns && h.event === 'ipt_do_table' && / -j REJECT\b/.test(h.detail ?? ''));
  if (rule) {
    const m = /^(\S+) rule (\d+) (.*)$/.exec(rule.detail ?? '');
    const which = m ? `rule ${m[2]} of ${m[1]} (${m[3]})` : rule.detail;
    return `the connection was refused by ${where}: the iptables ${which} rejected ${rule.packet}`;
  }
  if (reset.event === 'tcp_v4_send_reset') return `the connection was refused by ${where}: it answered ${reset.packet} with a TCP reset (${reset.detail ?? 'no socket'})`;
  return `the connection was refused by ${where}: ${reset.detail ?? reset.event}`;
}
