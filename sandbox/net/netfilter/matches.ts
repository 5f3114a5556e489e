/**
 * Extension matches: their options as iptables parses them (libxt_<name>.c) and how the
 * kernel evaluates them (net/netfilter/xt_<name>.c). Formatting lives in format-match.ts.
 */
import type { Ipv4Packet } from '../../wire/index.ts';
import type {
  AddrType, AddrtypeMatch, ConntrackMatch, CtStateWord, IfaceMatch, Match, PortRange, PortsMatch,
} from './types.ts';
import { ICMP_NAMES, portNumber } from './names.ts';
import { RECENT_OPTIONS, finishRecent, newRecent, parseRecentOption } from './recent.ts';
import { OWNER_OPTIONS, finishOwner, newOwner, parseOwnerOption } from './owner.ts';

/** The modules `-m` loads; anything else is "Couldn't load match". */
export const MATCH_MODULES = ['comment', 'tcp', 'udp', 'sctp', 'icmp', 'mark', 'conntrack', 'state', 'statistic', 'addrtype', 'multiport', 'physdev', 'recent', 'owner', 'set'] as const;

/** Options each module accepts, with the number of values each takes. */
export const MATCH_OPTIONS: Record<Match['module'], Record<string, number>> = {
  comment: { '--comment': 1 },
  tcp: { '--sport': 1, '--source-port': 1, '--dport': 1, '--destination-port': 1, '--tcp-flags': 2, '--syn': 0 },
  udp: { '--sport': 1, '--source-port': 1, '--dport': 1, '--destination-port': 1 },
  // libxt_sctp: ports only (--chunk-types is not modelled: "unknown option").
  sctp: { '--sport': 1, '--source-port': 1, '--dport': 1, '--destination-port': 1 },
  icmp: { '--icmp-type': 1 },
  mark: { '--mark': 1 },
  conntrack: { '--ctstate': 1 },
  state: { '--state': 1 },
  statistic: { '--mode': 1, '--probability': 1, '--every': 1, '--packet': 1 },
  addrtype: { '--src-type': 1, '--dst-type': 1 },
  multiport: { '--sports': 1, '--source-ports': 1, '--dports': 1, '--destination-ports': 1, '--ports': 1 },
  physdev: { '--physdev-in': 1, '--physdev-out': 1, '--physdev-is-in': 0, '--physdev-is-out': 0, '--physdev-is-bridged': 0 },
  recent: RECENT_OPTIONS,
  owner: OWNER_OPTIONS,
  set: { '--match-set': 2 },
};

/** A fresh match of a module, before its options. */
export function newMatch(module: Match['module']): Match {
  switch (module) {
    case 'comment': return { module, comment: '' };
    case 'tcp': case 'udp': case 'sctp': return { module };
    case 'icmp': return { module, type: 255, codeMin: 0, codeMax: 255, neg: false };
    case 'mark': return { module, mark: 0, mask: 0xffffffff, neg: false };
    case 'conntrack': case 'state': return { module, states: [], neg: false };
    case 'statistic': return { module, mode: 'random', probability: 0, every: 0, packet: 0, neg: false };
    case 'addrtype': return { module };
    case 'multiport': return { module, which: 'dports', ports: [], neg: false };
    case 'physdev': return { module };
    case 'recent': return newRecent();
    case 'owner': return newOwner();
    case 'set': return { module, name: '', dirs: [], neg: false };
  }
}

export const TCP_FLAG_BITS: [string, number][] = [['FIN', 1], ['SYN', 2], ['RST', 4], ['PSH', 8], ['ACK', 16], ['URG', 32]];
/** Order in which libxt_conntrack prints states. */
export const CTSTATE_ORDER: CtStateWord[] = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'];
export const ADDRTYPE_ORDER: AddrType[] = ['UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE', 'PROHIBIT'];

function parsePortRange(text: string): PortRange | string {
  const [a, b, extra] = text.split(':');
  if (extra !== undefined) return `invalid port/service \`${text}' specified`;
  const min = a === '' ? 0 : portNumber(a!);
  const max = b === undefined ? min : b === '' ? 65535 : portNumber(b);
  if (min === undefined) return `invalid port/service \`${a}' specified`;
  if (max === undefined) return `invalid port/service \`${b}' specified`;
  return min <= max ? { min, max } : { min: max, max: min };
}

const parseFlags = (text: string): number | string => {
  let bits = 0;
  for (const w of text.split(',')) {
    if (w === 'ALL') bits |= 63;
    else if (w === 'NONE') continue;
    else {
      const f = TCP_FLAG_BITS.find(([n]) => n === w);
      if (!f) return `Unknown TCP flag \`${w}'`;
      bits |= f[1];
    }
  }
  return bits;
};

const parseUint = (text: string): number | undefined => {
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 0xffffffff ? n : undefined;
};

/**
 * Applies one option (`opt` with its `args`, negated or not) to `m`. Returns an error message
 * as iptables prints it after its `iptables v1.8.9 (nf_tables): ` prefix, or undefined.
 */
export function parseMatchOption(m: Match, opt: string, args: string[], neg: boolean): string | undefined {
  const v = args[0] ?? '';
  switch (m.module) {
    case 'comment':
      if (v.length > 255) return 'comment: option "--comment" has a too long value\n';
      m.comment = v;
      return undefined;
    case 'tcp': case 'udp': case 'sctp': {
      if (opt === '--syn') { m.flags = { mask: 0x17, comp: 0x02, neg }; return undefined; }
      if (opt === '--tcp-flags') {
        const mask = parseFlags(v);
        const comp = parseFlags(args[1] ?? '');
        if (typeof mask === 'string') return mask;
        if (typeof comp === 'string') return comp;
        m.flags = { mask, comp, neg };
        return undefined;
      }
      const r = parsePortRange(v);
      if (typeof r === 'string') return r;
      if (opt === '--sport' || opt === '--source-port') m.sport = { ...r, neg };
      else m.dport = { ...r, neg };
      return undefined;
    }
    case 'icmp': {
      const named = ICMP_NAMES.find(([n]) => n === v);
      if (named) { [, m.type, m.codeMin, m.codeMax] = named; m.neg = neg; return undefined; }
      const mm = /^(\d+)(?:\/(\d+))?$/.exec(v);
      if (!mm || Number(mm[1]) > 255 || Number(mm[2] ?? 0) > 255) return `Invalid ICMP type \`${v}'\n`;
      m.type = Number(mm[1]);
      [m.codeMin, m.codeMax] = mm[2] === undefined ? [0, 255] : [Number(mm[2]), Number(mm[2])];
      m.neg = neg;
      return undefined;
    }
    case 'mark': {
      const [a, b] = v.split('/');
      const mark = parseUint(a!);
      const mask = b === undefined ? 0xffffffff : parseUint(b);
      if (mark === undefined || mask === undefined) return 'mark: bad integer value for option "--mark", or out of range.\n';
      Object.assign(m, { mark, mask, neg });
      return undefined;
    }
    case 'conntrack': case 'state': {
      const words = v.split(',');
      const allowed: string[] = m.module === 'state' ? CTSTATE_ORDER.slice(0, 5) : CTSTATE_ORDER;
      const bad = words.find((w) => !allowed.includes(w));
      if (bad !== undefined) return m.module === 'state' ? `Bad state "${bad}"` : `Bad ctstate "${bad}"`;
      m.states = CTSTATE_ORDER.filter((s) => words.includes(s));
      m.neg = neg;
      return undefined;
    }
    case 'statistic': {
      if (opt === '--mode') {
        if (v !== 'random' && v !== 'nth') return `statistic: Bad value for "--mode" option: "${v}"`;
        m.mode = v;
      } else if (opt === '--probability') {
        const p = Number(v);
        if (!/^[0-9.eE+-]+$/.test(v) || !(p >= 0 && p <= 1)) return 'statistic: bad value for option "--probability", or out of range (0-1).\n';
        // libxt_statistic: lround(0x80000000 * p), a 31-bit fixed point.
        m.probability = Math.round(0x80000000 * p);
        m.neg = neg;
      } else {
        const n = parseUint(v);
        if (n === undefined) return `statistic: bad value for option "${opt}", or out of range.\n`;
        if (opt === '--every') { m.every = n; m.neg = neg; } else m.packet = n;
      }
      return undefined;
    }
    case 'addrtype': {
      const types = v.split(',');
      const bad = types.find((t) => !(ADDRTYPE_ORDER as string[]).includes(t));
      if (bad !== undefined) return `addrtype: bad type \`${bad}'`;
      const sel = { types: ADDRTYPE_ORDER.filter((t) => types.includes(t)), neg };
      if (opt === '--src-type') m.srcType = sel; else m.dstType = sel;
      return undefined;
    }
    case 'multiport': {
      const ports: PortRange[] = [];
      for (const part of v.split(',')) {
        const r = parsePortRange(part);
        if (typeof r === 'string') return r;
        ports.push(r);
      }
      if (ports.reduce((n, r) => n + (r.min === r.max ? 1 : 2), 0) > 15) return 'too many ports specified';
      m.which = opt === '--ports' ? 'ports' : opt.startsWith('--s') ? 'sports' : 'dports';
      m.ports = ports;
      m.neg = neg;
      return undefined;
    }
    case 'physdev': {
      const iface: IfaceMatch = { name: v, neg };
      if (opt === '--physdev-in') m.physdevIn = iface;
      else if (opt === '--physdev-out') m.physdevOut = iface;
      else if (opt === '--physdev-is-in') m.isIn = { neg };
      else if (opt === '--physdev-is-out') m.isOut = { neg };
      else m.isBridged = { neg };
      return undefined;
    }
    case 'recent': return parseRecentOption(m, opt, args, neg);
    case 'owner': return parseOwnerOption(m, opt, args, neg);
    case 'set': {
      // libxt_set set_parse_v4: the flags are src/dst words, at most IPSET_DIM_MAX (6).
      const words = (args[1] ?? '').split(',');
      if (words.length > 6) return "Can't be more src/dst options than 6.";
      if (words.some((w) => w !== 'src' && w !== 'dst')) return 'You must specify (the comma separated list of) \'src\' or \'dst\'.';
      m.name = v;
      m.dirs = words as ('src' | 'dst')[];
      m.neg = neg;
      return undefined;
    }
  }
}

/** Checks done once all options are read (libxt final_check); an error message or undefined. */
export function finishMatch(m: Match, proto: number | undefined): string | undefined {
  if (m.module === 'comment' && m.comment === '' ) return 'comment: option "--comment" must be specified\n';
  if (m.module === 'multiport' && ![6, 17, 132, 33, 136].includes(proto ?? -1))
    return "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'";
  if (m.module === 'statistic' && m.mode === 'nth' && m.every === 0) return 'statistic: option "--every" must be specified\n';
  if (m.module === 'conntrack' && m.states.length === 0) return 'conntrack: At least one option is required\n';
  if (m.module === 'recent') return finishRecent(m);
  if (m.module === 'owner') return finishOwner(m);
  if (m.module === 'set' && m.name === '') return 'You must specify `--match-set\' with proper arguments';
  return undefined;
}

/**
 * Whether `tcp`/`udp`/`sctp` match options hold for a packet (xt_tcpudp.c, xt_sctp.c); the
 * protocol is checked by -p.
 */
export function portsMatch(m: PortsMatch, pkt: Ipv4Packet): boolean {
  const p = pkt.payload;
  if (p.proto !== m.module) return false;
  if (m.sport && (p.sport >= m.sport.min && p.sport <= m.sport.max) === m.sport.neg) return false;
  if (m.dport && (p.dport >= m.dport.min && p.dport <= m.dport.max) === m.dport.neg) return false;
  if (m.flags && p.proto === 'tcp') {
    const f = p.flags;
    const bits = (f.fin ? 1 : 0) | (f.syn ? 2 : 0) | (f.rst ? 4 : 0) | (f.psh ? 8 : 0) | (f.ack ? 16 : 0);
    if (((bits & m.flags.mask) === m.flags.comp) === m.flags.neg) return false;
  }
  return true;
}

/** Interface name comparison with iptables' trailing-`+` wildcard. */
export const ifaceMatches = (m: IfaceMatch, name: string | undefined): boolean =>
  (m.name.endsWith('+') ? (name ?? '').startsWith(m.name.slice(0, -1)) : name === m.name) !== m.neg;

/** The conntrack states (real and virtual) a packet has, for `--ctstate` / `--state`. */
export function ctStateHolds(m: ConntrackMatch, words: CtStateWord[]): boolean {
  return m.states.some((s) => words.includes(s)) !== m.neg;
}

/** Address type selectors: whether `types` holds for `t` (xt_addrtype.c). */
export const addrtypeHolds = (sel: AddrtypeMatch['srcType'], t: AddrType): boolean =>
  !sel || sel.types.includes(t) !== sel.neg;
