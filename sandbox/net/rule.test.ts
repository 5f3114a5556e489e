// Policy rules as the kernel keeps them (net/core/fib_rules.c): the three defaults, the
// default priority of a new rule (fib_default_rule_pref: the second rule's minus one), EEXIST
// for a duplicate (iproute2 adds with NLM_F_EXCL), ENOENT for a delete that matches nothing,
// and the selectors a lookup tests (fib4_rule_match: from, to, fwmark/mask, iif, oif).
import { describe, expect, it } from 'vitest';
import { addRule, delRule, DEFAULT_RULES, ruleMatches, rulesOf } from './rule.ts';
import { createNetns } from './netns.ts';
import { createWorld } from '../fabric/world.ts';
import { parseIpv4 } from '../wire/index.ts';

const ip = (s: string) => parseIpv4(s)!;
const fresh = () => createNetns(createWorld(1), 'n');

describe('policy rules', () => {
  it('start as local, main, default', () => {
    expect(rulesOf(fresh()).map((r) => [r.pref, r.table])).toEqual([[0, 255], [32766, 254], [32767, 253]]);
    expect(DEFAULT_RULES).toHaveLength(3);
  });
  it('take the second rule\'s priority minus one when none is given, and refuse a duplicate', () => {
    const ns = fresh();
    const a = addRule(ns, { action: 'lookup', table: 100, from: { addr: ip('10.244.1.0'), len: 24 } });
    expect(a.ok && a.value.pref).toBe(32765);
    addRule(ns, { action: 'lookup', table: 101, pref: 200 });
    const b = addRule(ns, { action: 'lookup', table: 254, to: { addr: ip('192.0.2.1'), len: 32 } });
    expect(b.ok && b.value.pref).toBe(199);
    const dup = addRule(ns, { action: 'lookup', table: 101, pref: 200 });
    expect(dup.ok ? '' : dup.errno).toBe('EEXIST');
  });
  it('delete the first match and say ENOENT when nothing matches', () => {
    const ns = fresh();
    addRule(ns, { action: 'lookup', table: 7, pref: 10 });
    expect(delRule(ns, { pref: 10 }).ok).toBe(true);
    const again = delRule(ns, { pref: 10 });
    expect(again.ok ? '' : again.errno).toBe('ENOENT');
    expect(rulesOf(ns)).toHaveLength(3);
  });
  it('match on source, destination, masked mark and devices', () => {
    const flow = { dst: ip('10.9.1.1'), src: ip('10.244.1.2'), iif: 'cni0', mark: 0x17 };
    const rule = { pref: 1, action: 'lookup' as const, table: 9 };
    expect(ruleMatches({ ...rule, from: { addr: ip('10.244.1.0'), len: 24 } }, flow)).toBe(true);
    expect(ruleMatches({ ...rule, from: { addr: ip('10.244.2.0'), len: 24 } }, flow)).toBe(false);
    expect(ruleMatches({ ...rule, fwmark: { mark: 0x7, mask: 0xf } }, flow)).toBe(true);
    expect(ruleMatches({ ...rule, fwmark: { mark: 0x7, mask: 0xff } }, flow)).toBe(false);
    expect(ruleMatches({ ...rule, iif: 'lo' }, flow)).toBe(false);
    expect(ruleMatches({ ...rule, oif: 'eth0' }, flow)).toBe(false);
  });
});
