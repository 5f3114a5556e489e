/**
 * Netfilter state for one namespace: tables of chains of rules, as xtables holds them.
 * Rules are stored parsed (numbers, not text) so evaluation never re-parses, and printing
 * (`iptables -S`, `-L`, `iptables-save`) is derived from the same data. Plain data only.
 */
import type { Ipv4 } from '../../wire/index.ts';

/** The tables iptables knows. */
export type TableName = 'raw' | 'mangle' | 'filter' | 'nat';

/** Built-in hooks (NF_INET_*). */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** Packet and byte counters. */
export interface Counters {
  packets: number;
  bytes: number;
}

/** `[!] -s|-d ADDR[/LEN]`; `addr` has its host bits cleared, as iptables stores it. */
export interface AddrMatch {
  addr: Ipv4;
  len: number;
  neg: boolean;
}

/** `[!] -i|-o NAME`; a trailing `+` matches every name with that prefix. */
export interface IfaceMatch {
  name: string;
  neg: boolean;
}

/** The fixed IPv4 header part of a rule (struct ipt_ip). */
export interface IpHeaderMatch {
  src?: AddrMatch;
  dst?: AddrMatch;
  in?: IfaceMatch;
  out?: IfaceMatch;
  /** `-p`: protocol number (6, 17, 1 ...), absent for `all`. */
  proto?: { num: number; neg: boolean };
}

/** A port or port range (`80`, `30000:32767`). */
export interface PortRange {
  min: number;
  max: number;
}

/** `-m comment --comment TEXT`. */
export interface CommentMatch {
  module: 'comment';
  comment: string;
}

/** `-m tcp|udp|sctp [--sport R] [--dport R] [--tcp-flags MASK COMP] [--syn]`. */
export interface PortsMatch {
  module: 'tcp' | 'udp' | 'sctp';
  sport?: PortRange & { neg: boolean };
  dport?: PortRange & { neg: boolean };
  /** TCP flag bits (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32): examined and required set. */
  flags?: { mask: number; comp: number; neg: boolean };
}

/** `-m icmp --icmp-type TYPE[/CODE]`. */
export interface IcmpMatch {
  module: 'icmp';
  type: number;
  /** Code range; all codes when 0..255. */
  codeMin: number;
  codeMax: number;
  neg: boolean;
}

/** `-m mark [!] --mark VALUE[/MASK]`. */
export interface MarkMatch {
  module: 'mark';
  mark: number;
  mask: number;
  neg: boolean;
}

/** The `--ctstate` words (conntrack "virtual" states included). */
export type CtStateWord = 'INVALID' | 'NEW' | 'ESTABLISHED' | 'RELATED' | 'UNTRACKED' | 'SNAT' | 'DNAT';

/** `-m conntrack [!] --ctstate LIST` (and `-m state [!] --state LIST`, saved as written). */
export interface ConntrackMatch {
  module: 'conntrack' | 'state';
  states: CtStateWord[];
  neg: boolean;
}

/** `-m statistic --mode random --probability P` or `--mode nth --every N [--packet P]`. */
export interface StatisticMatch {
  module: 'statistic';
  mode: 'random' | 'nth';
  /** Probability as the kernel stores it: a 31-bit fixed point (0x7fffffff = 1.0). */
  probability: number;
  every: number;
  packet: number;
  neg: boolean;
}

/** Address types as `-m addrtype` names them. */
export type AddrType = 'UNSPEC' | 'UNICAST' | 'LOCAL' | 'BROADCAST' | 'ANYCAST' | 'MULTICAST' | 'BLACKHOLE' | 'UNREACHABLE' | 'PROHIBIT';

/** `-m addrtype [[!] --src-type T[,T]] [[!] --dst-type T[,T]]`. */
export interface AddrtypeMatch {
  module: 'addrtype';
  srcType?: { types: AddrType[]; neg: boolean };
  dstType?: { types: AddrType[]; neg: boolean };
}

/** `-m multiport [!] --dports|--sports|--ports LIST`. */
export interface MultiportMatch {
  module: 'multiport';
  which: 'sports' | 'dports' | 'ports';
  ports: PortRange[];
  neg: boolean;
}

/** `-m physdev`: the bridge ports of a bridged packet (br_netfilter). */
export interface PhysdevMatch {
  module: 'physdev';
  physdevIn?: IfaceMatch;
  physdevOut?: IfaceMatch;
  isIn?: { neg: boolean };
  isOut?: { neg: boolean };
  isBridged?: { neg: boolean };
}

/**
 * `-m recent [!] --set|--rcheck|--update|--remove [--seconds N] [--reap] [--hitcount N]
 * [--rttl] [--name NAME] [--mask ADDR] [--rsource|--rdest]` (recent.ts).
 */
export interface RecentMatch {
  module: 'recent';
  /** Absent only while options are being parsed (final check insists on one). */
  command?: 'set' | 'rcheck' | 'update' | 'remove';
  /** The list's name (`DEFAULT` when not given). */
  name: string;
  /** 0 = not given. */
  seconds: number;
  reap: boolean;
  /** 0 = not given. */
  hitcount: number;
  rttl: boolean;
  /** Applied to the address before it is looked up (255.255.255.255 by default). */
  mask: Ipv4;
  /** Which address is recorded: `--rsource` (default) or `--rdest`. */
  side: 'source' | 'dest';
  neg: boolean;
}

/** One address in a recent list: its time stamps (virtual ms, oldest first) and last TTL. */
export interface RecentEntry {
  addr: Ipv4;
  ttl: number;
  stamps: number[];
}

/** An id or id range of `-m owner`, negated or not. */
export interface OwnerRange {
  min: number;
  max: number;
  neg: boolean;
}

/** `-m owner [[!] --uid-owner ID[-ID]] [[!] --gid-owner ID[-ID]]` (owner.ts). */
export interface OwnerMatch {
  module: 'owner';
  uid?: OwnerRange;
  gid?: OwnerRange;
}

/** Any extension match, in the order the rule names them. */
export type Match =
  | CommentMatch | PortsMatch | IcmpMatch | MarkMatch | ConntrackMatch | StatisticMatch
  | AddrtypeMatch | MultiportMatch | PhysdevMatch | RecentMatch | OwnerMatch;

/** `--to-destination` / `--to-source` / `--to-ports`: an address range and a port range. */
export interface NatRange {
  minAddr?: Ipv4;
  maxAddr?: Ipv4;
  minPort?: number;
  maxPort?: number;
}

/** The reply REJECT sends. */
export type RejectWith =
  | 'icmp-net-unreachable' | 'icmp-host-unreachable' | 'icmp-port-unreachable' | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited' | 'icmp-host-prohibited' | 'icmp-admin-prohibited' | 'tcp-reset';

/** A rule's target. */
export type Target =
  | { kind: 'ACCEPT' | 'DROP' | 'RETURN' }
  /** `-j CHAIN` (or `-g CHAIN` with `goto`). */
  | { kind: 'jump'; chain: string; goto: boolean }
  | { kind: 'REJECT'; with: RejectWith }
  | { kind: 'DNAT'; range: NatRange; random: boolean; persistent: boolean }
  | { kind: 'SNAT'; range: NatRange; random: boolean; randomFully: boolean; persistent: boolean }
  | { kind: 'MASQUERADE'; ports?: PortRange; random: boolean; randomFully: boolean }
  | { kind: 'REDIRECT'; ports?: PortRange; random: boolean }
  /** MARK: new mark = (mark & ~mask) ^ value (`--set-xmark value/mask`). */
  | { kind: 'MARK'; value: number; mask: number }
  | { kind: 'LOG'; prefix?: string; level: number }
  /** `-j NOTRACK` / `-j CT --notrack` (`ct`) in raw: the packet stays UNTRACKED. */
  | { kind: 'NOTRACK'; ct: boolean };

/**
 * One rule. `ip`, `matches` and `target` are never changed once parsed (a change replaces
 * them), so identical rules of many namespaces may share them (iptables-restore memoises
 * parsed lines: 100 nodes with 10,000 kube-proxy rules each hold one copy of each spec);
 * `counters` and `nth` belong to this rule alone.
 */
export interface Rule {
  ip: IpHeaderMatch;
  matches: Match[];
  /** No target: the rule only counts. */
  target?: Target;
  counters: Counters;
  /** Packets seen by a `-m statistic --mode nth` match of this rule (the kernel's counter). */
  nth?: number;
}

/** A chain; built-in chains have a policy. */
export interface Chain {
  name: string;
  policy?: 'ACCEPT' | 'DROP';
  /** Counters of packets that fell through to the policy. */
  counters: Counters;
  rules: Rule[];
}

/** A table's chains by name (built-ins first, in hook order). */
export interface Table {
  chains: Map<string, Chain>;
}

/** All tables of one namespace; a table exists once something touched it (as in nf_tables). */
export interface NetfilterState {
  tables: Map<TableName, Table>;
  /** Derived and cached: some rule needs conntrack (tables.ts conntrackNeeded); absent = unknown. */
  ctNeeded?: boolean;
  /** xt_recent lists of this namespace by name, least recently updated entry first (recent.ts). */
  recent?: Map<string, RecentEntry[]>;
}
