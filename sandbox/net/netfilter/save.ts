/**
 * Rules as iptables-save and `iptables -S` write them (iptables 1.8.9, nf_tables backend):
 * the header fields in the order -s -d -i -o -p (nft_ipv4_save_rule), then each match as
 * `-m NAME OPTIONS` in the order the rule names them, then the target. Normalisations that
 * real iptables performs fall out of storing parsed values: `/32`, `--set-xmark`, masked
 * prefixes, `-p tcp -m tcp`, 11-digit probabilities, quoted comments.
 */
import { formatIpv4 } from '../../wire/index.ts';
import type { AddrMatch, IfaceMatch, IpHeaderMatch, Match, PortRange, Rule } from './types.ts';
import { PROTO_NAMES } from './names.ts';
import { ICMP_NAMES } from './names.ts';
import { TCP_FLAG_BITS } from './matches.ts';
import { saveTarget } from './targets.ts';
import { saveRecent } from './recent.ts';
import { saveOwner } from './owner.ts';

const not = (neg: boolean): string => (neg ? ' !' : '');
const quote = (s: string): string => `"${s.replace(/(["\\])/g, '\\$1')}"`;
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;
const range = (r: PortRange): string => (r.min === r.max ? String(r.min) : `${r.min}:${r.max}`);

/** TCP flag bits as names (`SYN,ACK`, `NONE`). */
export function tcpFlagNames(bits: number): string {
  if (bits === 0) return 'NONE';
  return TCP_FLAG_BITS.filter(([, b]) => bits & b).map(([n]) => n).join(',');
}

/** A probability as libxt_statistic prints it (`%.11f` of the 31-bit fixed point). */
export const formatProbability = (p: number): string => (p / 0x80000000).toFixed(11);

/** `ADDR/LEN` of a rule address. */
export const formatAddr = (a: AddrMatch): string => `${formatIpv4(a.addr)}/${a.len}`;

const iface = (flag: string, m: IfaceMatch | undefined): string => (m ? `${not(m.neg)} ${flag} ${m.name}` : '');

/** The header part (` -s .. -d .. -i .. -o .. -p ..`). */
export function saveHeader(ip: IpHeaderMatch): string {
  let s = '';
  if (ip.src) s += `${not(ip.src.neg)} -s ${formatAddr(ip.src)}`;
  if (ip.dst) s += `${not(ip.dst.neg)} -d ${formatAddr(ip.dst)}`;
  s += iface('-i', ip.in) + iface('-o', ip.out);
  if (ip.proto) s += `${not(ip.proto.neg)} -p ${PROTO_NAMES[ip.proto.num] ?? ip.proto.num}`;
  return s;
}

/** One match as ` -m NAME OPTIONS`. */
export function saveMatch(m: Match): string {
  switch (m.module) {
    case 'comment': return ` -m comment --comment ${quote(m.comment)}`;
    case 'tcp': case 'udp': case 'sctp': {
      let s = ` -m ${m.module}`;
      if (m.sport) s += `${not(m.sport.neg)} --sport ${range(m.sport)}`;
      if (m.dport) s += `${not(m.dport.neg)} --dport ${range(m.dport)}`;
      if (m.flags) s += `${not(m.flags.neg)} --tcp-flags ${tcpFlagNames(m.flags.mask)} ${tcpFlagNames(m.flags.comp)}`;
      return s;
    }
    case 'icmp': {
      const named = m.type === 255 ? 'any' : `${m.type}${m.codeMin === 0 && m.codeMax === 255 ? '' : `/${m.codeMin}`}`;
      return ` -m icmp${not(m.neg)} --icmp-type ${named}`;
    }
    case 'mark': return ` -m mark${not(m.neg)} --mark ${hex(m.mark)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'conntrack': return ` -m conntrack${not(m.neg)} --ctstate ${m.states.join(',')}`;
    case 'state': return ` -m state${not(m.neg)} --state ${m.states.join(',')}`;
    case 'statistic':
      return m.mode === 'random'
        ? ` -m statistic --mode random${not(m.neg)} --probability ${formatProbability(m.probability)}`
        : ` -m statistic --mode nth${not(m.neg)} --every ${m.every} --packet ${m.packet}`;
    case 'addrtype': {
      let s = ' -m addrtype';
      if (m.srcType) s += `${not(m.srcType.neg)} --src-type ${m.srcType.types.join(',')}`;
      if (m.dstType) s += `${not(m.dstType.neg)} --dst-type ${m.dstType.types.join(',')}`;
      return s;
    }
    case 'multiport': return ` -m multiport${not(m.neg)} --${m.which} ${m.ports.map(range).join(',')}`;
    case 'physdev': {
      let s = ' -m physdev';
      if (m.isIn) s += `${not(m.isIn.neg)} --physdev-is-in`;
      s += iface('--physdev-in', m.physdevIn);
      if (m.isOut) s += `${not(m.isOut.neg)} --physdev-is-out`;
      s += iface('--physdev-out', m.physdevOut);
      if (m.isBridged) s += `${not(m.isBridged.neg)} --physdev-is-bridged`;
      return s;
    }
    case 'recent': return saveRecent(m);
    case 'owner': return saveOwner(m);
  }
}

/** A rule's spec after `-A CHAIN` (leading space included, or '' for an empty rule). */
export const saveRuleSpec = (r: Rule): string =>
  saveHeader(r.ip) + r.matches.map(saveMatch).join('') + (r.target ? saveTarget(r.target) : '');

/** `-A CHAIN SPEC` as `iptables -S` and iptables-save print it. */
export const saveRule = (chain: string, r: Rule): string => `-A ${chain}${saveRuleSpec(r)}`;

/** ICMP type/code as `iptables -L` names it (`echo-request`), or undefined. */
export const icmpName = (type: number, codeMin: number, codeMax: number): string | undefined =>
  ICMP_NAMES.find(([, t, a, b]) => t === type && a === codeMin && b === codeMax)?.[0];
