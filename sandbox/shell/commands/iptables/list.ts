/**
 * `iptables -L` output (iptables 1.8.9 xshared.c print_header / print_rule_details and each
 * extension's print function): column widths, `-n` numbers (the prot column prints protocol
 * numbers on 1.8.9), `-v` counters and interfaces, `-x` exact counters, `--line-numbers`.
 * Without `-n`, addresses print as names from /etc/hosts (hosts) and /etc/networks (networks)
 * and ports from /etc/services; reverse DNS is not modelled (the lab's resolver answers
 * nothing, so unnamed addresses print as numbers there too).
 */
import { formatIpv4, type Ipv4 } from '../../../wire/index.ts';
import type { AddrMatch, Chain, Match, PortRange, Rule, TableName } from '../../../net/netfilter/index.ts';
import { PROTO_NAMES, NETWORK_NAMES, portName } from '../../../net/netfilter/names.ts';
import { formatProbability, icmpName, isBuiltin, printOwner, printRecent, printTarget, references, targetName, tcpFlagNames } from '../../../net/netfilter/index.ts';
import type { Table } from '../../../net/netfilter/index.ts';

/** Listing flags. */
export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
  /** Reverse lookup in /etc/hosts for /32 addresses. */
  hostName: (a: Ipv4) => string | undefined;
}

/** print_num: counters in 5 columns with K/M/G/T suffixes, or exact in 8 with -x. */
export function num(n: number, f: Pick<ListFormat, 'exact'>, table = true): string {
  if (f.exact) return table ? `${String(n).padStart(8)} ` : `${n} `;
  // xshared.c print_num: above 99999 divide by 1000 (rounding) until it fits in 4 digits.
  let v = n;
  let suffix = '';
  if (v > 99999) {
    for (const s of ['K', 'M', 'G', 'T']) {
      v = Math.floor((v + 500) / 1000);
      suffix = s;
      if (v <= 9999) break;
    }
  }
  if (!table) return `${v}${suffix} `;
  return suffix ? `${String(v).padStart(4)}${suffix} ` : `${String(v).padStart(5)} `;
}

function addr(a: AddrMatch | undefined, f: ListFormat): string {
  if (!a) return f.numeric ? '0.0.0.0/0' : 'anywhere';
  const dotted = formatIpv4(a.addr);
  if (a.len === 32) return f.numeric ? dotted : (f.hostName(a.addr) ?? dotted);
  return `${f.numeric ? dotted : (NETWORK_NAMES[dotted] ?? dotted)}/${a.len}`;
}

const ports = (label: string, r: PortRange & { neg: boolean }, numeric: boolean): string =>
  r.min === r.max
    ? ` ${label}:${r.neg ? '!' : ''}${portName(r.min, numeric)}`
    : ` ${label}s:${r.neg ? '!' : ''}${portName(r.min, numeric)}:${portName(r.max, numeric)}`;

/** One match as `iptables -L` prints it (with its leading space). */
export function printMatch(m: Match, numeric: boolean): string {
  const not = (neg: boolean): string => (neg ? '! ' : '');
  switch (m.module) {
    case 'comment': return ` /* ${m.comment} */`;
    case 'tcp': case 'udp': case 'sctp': {
      let s = ` ${m.module}`;
      if (m.sport) s += ports('spt', m.sport, numeric);
      if (m.dport) s += ports('dpt', m.dport, numeric);
      if (m.flags) {
        const fl = numeric
          ? `0x${m.flags.mask.toString(16).padStart(2, '0')}/0x${m.flags.comp.toString(16).padStart(2, '0')}`
          : `${tcpFlagNames(m.flags.mask)}/${tcpFlagNames(m.flags.comp)}`;
        s += ` flags:${m.flags.neg ? '!' : ''}${fl}`;
      }
      return s;
    }
    case 'icmp': {
      const name = icmpName(m.type, m.codeMin, m.codeMax);
      if (!numeric && (name || m.type === 255)) return ` icmp ${m.neg ? '!' : ''}${m.type === 255 ? 'any' : name}`;
      const code = m.codeMin === 0 && m.codeMax === 255 ? '' : m.codeMin === m.codeMax ? ` code ${m.codeMin}` : ` codes ${m.codeMin}-${m.codeMax}`;
      return ` icmptype ${m.neg ? '!' : ''}${m.type}${code}`;
    }
    case 'mark': return ` mark match ${not(m.neg)}0x${m.mark.toString(16)}${m.mask === 0xffffffff ? '' : `/0x${m.mask.toString(16)}`}`;
    case 'conntrack': return ` ${not(m.neg)}ctstate ${m.states.join(',')}`;
    case 'state': return ` ${not(m.neg)}state ${m.states.join(',')}`;
    case 'statistic':
      return m.mode === 'random'
        ? ` statistic mode random${m.neg ? ' !' : ''} probability ${formatProbability(m.probability)}`
        : ` statistic mode nth${m.neg ? ' !' : ''} every ${m.every} packet ${m.packet}`;
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.srcType) s += ` src-type ${m.srcType.neg ? '!' : ''}${m.srcType.types.join(',')}`;
      if (m.dstType) s += ` dst-type ${m.dstType.neg ? '!' : ''}${m.dstType.types.join(',')}`;
      return s;
    }
    case 'multiport': {
      const list = m.ports.map((r) => (r.min === r.max ? portName(r.min, numeric) : `${portName(r.min, numeric)}:${portName(r.max, numeric)}`)).join(',');
      return ` multiport ${m.which} ${m.neg ? ' !' : ''}${list}`;
    }
    case 'physdev': {
      let s = ' PHYSDEV match';
      const neg = (o: { neg: boolean } | undefined): string => (o?.neg ? ' !' : '');
      if (m.isIn) s += `${neg(m.isIn)} --physdev-is-in`;
      if (m.physdevIn) s += `${neg(m.physdevIn)} --physdev-in ${m.physdevIn.name}`;
      if (m.isOut) s += `${neg(m.isOut)} --physdev-is-out`;
      if (m.physdevOut) s += `${neg(m.physdevOut)} --physdev-out ${m.physdevOut.name}`;
      if (m.isBridged) s += `${neg(m.isBridged)} --physdev-is-bridged`;
      return s;
    }
    case 'recent': return printRecent(m);
    case 'owner': return printOwner(m, numeric);
  }
}

/** One rule line (with its newline). */
export function formatRuleLine(r: Rule, n: number, f: ListFormat): string {
  let s = '';
  if (f.lineNumbers) s += `${String(n).padEnd(4)} `;
  if (f.verbose) s += num(r.counters.packets, f) + num(r.counters.bytes, f);
  s += `${(r.target ? targetName(r.target) : '').padEnd(9)} `;
  const ip = r.ip;
  s += ip.proto?.neg ? '!' : ' ';
  const p = ip.proto?.num ?? 0;
  s += (f.numeric ? String(p) : p === 0 ? 'all' : (PROTO_NAMES[p] ?? String(p))).padEnd(5);
  s += '-- ';
  if (f.verbose) {
    const dev = (m: Rule['ip']['in']): string => (m?.neg ? '!' : '') + (m ? m.name : f.numeric ? '*' : 'any');
    s += ` ${dev(ip.in).padEnd(6)} ${dev(ip.out).padEnd(6)} `;
  }
  s += (ip.src?.neg ? '!' : ' ') + `${addr(ip.src, f).padEnd(19)} `;
  s += (ip.dst?.neg ? '!' : ' ') + `${addr(ip.dst, f).padEnd(19)} `;
  if (r.target?.kind === 'jump' && r.target.goto) s += '[goto] ';
  for (const m of r.matches) s += printMatch(m, f.numeric);
  if (r.target) {
    const t = printTarget(r.target, f.numeric);
    if (t !== '' && !(r.target.kind === 'jump')) s += ` ${t}`;
  }
  return `${s}\n`;
}

/** The chain header and column header. */
export function formatChainHeader(table: TableName, t: Table, c: Chain, f: ListFormat): string {
  let s = `Chain ${c.name}`;
  if (isBuiltin(table, c.name)) {
    s += ` (policy ${c.policy ?? 'ACCEPT'}`;
    if (f.verbose) s += ` ${num(c.counters.packets, f, false)}packets, ${num(c.counters.bytes, f, false)}bytes`;
    s += ')\n';
  } else s += ` (${references(t, c.name)} references)\n`;
  if (f.lineNumbers) s += 'num  ';
  if (f.verbose) s += f.exact ? `${'pkts'.padStart(8)} ${'bytes'.padStart(10)} ` : `${'pkts'.padStart(5)} ${'bytes'.padStart(5)} `;
  s += `${'target'.padEnd(9)}  prot opt`;
  if (f.verbose) s += ` ${'in'.padEnd(6)} ${'out'.padEnd(6)} `;
  s += ` ${'source'.padEnd(19)}  ${'destination'.padEnd(19)} \n`;
  return s;
}

/** A whole chain: header then rules. */
export function formatChain(table: TableName, t: Table, c: Chain, f: ListFormat): string {
  return formatChainHeader(table, t, c, f) + c.rules.map((r, i) => formatRuleLine(r, i + 1, f)).join('');
}
