/**
 * Netfilter state for one namespace: tables of chains of rules, as xtables holds them.
 * Rules keep their parsed matches and target so evaluation does not re-parse text, and
 * their counters grow as packets match.
 */

/** The tables iptables knows, in the order nf_tables' iptables-save prints them. */
export type TableName = 'raw' | 'mangle' | 'filter' | 'nat';

/** Built-in hooks. */
export type Hook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** Packet and byte counters. */
export interface Counters {
  packets: number;
  bytes: number;
}

/** One parsed match (`-s`, `-p tcp --dport`, `-m conntrack --ctstate` ...). */
export interface Match {
  /** Module name as iptables-save prints it (`tcp`, `conntrack`, `comment` ...), or `ip` for the core header fields. */
  module: string;
  /** Options of the module in save order: [flag, value, negated]. */
  options: [flag: string, value: string, negated: boolean][];
}

/** A rule's target: a verdict, a jump to a user chain, or an extension target with options. */
export interface Target {
  name: string;
  options: [flag: string, value: string][];
  /** `-g` instead of `-j`. */
  goto?: boolean;
}

/** One rule. */
export interface Rule {
  matches: Match[];
  target?: Target;
  counters: Counters;
}

/** A chain; built-in chains have a policy. */
export interface Chain {
  name: string;
  policy?: 'ACCEPT' | 'DROP';
  /** Counters of packets that fell through to the policy. */
  policyCounters: Counters;
  rules: Rule[];
}

/** A table's chains by name, in creation order. */
export interface Table {
  chains: Map<string, Chain>;
}

/** All tables of one namespace; a table exists once something touched it. */
export interface NetfilterState {
  tables: Map<TableName, Table>;
}
