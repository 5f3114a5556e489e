/**
 * Policy routing rules (net/core/fib_rules.c, net/ipv4/fib_rules.c; ip-rule(8)): the kernel
 * starts every namespace with `0: lookup local`, `32766: lookup main`, `32767: lookup
 * default`, and a route lookup walks the rules by priority, trying each matching rule's table
 * until one has a route (route.ts). Kernel facts reproduced here:
 * - a rule added without a priority gets the priority of the second rule minus one
 *   (fib_default_rule_pref), so new rules land just before `main`, or before the last one
 *   added that way;
 * - adding a rule equal to an existing one fails with EEXIST (iproute2 asks NLM_F_EXCL);
 * - deleting matches every selector given (priority, table, prefixes, mark, devices) and
 *   removes the first such rule; none is ENOENT.
 */
import { fail, ok, type Result } from '../core/index.ts';
import { inCidr, type Cidr, type Ipv4 } from '../wire/index.ts';
import type { Netns, Rule } from './types.ts';

/** The three rules every namespace starts with. */
export const DEFAULT_RULES: readonly Rule[] = [
  { pref: 0, action: 'lookup', table: 255 },
  { pref: 32766, action: 'lookup', table: 254 },
  { pref: 32767, action: 'lookup', table: 253 },
];

/** The namespace's rules in the order the kernel consults them. */
export const rulesOf = (ns: Netns): readonly Rule[] => ns.rules ?? DEFAULT_RULES;

/** What a lookup knows about a packet (the flowi4 fields rules select on). */
export interface Flow {
  dst: Ipv4;
  /** Source address; 0 for a local socket not bound to one. */
  src: Ipv4;
  /** Input device name: `lo` for locally generated packets. */
  iif: string;
  /** Output device name, when the socket is bound to one. */
  oif?: string;
  mark: number;
}

const sameCidr = (a?: Cidr, b?: Cidr): boolean => (a === undefined ? b === undefined : b !== undefined && a.addr === b.addr && a.len === b.len);

/** Whether `r`'s selectors all hold for `f` (fib_rule_match + fib4_rule_match). */
export function ruleMatches(r: Rule, f: Flow): boolean {
  if (r.from && !inCidr(f.src, r.from)) return false;
  if (r.to && !inCidr(f.dst, r.to)) return false;
  if (r.fwmark && ((f.mark ^ r.fwmark.mark) & r.fwmark.mask) !== 0) return false;
  if (r.iif !== undefined && r.iif !== f.iif) return false;
  if (r.oif !== undefined && r.oif !== f.oif) return false;
  return true;
}

/** Adds a rule (`ip rule add`); `pref` undefined takes the kernel's default priority. */
export function addRule(ns: Netns, spec: Omit<Rule, 'pref'> & { pref?: number }): Result<Rule> {
  const rules = [...rulesOf(ns)];
  const second = rules[1];
  const pref = spec.pref ?? (second && second.pref > 0 ? second.pref - 1 : 0);
  const rule: Rule = { ...spec, pref };
  const same = (x: Rule) => x.pref === rule.pref && x.action === rule.action && x.table === rule.table && sameCidr(x.from, rule.from) &&
    sameCidr(x.to, rule.to) && x.fwmark?.mark === rule.fwmark?.mark && x.fwmark?.mask === rule.fwmark?.mask && x.iif === rule.iif && x.oif === rule.oif;
  if (rules.some(same)) return fail('EEXIST');
  // A new rule goes after the rules of the same priority (fib_nl_newrule's insertion point).
  const at = rules.findIndex((x) => x.pref > pref);
  rules.splice(at < 0 ? rules.length : at, 0, rule);
  ns.rules = rules;
  return ok(rule);
}

/** Which rules `delRule` may remove: every field given must be equal. */
export type RuleMatch = Partial<Rule>;

/** Deletes the first rule matching `m` (`ip rule del`); ENOENT when none does. */
export function delRule(ns: Netns, m: RuleMatch): Result<Rule> {
  const rules = [...rulesOf(ns)];
  const i = rules.findIndex((x) => (m.pref === undefined || x.pref === m.pref) && (m.table === undefined || x.table === m.table) &&
    (m.action === undefined || x.action === m.action) && (m.from === undefined || sameCidr(x.from, m.from)) &&
    (m.to === undefined || sameCidr(x.to, m.to)) && (m.fwmark === undefined || (x.fwmark?.mark === m.fwmark.mark && x.fwmark.mask === m.fwmark.mask)) &&
    (m.iif === undefined || x.iif === m.iif) && (m.oif === undefined || x.oif === m.oif));
  if (i < 0) return fail('ENOENT');
  const [gone] = rules.splice(i, 1);
  ns.rules = rules;
  return ok(gone!);
}
