/**
 * nfHook: a packet's walk through one netfilter hook of one namespace, in the kernel's
 * priority order (tables.ts HOOK_STEPS): raw, conntrack, mangle, nat (destination), filter,
 * nat (source), conntrack confirm. Each table's chain is evaluated as ipt_do_table does:
 * rules in order, counters of every matching rule, jumps (-j) push a return point and gotos
 * (-g) do not, RETURN or the end of a user chain pops, the end of a built-in chain applies
 * its policy. Non-terminal targets (MARK, LOG, NOTRACK, a rule without target) continue;
 * NAT targets bind the flow's translation and end the nat chain (net/netfilter/x_tables.c,
 * net/ipv4/netfilter/ip_tables.c).
 */
import type { ClockState, RandomState } from '../../core/index.ts';
import { ipv4Length, maskOf, type Ipv4 } from '../../wire/index.ts';
import { random } from '../../core/index.ts';
import type { Netns } from '../types.ts';
import type { Skb } from '../skb.ts';
import type { AddrType, CtStateWord, Hook, Match, RejectWith, Rule, TableName, Target } from './types.ts';
import { HOOK_STEPS, NAT_MANIP, conntrackNeeded } from './tables.ts';
import { addrtypeHolds, ctStateHolds, ifaceMatches, portsMatch } from './matches.ts';
import { saveTarget } from './targets.ts';
import { saveRule } from './save.ts';
import { recentHolds } from './recent.ts';
import { ownerHolds } from './owner.ts';
import { packetInSet } from '../ipset/entry.ts';
import { applyNat, bindDestination, bindSource } from './nat.ts';
import { conntrackConfirm, conntrackIn, entryOf } from '../conntrack/track.ts';
import { isDstNat, isSrcNat, removeEntry } from '../conntrack/table.ts';
import { summarizePacket, traceHop } from './trace.ts';

/** What nfHook needs from the world: its clock and its randomness (a World fits). */
export interface NfEnv {
  clock: ClockState;
  rng: RandomState;
}

/** A hook's outcome. `where` names the table/chain/rule (`filter/FORWARD rule 3`). */
export type NfVerdict =
  | { verdict: 'accept' }
  | { verdict: 'drop'; where: string }
  | { verdict: 'reject'; with: RejectWith; where: string };

const PROTO_NUM = { icmp: 1, ipip: 4, tcp: 6, udp: 17, sctp: 132 } as const;

/** Per-packet facts the matches read, computed once per hook. */
interface View {
  env: NfEnv;
  ns: Netns;
  skb: Skb;
  hook: Hook;
  inName?: string;
  outName?: string;
  ctWords?: CtStateWord[];
}

/** The address type of `a` in the namespace (inet_addr_type: the local routing table). */
export function addrTypeOf(ns: Netns, a: Ipv4): AddrType {
  if (a === 0) return 'UNSPEC';
  if (a >>> 28 === 14) return 'MULTICAST';
  if (a === 0xffffffff) return 'BROADCAST';
  let best: { len: number; type: AddrType } | undefined;
  let haveLocalTable = false;
  for (const r of ns.routes) {
    if (r.table !== 255) continue;
    haveLocalTable = true;
    if (((a ^ r.dst.addr) & maskOf(r.dst.len)) !== 0 || (best && best.len >= r.dst.len)) continue;
    best = { len: r.dst.len, type: r.type === 'local' ? 'LOCAL' : r.type === 'broadcast' ? 'BROADCAST' : 'UNICAST' };
  }
  if (best) return best.type;
  // Without a local table (a namespace built before routes were modelled) use the addresses.
  if (!haveLocalTable && ((a >>> 24) === 127 || ns.addrs.some((x) => x.family === 'inet' && x.addr === a))) return 'LOCAL';
  return 'UNICAST';
}

function ctWordsOf(v: View): CtStateWord[] {
  if (v.ctWords) return v.ctWords;
  const words: CtStateWord[] = [];
  const state = v.skb.ctState;
  if (state) words.push(state);
  const e = entryOf(v.ns.conntrack, v.ns.id, v.skb);
  if (e && isSrcNat(e)) words.push('SNAT');
  if (e && isDstNat(e)) words.push('DNAT');
  v.ctWords = words;
  return words;
}

function matchHolds(m: Match, rule: Rule, v: View): boolean {
  const pkt = v.skb.pkt;
  switch (m.module) {
    case 'comment': return true;
    case 'tcp': case 'udp': case 'sctp': return portsMatch(m, pkt);
    case 'icmp': {
      const p = pkt.payload;
      if (p.proto !== 'icmp') return false;
      return (m.type === 255 || (p.type === m.type && p.code >= m.codeMin && p.code <= m.codeMax)) !== m.neg;
    }
    case 'mark': return (((v.skb.mark & m.mask) >>> 0) === m.mark) !== m.neg;
    case 'conntrack': case 'state': return ctStateHolds(m, ctWordsOf(v));
    case 'statistic': {
      if (m.mode === 'random') return ((Math.floor(random(v.env.rng) * 0x80000000)) < m.probability) !== m.neg;
      // xt_statistic nth: a counter cycling 0..every-1, matching at `packet`.
      const count = (rule.nth ?? 0) >= m.every - 1 ? 0 : (rule.nth ?? 0) + 1;
      rule.nth = count;
      return (count === m.packet) !== m.neg;
    }
    case 'addrtype':
      return addrtypeHolds(m.srcType, addrTypeOf(v.ns, pkt.src)) && addrtypeHolds(m.dstType, addrTypeOf(v.ns, pkt.dst));
    case 'multiport': {
      const p = pkt.payload;
      if (p.proto === 'icmp' || p.proto === 'ipip') return false;
      const hit = m.ports.some((r) => (m.which !== 'dports' && p.sport >= r.min && p.sport <= r.max) || (m.which !== 'sports' && p.dport >= r.min && p.dport <= r.max));
      return hit !== m.neg;
    }
    case 'physdev': {
      // xt_physdev.c physdev_mt.
      const inDev = v.skb.physIn === undefined ? undefined : v.ns.links.get(v.skb.physIn)?.name;
      const outDev = v.skb.physOut === undefined ? undefined : v.ns.links.get(v.skb.physOut)?.name;
      if (inDev === undefined) {
        return [m.isBridged, m.isIn, m.isOut, m.physdevIn, m.physdevOut].every((o) => !o || o.neg);
      }
      if (m.isBridged && (outDev !== undefined) === m.isBridged.neg) return false;
      if (m.isIn && m.isIn.neg) return false;
      if (m.isOut && (outDev !== undefined) === m.isOut.neg) return false;
      if (m.physdevIn && !ifaceMatches(m.physdevIn, inDev)) return false;
      if (m.physdevOut && outDev !== undefined && !ifaceMatches(m.physdevOut, outDev)) return false;
      return true;
    }
    case 'recent': return recentHolds(v.ns.netfilter, v.env.clock, m, pkt);
    case 'owner': return ownerHolds(m, v.skb.sk);
    case 'set': {
      // A set destroyed under a rule cannot happen in the kernel (the rule holds a reference).
      const set = v.ns.ipsets?.sets.find((s) => s.name === m.name);
      return (set !== undefined && packetInSet(set, pkt, m.dirs)) !== m.neg;
    }
  }
}

/** Whether a rule's header fields and matches hold for the packet. */
function ruleHolds(r: Rule, v: View): boolean {
  const ip = r.ip;
  const pkt = v.skb.pkt;
  if (ip.src && (((pkt.src ^ ip.src.addr) & maskOf(ip.src.len)) === 0) === ip.src.neg) return false;
  if (ip.dst && (((pkt.dst ^ ip.dst.addr) & maskOf(ip.dst.len)) === 0) === ip.dst.neg) return false;
  if (ip.proto && (PROTO_NUM[pkt.payload.proto] === ip.proto.num) === ip.proto.neg) return false;
  if (ip.in && !ifaceMatches(ip.in, v.inName)) return false;
  if (ip.out && !ifaceMatches(ip.out, v.outName)) return false;
  for (const m of r.matches) if (!matchHolds(m, r, v)) return false;
  return true;
}

/** How a chain walk ended. */
type ChainEnd =
  | { kind: 'ACCEPT' | 'DROP'; where: string }
  | { kind: 'REJECT'; with: RejectWith; where: string }
  | { kind: 'NAT'; target: Target; where: string };

/** ipt_do_table for one table at one hook. */
function walkTable(v: View, table: TableName, hookChain: Hook): ChainEnd {
  const t = v.ns.netfilter.tables.get(table)!;
  const len = ipv4Length(v.skb.pkt);
  const stack: { chain: string; next: number }[] = [];
  let chain = t.chains.get(hookChain)!;
  let i = 0;
  const base = chain;
  for (let steps = 0; steps < 1_000_000; steps++) {
    if (i >= chain.rules.length) {
      const back = stack.pop();
      if (back) {
        if (v.skb.trace) traceHop(v.env.clock, v.ns, v.skb, 'ipt_do_table', `${table}/${chain.name} return`);
        chain = t.chains.get(back.chain) ?? base;
        i = back.next;
        continue;
      }
      const policy = base.policy ?? 'ACCEPT';
      // iptables-nft base chains carry no counter: the policy's counters stay as set (0, or
      // what `iptables-restore -c` wrote), however many packets fall through. The lab shows
      // `policy ACCEPT 0 packets` on chains every packet crossed.
      const where = `${table}/${base.name} policy ${policy}`;
      // An empty chain accepting by policy says nothing worth a hop.
      if (v.skb.trace && (policy === 'DROP' || base.rules.length > 0)) traceHop(v.env.clock, v.ns, v.skb, 'ipt_do_table', where);
      return { kind: policy, where };
    }
    const rule = chain.rules[i]!;
    if (!ruleHolds(rule, v)) { i++; continue; }
    rule.counters.packets++;
    rule.counters.bytes += len;
    const target = rule.target;
    const where = `${table}/${chain.name} rule ${i + 1}`;
    if (v.skb.trace && target) traceHop(v.env.clock, v.ns, v.skb, 'ipt_do_table', `${where}${saveTarget(target)}`, undefined, saveRule(chain.name, rule));
    if (!target) { i++; continue; }
    switch (target.kind) {
      case 'ACCEPT': case 'DROP': return { kind: target.kind, where };
      case 'REJECT': return { kind: 'REJECT', with: target.with, where };
      case 'RETURN': i = chain.rules.length; break;
      case 'jump': {
        const next = t.chains.get(target.chain);
        if (!next) { i++; break; }
        if (!target.goto) stack.push({ chain: chain.name, next: i + 1 });
        chain = next;
        i = 0;
        break;
      }
      case 'MARK': v.skb.mark = (((v.skb.mark & ~target.mask) ^ target.value) >>> 0); i++; break;
      case 'NOTRACK': v.skb.ctState = 'UNTRACKED'; delete v.skb.ct; i++; break;
      case 'LOG': i++; break;
      case 'DNAT': case 'SNAT': case 'MASQUERADE': case 'REDIRECT': return { kind: 'NAT', target, where };
    }
  }
  return { kind: 'ACCEPT', where: `${table}/${hookChain}` };
}

/** The nat table's step: decide the flow's binding on its first packet, then translate. */
function natStep(v: View, hook: Hook): NfVerdict | undefined {
  const manip = NAT_MANIP[hook];
  const ct = v.ns.conntrack;
  const entry = entryOf(ct, v.ns.id, v.skb);
  if (!manip || !entry) return undefined;
  const decided = manip === 'dst' ? entry.natDst : entry.natSrc;
  if (!decided && !v.skb.ctReply && (v.skb.ctState === 'NEW' || v.skb.ctState === 'RELATED')) {
    const end = walkTable(v, 'nat', hook);
    if (end.kind === 'DROP') return { verdict: 'drop', where: end.where };
    if (end.kind === 'REJECT') return { verdict: 'reject', with: end.with, where: end.where };
    const target = end.kind === 'NAT' ? end.target : undefined;
    if (manip === 'dst') {
      if (target) bindDestination(v.ns, entry, v.skb, target);
      entry.natDst = true;
    } else {
      if (!bindSource(ct, v.ns, entry, v.skb, target, v.env.rng)) return { verdict: 'drop', where: end.where };
      entry.natSrc = true;
    }
  }
  const before = v.skb.trace ? summarizePacket(v.skb.pkt) : '';
  const done = applyNat(entry, v.skb, manip);
  // A packet looped back through lo meets its flow's translation again (nf_nat_packet at
  // PREROUTING), which changes nothing: only a real rewrite is worth a hop.
  if (done && v.skb.trace && summarizePacket(v.skb.pkt) !== before) {
    const kind = v.skb.ctReply ? `un-${manip === 'dst' ? 'SNAT' : 'DNAT'} (reply)` : manip === 'dst' ? 'DNAT' : 'SNAT';
    traceHop(v.env.clock, v.ns, v.skb, 'nf_nat_manip_pkt', `${kind}: was ${before}`);
  }
  if (done) v.ctWords = undefined;
  return undefined;
}

/**
 * Runs netfilter hook `hook` of namespace `ns` on `skb`: conntrack, every table registered at
 * the hook in priority order, NAT. Mutates the skb (packet rewrites, mark, conntrack fields),
 * rule and policy counters, and the conntrack table. The datapath must re-route a packet
 * whose destination changed at OUTPUT, and send the REJECT reply itself. `ipvs` is IPVS's
 * hook function for INPUT and OUTPUT (its step in HOOK_STEPS).
 */
/** IPVS's hook function took the packet (NF_STOLEN): it went on elsewhere or was answered. */
export type NfStolen = { verdict: 'stolen' };
export function nfHook(env: NfEnv, ns: Netns, hook: Hook, skb: Skb): NfVerdict;
export function nfHook(env: NfEnv, ns: Netns, hook: Hook, skb: Skb, ipvs: ((skb: Skb) => boolean) | undefined): NfVerdict | NfStolen;
export function nfHook(env: NfEnv, ns: Netns, hook: Hook, skb: Skb, ipvs?: (skb: Skb) => boolean): NfVerdict | NfStolen {
  const nf = ns.netfilter;
  const ctOn = conntrackNeeded(nf);
  const name = (ifindex: number | undefined): string | undefined => (ifindex === undefined ? undefined : ns.links.get(ifindex)?.name);
  const v: View = { env, ns, skb, hook, inName: name(skb.indev), outName: name(skb.outdev) };
  const ct = ns.conntrack;
  const finish = (verdict: NfVerdict): NfVerdict => {
    // A flow whose first packet dies before confirmation leaves no entry (nf_ct_put). On
    // REJECT the reply the datapath sends still holds it (nf_ct_attach); the datapath frees
    // it after sending (conntrackRelease).
    const e = entryOf(ct, ns.id, skb);
    if (verdict.verdict === 'drop' && e && !e.confirmed) removeEntry(ct, e);
    return verdict;
  };
  for (const step of HOOK_STEPS[hook]) {
    if (step.kind === 'conntrack-in') {
      if (!ctOn) continue;
      const before = skb.ct;
      conntrackIn(ct, ns.id, skb, env.clock.ms, skb.indev !== undefined && ns.links.get(skb.indev)?.kind === 'loopback');
      v.ctWords = undefined;
      if (skb.trace && skb.ctState && skb.ct !== before) traceHop(env.clock, ns, skb, 'nf_conntrack_in', `ctstate ${skb.ctState}${skb.ctReply ? ' (reply direction)' : ''}`);
      continue;
    }
    if (step.kind === 'conntrack-confirm') {
      if (ctOn) conntrackConfirm(ct, ns.id, skb);
      continue;
    }
    if (step.kind === 'ipvs') {
      // IPVS's hook function: true when it stole the packet.
      if (ipvs?.(skb)) return { verdict: 'stolen' };
      continue;
    }
    if (!nf.tables.has(step.table)) continue;
    if (step.table === 'nat') {
      const r = natStep(v, hook);
      if (r) return finish(r);
      continue;
    }
    if (!nf.tables.get(step.table)!.chains.has(hook)) continue;
    const end = walkTable(v, step.table, hook);
    if (end.kind === 'DROP') return finish({ verdict: 'drop', where: end.where });
    if (end.kind === 'REJECT') return finish({ verdict: 'reject', with: end.with, where: end.where });
  }
  return { verdict: 'accept' };
}
