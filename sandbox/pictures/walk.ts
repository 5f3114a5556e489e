/**
 * The packet-walk picture of a trace (PICTURES.md "Packet walk"): the hops the datapath
 * recorded, grouped into steps, each a device or a decision (send, route, netfilter verdict,
 * NAT, ARP wait, bridge forward, encapsulation, delivery, drop), with its place
 * (machine › netns › device), the packet before and after, a verdict, the kernel functions
 * behind it (pwru's lines) and evidence in the real tools' words (evidence.ts). Pure: the
 * world is read for places and for the entries the evidence quotes, never changed.
 */
import type { World } from '../fabric/world.ts';
import type { Hop } from '../net/datapath/types.ts';
import { assignPackets, NETFILTER_EVENTS } from './packets.ts';
import { placesOf, type Place } from './places.ts';
import { dropEvidence, encapEvidence, fdbEvidence, netfilterEvidence, routeEvidence } from './evidence.ts';
import type { StepKind, StepPicture, Verdict, WalkPicture, Where } from './types.ts';

/** A trace as the API hands it out (SandboxApi.traces). */
export interface TraceInput {
  command: string;
  hops: readonly Hop[];
}

/** Datapath events and the step each makes (events missing here fold into the step before). */
const EVENT_STEP: Record<string, { kind: StepKind; verdict: Verdict; what: (h: Hop) => string }> = {
  ip_local_out: { kind: 'send', verdict: 'forwarded', what: () => 'sent by a local socket' },
  ip_route_me_harder: { kind: 'route', verdict: 'forwarded', what: () => 'routed again after NAT changed the destination' },
  ip_output: { kind: 'route', verdict: 'forwarded', what: (h) => `routed out of ${h.dev ?? '?'}` },
  ip_forward: { kind: 'route', verdict: 'forwarded', what: (h) => `forwarded out of ${h.dev ?? '?'}` },
  neigh_resolve_output: { kind: 'arp', verdict: 'waiting', what: (h) => `waiting for ARP: ${h.detail ?? ''}` },
  veth_xmit: { kind: 'xmit', verdict: 'forwarded', what: (h) => `sent on ${h.dev ?? '?'} (veth) to its peer` },
  br_dev_xmit: { kind: 'xmit', verdict: 'forwarded', what: (h) => `sent into the bridge ${h.dev ?? '?'}` },
  dev_queue_xmit: { kind: 'xmit', verdict: 'forwarded', what: (h) => `sent on ${h.dev ?? '?'}` },
  netif_receive_skb: { kind: 'receive', verdict: 'forwarded', what: (h) => `received on ${h.dev ?? '?'}` },
  br_forward: { kind: 'bridge', verdict: 'forwarded', what: (h) => `bridged by ${h.dev ?? '?'}: ${h.detail ?? ''}` },
  br_flood: { kind: 'bridge', verdict: 'forwarded', what: (h) => `flooded by ${h.dev ?? '?'}: ${h.detail ?? ''}` },
  br_pass_frame_up: { kind: 'bridge', verdict: 'forwarded', what: (h) => `passed up from the bridge ${h.dev ?? '?'} to the host stack` },
  ip_rcv: { kind: 'receive', verdict: 'forwarded', what: (h) => `IP input on ${h.dev ?? '?'}` },
  vxlan_xmit_one: { kind: 'encap', verdict: 'encapsulated', what: (h) => `encapsulated by ${h.dev ?? '?'}: ${h.detail ?? ''}` },
  vxlan_rcv: { kind: 'decap', verdict: 'encapsulated', what: (h) => `decapsulated by ${h.dev ?? '?'}: ${h.detail ?? ''}` },
  ip_local_deliver: { kind: 'deliver', verdict: 'delivered', what: () => 'delivered to this namespace' },
  arp_process: { kind: 'deliver', verdict: 'delivered', what: (h) => `ARP request answered (${h.detail ?? 'local address'})` },
  kfree_skb: { kind: 'drop', verdict: 'dropped', what: (h) => `dropped: ${h.detail ?? ''}` },
  icmp_send: { kind: 'reject', verdict: 'rejected', what: (h) => `ICMP error sent back ${h.detail ?? ''}` },
  tcp_v4_send_reset: { kind: 'reject', verdict: 'rejected', what: (h) => `reset sent back: ${h.detail ?? ''}` },
  sctp_sf_tabort_8_4_8: { kind: 'reject', verdict: 'rejected', what: (h) => `SCTP ABORT sent back: ${h.detail ?? ''}` },
};

/** Events that fold into the step before them when it is the same packet in the same namespace. */
const FOLD_INTO_PREVIOUS = new Set(['ip_rcv', 'icmp_echo', 'ping_rcv', 'tcp_conn_request', 'tcp_reset', 'sctp_sf_do_5_1B_init', 'sctp_sf_do_5_1D_ce', 'sctp_sf_abort', 'app', 'icmp_unreach', 'vxlan_xmit', 'udp_rcv']);

/** The pwru line of a hop: `FUNC  packet  detail`. */
const pwruLine = (h: Hop): string => `${h.event}  ${h.packet}${h.detail ? `  ${h.detail}` : ''}`;

/** The walk picture of `trace` in `world`. */
export function walk(trace: TraceInput, world: World): WalkPicture {
  const places = placesOf(world);
  const { ids, packets } = assignPackets(trace.hops);
  const steps: StepPicture[] = [];
  const lastOf = new Map<string, StepPicture>();
  const hops = trace.hops;
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    const packet = ids[i]!;
    const place = places.byName.get(h.netns);
    const prev = steps.at(-1);
    const samePlace = prev !== undefined && prev.packet === packet && prev.where.netns === h.netns;
    if (NETFILTER_EVENTS.has(h.event)) {
      netfilterHop(steps, prev, samePlace, h, packet, place, world);
      continue;
    }
    const spec = EVENT_STEP[h.event];
    // ip_output right after the forwarding decision of the same packet repeats its route.
    const repeatsRoute = h.event === 'ip_output' && lastOf.get(`${packet}|${h.netns}`)?.kind === 'route' && lastOf.get(`${packet}|${h.netns}`)?.evidence[0]?.text === h.detail;
    if (prev && samePlace && (!spec || FOLD_INTO_PREVIOUS.has(h.event))) {
      prev.functions.push(pwruLine(h));
      if (h.event === 'icmp_unreach' || h.event === 'ping_rcv' || h.event === 'icmp_echo') prev.what += `; ${h.event === 'icmp_echo' ? 'echo answered' : h.event === 'ping_rcv' ? 'ping got its reply' : `ICMP error ${h.detail ?? ''}`}`;
      continue;
    }
    if (repeatsRoute) {
      lastOf.get(`${packet}|${h.netns}`)!.functions.push(pwruLine(h));
      continue;
    }
    const s = newStep(steps.length, packet, spec?.kind ?? 'deliver', where(h, place), spec ? spec.what(h) : `${h.event}${h.detail ? `: ${h.detail}` : ''}`, h, spec?.verdict ?? 'delivered');
    if (s.kind === 'route' && h.detail) s.evidence.push(...routeEvidence(world, place, h));
    if (s.kind === 'bridge' && h.event === 'br_forward') s.evidence.push(...fdbEvidence(world, place, h));
    if (s.kind === 'encap') {
      const outer = hops.slice(i + 1).find((o) => o.netns === h.netns && o.event === 'ip_local_out');
      s.before = h.packet;
      if (outer) s.packetText = outer.packet;
      s.evidence.push(...encapEvidence(world, place, h, outer));
    }
    if (s.kind === 'decap') s.before = hops.slice(0, i).reverse().find((o) => o.netns === h.netns && o.event === 'ip_local_deliver')?.packet ?? h.packet;
    if (s.kind === 'drop') {
      s.evidence.push(...dropEvidence(h, steps));
      // A REJECT rule frees the packet too, after sending its ICMP error or RST back.
      const nf = [...steps].reverse().find((o) => o.packet === packet && o.where.netns === h.netns && o.kind === 'netfilter');
      if (nf?.verdict === 'rejected' && /NETFILTER_DROP/.test(h.detail ?? '')) {
        s.verdict = 'rejected';
        s.what = `rejected: ${h.detail ?? ''}`;
      }
    }
    steps.push(s);
    lastOf.set(`${packet}|${h.netns}`, s);
  }
  squeeze(steps);
  const first = packets[0]?.id;
  const died = (s: StepPicture): boolean => s.kind === 'drop';
  const dying = steps.find((s) => died(s) && s.packet === first) ?? steps.find(died);
  const machines: string[] = [];
  for (const s of steps) if (!machines.includes(s.where.machine)) machines.push(s.where.machine);
  const out: WalkPicture = { command: trace.command, packets, steps, machines };
  if (dying) out.dying = dying.index;
  return out;
}

/**
 * A netfilter step that decided nothing (every chain returned, the policy accepted, no
 * conntrack entry to show) is not worth a stop: its functions join the step before.
 */
function squeeze(steps: StepPicture[]): void {
  let w = 0;
  for (const s of steps) {
    const prev = w > 0 ? steps[w - 1] : undefined;
    if (s.kind === 'netfilter' && s.verdict === 'forwarded' && s.evidence.length === 0 && prev) {
      prev.functions.push(...s.functions);
      continue;
    }
    s.index = w;
    steps[w++] = s;
  }
  steps.length = w;
}

function newStep(index: number, packet: number, kind: StepKind, w: Where, what: string, h: Hop, verdict: Verdict): StepPicture {
  return { index, packet, kind, where: w, what, packetText: h.packet, verdict, evidence: [], functions: [pwruLine(h)], t: h.t };
}

function where(h: Hop, place: Place | undefined): Where {
  const w: Where = { machine: place?.machine ?? h.netns, netns: h.netns };
  if (place && !place.root && place.pod !== undefined) w.pod = place.pod;
  if (h.dev !== undefined) w.dev = h.dev;
  return w;
}

/** Netfilter hops join one step per hook (a new builtin chain starts the next), NAT is its own step. */
function netfilterHop(steps: StepPicture[], prev: StepPicture | undefined, samePlace: boolean, h: Hop, packet: number, place: Place | undefined, world: World): void {
  if (h.event === 'nf_nat_manip_pkt') {
    const kind = /^([^:]+):/.exec(h.detail ?? '')?.[1] ?? 'NAT';
    const s = newStep(steps.length, packet, 'nat', where(h, place), `${kind}: ${(h.detail ?? '').replace(/^.*?was /, '')} → ${h.packet}`, h, 'rewritten');
    s.before = (h.detail ?? '').replace(/^.*?was /, '');
    s.evidence.push({ kind: 'nat', text: `${kind}: ${s.before} → ${h.packet}` });
    s.evidence.push(...netfilterEvidence(world, place, [], h, true));
    steps.push(s);
    return;
  }
  const hook = hookOf(h);
  const open = prev && samePlace && prev.kind === 'netfilter' && (hook === undefined || prev.what.includes(hook) || prev.what === 'netfilter') ? prev : undefined;
  const s = open ?? newStep(steps.length, packet, 'netfilter', where(h, place), hook ? `netfilter ${hook}` : 'netfilter', h, 'forwarded');
  if (open) s.functions.push(pwruLine(h));
  else steps.push(s);
  if (s.what === 'netfilter' && hook) s.what = `netfilter ${hook}`;
  s.evidence = netfilterEvidence(world, place, s.evidence, h, false);
  const verdict = /policy (DROP)|-j (DROP|REJECT)/.exec(h.detail ?? '');
  if (verdict) s.verdict = verdict[2] === 'REJECT' ? 'rejected' : 'dropped';
}

/** The builtin chain a netfilter hop is in (`nat/PREROUTING rule 1 ...`), if it names one. */
function hookOf(h: Hop): string | undefined {
  return /^\w+\/(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)\b/.exec(h.detail ?? '')?.[1];
}

