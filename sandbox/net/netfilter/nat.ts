/**
 * NAT through conntrack (net/netfilter/nf_nat_core.c): the nat table is consulted once per
 * flow and manip type; DNAT/REDIRECT rewrite the reply tuple's source, SNAT/MASQUERADE its
 * destination, choosing a port that keeps the tuple unique (get_unique_tuple,
 * nf_nat_l4proto_unique_tuple). Every packet of the flow is then rewritten from the entry
 * (nf_nat_packet): originals towards the reply tuple, replies back to the original tuple,
 * and ICMP errors RELATED to the flow have their quoted header translated too.
 */
import { randomInt, type RandomState } from '../../core/index.ts';
import { inCidr, type Ipv4, type Ipv4Packet } from '../../wire/index.ts';
import type { ConntrackEntry, ConntrackState, Tuple } from '../conntrack/types.ts';
import { isDstNat, isSrcNat, replyTupleTaken } from '../conntrack/table.ts';
import type { Netns } from '../types.ts';
import type { Skb } from '../skb.ts';
import type { PortRange, Target } from './types.ts';

/**
 * The address MASQUERADE uses on `outdev` (nf_nat_masquerade_ipv4 -> inet_select_addr): a
 * global address of the device, preferring one whose subnet holds `toward`; else a global
 * address of any device; undefined when the namespace has none (the packet is dropped).
 */
export function masqueradeAddress(ns: Netns, outdev: number | undefined, toward: Ipv4): Ipv4 | undefined {
  const globals = ns.addrs.filter((a) => a.family === 'inet' && a.scope === 'global');
  const onDev = globals.filter((a) => a.ifindex === outdev);
  const pick = onDev.find((a) => a.family === 'inet' && inCidr(toward, { addr: a.addr, len: a.len })) ?? onDev[0] ?? globals[0];
  return pick?.family === 'inet' ? pick.addr : undefined;
}

/** The first address of the incoming device (REDIRECT at PREROUTING), or loopback. */
function redirectAddress(ns: Netns, indev: number | undefined): Ipv4 {
  const a = ns.addrs.find((x) => x.family === 'inet' && x.ifindex === indev);
  return a?.family === 'inet' ? a.addr : 0x7f000001;
}

/** The default source-port range for a port (nf_nat_l4proto_unique_tuple). */
const defaultRange = (port: number, icmp: boolean): PortRange =>
  icmp ? { min: 0, max: 65535 } : port < 512 ? { min: 1, max: 511 } : port < 1024 ? { min: 600, max: 1023 } : { min: 1024, max: 65535 };

/** A port in `range` for which `make(port)` is unused, keeping `orig` when allowed. */
function pickPort(ct: ConntrackState, make: (port: number) => Tuple, orig: number, range: PortRange | undefined,
  randomize: boolean, icmp: boolean, rng: RandomState): number | undefined {
  const r = range ?? defaultRange(orig, icmp);
  if (!randomize && orig >= r.min && orig <= r.max && !replyTupleTaken(ct, make(orig))) return orig;
  const size = r.max - r.min + 1;
  const start = randomInt(rng, 0, size - 1);
  for (let i = 0; i < size; i++) {
    const p = r.min + ((start + i) % size);
    if (!replyTupleTaken(ct, make(p))) return p;
  }
  return undefined;
}

/**
 * Binds the flow's source translation: `target` is the SNAT/MASQUERADE that matched, or
 * undefined for the null binding (the source stays, but its port moves if the tuple is
 * taken). False when no address or port is available (the packet is dropped).
 */
export function bindSource(ct: ConntrackState, ns: Netns, entry: ConntrackEntry, skb: Skb, target: Target | undefined, rng: RandomState): boolean {
  const r = entry.reply;
  const icmp = r.proto === 'icmp';
  let addr = r.dst;
  let range: PortRange | undefined;
  let randomize = false;
  if (target?.kind === 'SNAT') {
    addr = target.range.minAddr ?? addr;
    if (target.range.minPort !== undefined) range = { min: target.range.minPort, max: target.range.maxPort ?? target.range.minPort };
    randomize = target.random || target.randomFully;
  } else if (target?.kind === 'MASQUERADE') {
    const a = masqueradeAddress(ns, skb.outdev, skb.pkt.dst);
    if (a === undefined) return false;
    addr = a;
    range = target.ports;
    randomize = target.random || target.randomFully;
  }
  const orig = icmp ? r.sport : r.dport;
  const make = (p: number): Tuple => (icmp ? { ...r, dst: addr, sport: p } : { ...r, dst: addr, dport: p });
  const port = pickPort(ct, make, orig, range, randomize, icmp, rng);
  if (port === undefined) return false;
  entry.reply = make(port);
  return true;
}

/** Binds the flow's destination translation for a DNAT/REDIRECT target. */
export function bindDestination(ns: Netns, entry: ConntrackEntry, skb: Skb, target: Target): void {
  const r = entry.reply;
  if (target.kind === 'DNAT') {
    const src = target.range.minAddr ?? r.src;
    const sport = r.proto !== 'icmp' && target.range.minPort !== undefined ? target.range.minPort : r.sport;
    entry.reply = { ...r, src, sport };
  } else if (target.kind === 'REDIRECT') {
    const src = skb.indev === undefined ? 0x7f000001 : redirectAddress(ns, skb.indev);
    const sport = r.proto !== 'icmp' && target.ports ? target.ports.min : r.sport;
    entry.reply = { ...r, src, sport };
  }
}

/**
 * Rewrites one address (and port, for TCP/UDP; echo id for ICMP) of a packet in place, as
 * the kernel rewrites the skb: the datapath keeps its reference to the same packet. The
 * payload object is replaced rather than edited, so copies taken earlier (a capture) keep
 * what they saw.
 */
function rewrite(pkt: Ipv4Packet, side: 'src' | 'dst', addr: Ipv4, port: number | undefined, icmpId: number | undefined): void {
  const p = pkt.payload;
  if (p.proto === 'icmp') {
    if (icmpId !== undefined && p.echoId !== undefined) pkt.payload = { ...p, echoId: icmpId };
  } else if (port !== undefined && p.proto !== 'ipip') pkt.payload = side === 'src' ? { ...p, sport: port } : { ...p, dport: port };
  pkt[side] = addr;
}

/**
 * nf_nat_packet: applies the flow's translation for manip `manip` to the skb's packet in the
 * direction it travels. Returns a short description of the rewrite, or undefined.
 */
export function applyNat(entry: ConntrackEntry, skb: Skb, manip: 'src' | 'dst'): string | undefined {
  const o = entry.original;
  const r = entry.reply;
  const reply = skb.ctReply === true;
  const needed = manip === 'dst' ? (reply ? isSrcNat(entry) : isDstNat(entry)) : (reply ? isDstNat(entry) : isSrcNat(entry));
  if (!needed) return undefined;
  // The tuple whose fields the packet must carry: the reply tuple for originals, the
  // original tuple for replies (its addresses seen from the other side).
  const to = reply ? o : r;
  const addr = manip === 'dst' ? to.src : to.dst;
  const port = to.proto === 'icmp' ? undefined : manip === 'dst' ? to.sport : to.dport;
  const icmpId = to.proto === 'icmp' && ((manip === 'src' && !reply) || (manip === 'dst' && reply)) ? to.sport : undefined;
  const pkt = skb.pkt;
  const p = pkt.payload;
  if (skb.ctState === 'RELATED' && p.proto === 'icmp' && p.quoted) {
    // The error's own header is rewritten like the flow's packets; the quoted packet travelled
    // the other way, so its opposite side is translated (nf_nat_icmp_reply_translation).
    const quoted: Ipv4Packet = { ...p.quoted };
    rewrite(quoted, manip === 'dst' ? 'src' : 'dst', addr, port, icmpId);
    pkt.payload = { ...p, quoted };
    pkt[manip] = addr;
  } else {
    rewrite(pkt, manip, addr, port, icmpId);
  }
  return manip;
}
