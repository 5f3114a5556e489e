/**
 * Evidence for a walk's steps, in the real tools' words, each with the command that shows it
 * on its machine: the route as `ip route get` printed it when the packet passed (the hop's
 * detail), the neighbour entry for the next hop (`ip neigh show`), the bridge or VXLAN FDB
 * entry (`bridge fdb show`), the rules that decided (`iptables -S` lines, recorded on the hop
 * as they were), the conntrack entry (`conntrack -L`), the outer headers of an encapsulation
 * and the kernel's drop reason with plain words. Entries are looked up in the world as it is
 * now (after the command); nothing is invented: what is not there is not shown.
 */
import type { World } from '../fabric/world.ts';
import type { Hop } from '../net/datapath/types.ts';
import type { Netns } from '../net/types.ts';
import type { ConntrackEntry, Tuple } from '../net/conntrack/types.ts';
import { neighState } from '../net/neigh.ts';
import { formatIpv4, parseIpv4 } from '../wire/index.ts';
import { formatEntry } from '../shell/commands/conntrack/format.ts';
import { inNetns, type Place } from './places.ts';
import type { Evidence, StepPicture } from './types.ts';

const linkNamed = (ns: Netns, name: string | undefined) => [...ns.links.values()].find((l) => l.name === name);

function ev(kind: Evidence['kind'], text: string, place: Place | undefined, command?: string): Evidence {
  const e: Evidence = { kind, text };
  if (command !== undefined) {
    e.command = inNetns(place, command);
    if (place) e.on = place.machine;
  }
  return e;
}

/** The route (`10.244.1.3 via 10.244.1.0 dev flannel.1 src 10.244.0.0`) and the next hop's neighbour entry. */
export function routeEvidence(world: World, place: Place | undefined, h: Hop): Evidence[] {
  const text = h.detail ?? '';
  const dst = text.split(' ')[0] ?? '';
  const out = [ev('route', text, place, `ip route get ${dst}`)];
  if (!place) return out;
  const nexthop = /\bvia (\S+)/.exec(text)?.[1] ?? dst;
  const dev = linkNamed(place.ns, /\bdev (\S+)/.exec(text)?.[1]);
  const ip = parseIpv4(nexthop);
  if (!dev || ip === undefined || dev.kind === 'loopback') return out;
  const n = place.ns.neigh.find((e) => e.ip === ip && e.ifindex === dev.ifindex);
  if (n) {
    const state = neighState(n, world.clock.ms);
    const ll = n.lladdr !== undefined && state !== 'INCOMPLETE' && state !== 'FAILED' ? `lladdr ${n.lladdr} ` : '';
    out.push(ev('neighbour', `${formatIpv4(n.ip)} dev ${dev.name} ${ll}${state}`, place, `ip neigh show ${formatIpv4(n.ip)}`));
  }
  return out;
}

/** The bridge FDB entry a `br_forward` used (`fdb 0a:58:… -> port veth…`). */
export function fdbEvidence(world: World, place: Place | undefined, h: Hop): Evidence[] {
  const m = /^fdb (\S+) -> port (\S+)/.exec(h.detail ?? '');
  if (!place || !m) return [];
  const br = linkNamed(place.ns, h.dev);
  if (!br || br.kind !== 'bridge') return [];
  const e = br.fdb.find((f) => f.mac === m[1]);
  if (!e) return [];
  const state = e.state === 'dynamic' ? '' : ` ${e.state}`;
  return [ev('fdb', `${e.mac} dev ${m[2]} master ${br.name}${state}`, place, `bridge fdb show br ${br.name}`)];
}

/** The VXLAN FDB entry that chose the remote VTEP, and the outer headers. */
export function encapEvidence(world: World, place: Place | undefined, h: Hop, outer: Hop | undefined): Evidence[] {
  const out: Evidence[] = [];
  const to = /to (\d+\.\d+\.\d+\.\d+)/.exec(h.detail ?? '')?.[1];
  const vx = place ? linkNamed(place.ns, h.dev) : undefined;
  if (vx && vx.kind === 'vxlan' && to !== undefined) {
    const e = vx.fdb.find((f) => f.dst !== undefined && formatIpv4(f.dst) === to);
    if (e) out.push(ev('fdb', `${e.mac} dev ${vx.name} dst ${to} self${e.state === 'dynamic' ? '' : ` ${e.state}`}`, place, `bridge fdb show dev ${vx.name}`));
  }
  if (outer) out.push({ kind: 'encap', text: `outer: ${outer.packet}`, words: `the inner packet ${h.packet} rides inside a UDP datagram to the other node` });
  return out;
}

/**
 * Rules that decided, updated with one more netfilter hop: a matched rule is added, a chain
 * that returned takes its rules and the jump into it away again (they did not decide), a
 * policy DROP is shown as `-P CHAIN DROP`. `conntrack` hops add the flow's entry.
 */
export function netfilterEvidence(world: World, place: Place | undefined, evidence: Evidence[], h: Hop, nat: boolean): Evidence[] {
  const out = [...evidence];
  const detail = h.detail ?? '';
  if (h.event === 'nf_conntrack_in' || nat) {
    const e = place ? conntrackEntry(place.ns, h.packet) : undefined;
    const text = e ? formatEntry(e, world.clock.ms, { extended: false, id: false }).trim() : detail;
    out.push(ev('conntrack', text, place, 'conntrack -L'));
    return out;
  }
  const ret = /^(\w+)\/(\S+) return$/.exec(detail);
  if (ret) {
    const chain = ret[2]!;
    return out.filter((e) => !(e.kind === 'rule' && (e.text.startsWith(`-A ${chain} `) || e.text.endsWith(`-j ${chain}`) || e.text.includes(`-j ${chain} `))));
  }
  const policy = /^(\w+)\/(\S+) policy (DROP)$/.exec(detail);
  if (policy) out.push(ev('rule', `-P ${policy[2]} DROP`, place, `iptables -t ${policy[1]} -S ${policy[2]}`));
  const table = /^(\w+)\/(\S+) rule/.exec(detail);
  if (h.rule !== undefined && table && !/ -j RETURN$/.test(h.rule)) out.push(ev('rule', h.rule, place, `iptables -t ${table[1]} -S ${table[2]}`));
  return out;
}

/** Plain words for the kernel's drop reasons (include/net/dropreason-core.h) and the datapath's own. */
const DROP_WORDS: [RegExp, string][] = [
  [/NETFILTER_DROP/, 'a netfilter rule (or chain policy) dropped it'],
  [/NEIGH_FAILED/, 'nobody answered ARP for the next hop'],
  [/OTHERHOST/, 'the frame was addressed to another machine'],
  [/IP_INADDRERRORS/, 'not addressed here, and this machine does not forward'],
  [/IP_NOROUTE|no route to/, 'no route to the destination'],
  [/IP_INHDR/, 'its TTL ran out'],
  [/PKT_TOO_BIG/, 'too big for the next device and not allowed to fragment'],
  [/NO_SOCKET/, 'nothing listens on that port'],
  [/NO_TX_TARGET/, 'the VXLAN device knows no remote VTEP for that MAC'],
  [/DEV_READY/, 'the device is down'],
  [/hairpin|behind the ingress port/, 'the bridge does not send a frame back out of the port it came in on'],
];

/** The drop reason, in the kernel's words and plain ones, and the rule that dropped it. */
export function dropEvidence(h: Hop, steps: readonly StepPicture[]): Evidence[] {
  const text = h.detail ?? 'dropped';
  const e: Evidence = { kind: 'drop', text };
  const words = DROP_WORDS.find(([re]) => re.test(text))?.[1];
  if (words) e.words = words;
  const out = [e];
  if (/NETFILTER_DROP/.test(text)) {
    for (let i = steps.length - 1; i >= 0; i--) {
      const s = steps[i]!;
      if (s.kind !== 'netfilter' || s.where.netns !== h.netns) continue;
      const rule = s.evidence.filter((x) => x.kind === 'rule').at(-1);
      if (rule) out.push(rule);
      break;
    }
  }
  return out;
}

/** The conntrack entry of a packet summary (either direction), looked up without changing the table. */
function conntrackEntry(ns: Netns, summary: string): ConntrackEntry | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))? > (\d+\.\d+\.\d+\.\d+)(?::(\d+))? (tcp|udp|sctp|icmp)/.exec(summary);
  if (!m) return undefined;
  const src = parseIpv4(m[1]!);
  const dst = parseIpv4(m[3]!);
  const proto = m[5] as Tuple['proto'];
  const sport = m[2] === undefined ? undefined : Number(m[2]);
  const dport = m[4] === undefined ? undefined : Number(m[4]);
  // Either way round: after NAT a packet matches neither tuple as it is, but one reversed.
  const fits = (t: Tuple): boolean =>
    t.proto === proto &&
    ((t.src === src && t.dst === dst && (proto === 'icmp' || (t.sport === sport && t.dport === dport))) ||
      (t.src === dst && t.dst === src && (proto === 'icmp' || (t.sport === dport && t.dport === sport))));
  let best: ConntrackEntry | undefined;
  for (const e of ns.conntrack.entries.values()) if (fits(e.original) || fits(e.reply)) best = e;
  return best;
}
