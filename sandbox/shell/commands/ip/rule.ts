/**
 * `ip rule` (ip-rule(8), iproute2 6.1 ip/iprule.c): list/show, add, del(ete), flush. The
 * rules and how a lookup walks them are net/rule.ts and net/route.ts. Selectors: from, to,
 * fwmark MARK[/MASK], iif (dev), oif, priority (pref, order); actions: table/lookup ID, or
 * the types unreachable, prohibit, blackhole. Texts and exit statuses as real ip prints
 * them (tests/fixtures/node-tools/captures/ip-rule*.txt).
 */
import { addRule, delRule, rulesOf, type RuleMatch } from '../../../net/rule.ts';
import type { Rule, RuleAction } from '../../../net/types.ts';
import { failWith, invarg, kernelError, matches, notPermitted, out, type IpRun } from './common.ts';
import { parsePrefix, parseTable, prefixText, tableName } from './route-format.ts';

const USAGE = `Usage: ip rule { add | del } SELECTOR ACTION
       ip rule { flush | save | restore }
       ip rule [ list [ SELECTOR ]]
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ]
            [ fwmark FWMARK[/MASK] ]
            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ l3mdev ]
            [ uidrange NUMBER-NUMBER ]
            [ ipproto PROTOCOL ]
            [ sport [ NUMBER | NUMBER-NUMBER ]
            [ dport [ NUMBER | NUMBER-NUMBER ] ]
ACTION := [ table TABLE_ID ]
          [ protocol PROTO ]
          [ nat ADDRESS ]
          [ realms [SRCREALM/]DSTREALM ]
          [ goto NUMBER ]
          SUPPRESSOR
SUPPRESSOR := [ suppress_prefixlength NUMBER ]
              [ suppress_ifgroup DEVGROUP ]
TABLE_ID := [ local | main | default | NUMBER ]`;

const ACTIONS: readonly RuleAction[] = ['unreachable', 'prohibit', 'blackhole'];
const INCOMPLETE = 'Command line is not complete. Try option "help"';

/** `ip rule ...`. */
export function ipRule(r: IpRun, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined || matches(sub, 'list') || matches(sub, 'show') || matches(sub, 'lst')) return show(r, rest);
  if (matches(sub, 'help')) return failWith(r, 255, USAGE);
  if (matches(sub, 'add')) return change(r, rest, 'add');
  if (matches(sub, 'delete')) return change(r, rest, 'del');
  if (matches(sub, 'flush')) {
    const denied = notPermitted(r);
    if (denied !== undefined) return denied;
    // Flush removes every rule but priority 0 (iproute2 skips it: the kernel would refuse nothing, it keeps `local`).
    r.ns.rules = rulesOf(r.ns).filter((x) => x.pref === 0);
    return 0;
  }
  return failWith(r, 255, `Command "${sub}" is unknown, try "ip rule help".`);
}

/** One rule as `ip rule show` prints it (print_rule: from, to, fwmark, iif, oif, action). */
export function formatRule(x: Rule): string {
  let s = `${x.pref}:\tfrom ${x.from ? prefixText(x.from.addr, x.from.len) : 'all'}`;
  if (x.to) s += ` to ${prefixText(x.to.addr, x.to.len)}`;
  if (x.fwmark) s += ` fwmark 0x${x.fwmark.mark.toString(16)}${x.fwmark.mask !== 0xffffffff ? `/0x${x.fwmark.mask.toString(16)}` : ''}`;
  if (x.iif !== undefined) s += ` iif ${x.iif}`;
  if (x.oif !== undefined) s += ` oif ${x.oif}`;
  return s + (x.action === 'lookup' ? ` lookup ${tableName(x.table)}` : ` ${x.action}`);
}

function show(r: IpRun, args: string[]): number {
  if (args.length > 0) {
    const sel = parse(r, args);
    if (typeof sel === 'number') return sel;
  }
  if (r.opts.family === 'inet6') {
    out(r, '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n');
    return 0;
  }
  for (const x of rulesOf(r.ns)) out(r, formatRule(x) + '\n');
  return 0;
}

function change(r: IpRun, args: string[], what: 'add' | 'del'): number {
  const sel = parse(r, args);
  if (typeof sel === 'number') return sel;
  const denied = notPermitted(r);
  if (denied !== undefined) return denied;
  if (what === 'del') {
    const res = delRule(r.ns, sel);
    return res.ok ? 0 : kernelError(r, res.errno);
  }
  // iproute2 asks for table main when an add names no table (iprule.c: RT_TABLE_MAIN).
  const res = addRule(r.ns, { ...sel, action: sel.action ?? 'lookup', table: sel.table ?? (sel.action && sel.action !== 'lookup' ? 0 : 254) });
  return res.ok ? 0 : kernelError(r, res.errno);
}

function parse(r: IpRun, args: string[]): RuleMatch | number {
  const m: RuleMatch = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = (): string | undefined => args[++i];
    const need = ['from', 'to', 'fwmark', 'iif', 'dev', 'oif', 'pref', 'priority', 'order', 'table', 'lookup', 'tos', 'dsfield', 'type'];
    if (need.includes(a) && args[i + 1] === undefined) return failWith(r, 255, INCOMPLETE);
    if (a === 'from' || a === 'to') {
      const v = next()!;
      const p = parsePrefix(v);
      if (!p) return failWith(r, 1, `Error: any valid prefix is expected rather than "${v}".`);
      if (p.len > 0) m[a] = p;
    } else if (a === 'fwmark') {
      const v = next()!;
      const [mk, mask] = v.split('/');
      const n = Number(mk);
      const k = mask === undefined ? 0xffffffff : Number(mask);
      if (!/^(0x[0-9a-f]+|\d+)$/i.test(mk ?? '') || (mask !== undefined && !/^(0x[0-9a-f]+|\d+)$/i.test(mask)) || n > 0xffffffff || k > 0xffffffff) {
        return invarg(r, mask === undefined ? 'fwmark value is invalid\n' : 'fwmask value is invalid\n', v);
      }
      m.fwmark = { mark: n, mask: k };
    } else if (a === 'iif' || a === 'dev') m.iif = next()!;
    else if (a === 'oif') m.oif = next()!;
    else if (matches(a, 'preference') || matches(a, 'order') || matches(a, 'priority')) {
      const v = next()!;
      if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) return invarg(r, 'preference value is invalid\n', v);
      m.pref = Number(v);
    } else if (a === 'table' || matches(a, 'lookup')) {
      const v = next()!;
      const t = parseTable(v);
      if (t === undefined || t === 0) return invarg(r, 'invalid table ID\n', v);
      m.table = t;
      m.action = 'lookup';
    } else if (ACTIONS.includes(a as RuleAction)) m.action = a as RuleAction;
    else if (a === 'help') return failWith(r, 255, USAGE);
    else if (['not', 'tos', 'dsfield', 'realms', 'nat', 'goto', 'suppress_prefixlength', 'suppress_ifgroup', 'uidrange', 'ipproto', 'sport', 'dport', 'l3mdev', 'protocol'].includes(a)) {
      return failWith(r, 1, `packetwalk: ip rule "${a}" is not simulated (from, to, fwmark, iif, oif, pref, table and the rule types are)`);
    } else return invarg(r, 'Failed to parse rule type\n', a);
  }
  return m;
}
