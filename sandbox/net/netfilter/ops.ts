/**
 * Changes to netfilter state, one per iptables command (-A -I -D -R -N -X -E -F -Z -P),
 * validated as iptables 1.8.9 on nf_tables validates them: chain existence, rule numbers,
 * targets allowed at the hooks that can reach them (the kernel rejects DNAT reachable from
 * filter INPUT with EINVAL), and jump loops (ELOOP). Failures leave the state unchanged and
 * carry the message and exit status iptables prints.
 */
import type { Chain, Hook, NetfilterState, Rule, Table, TableName } from './types.ts';
import { BUILTIN_CHAINS, TABLE_NAMES, ensureTable, isBuiltin, newUserChain, references } from './tables.ts';
import { saveRuleSpec } from './save.ts';
import { recentKernelRejects } from './recent.ts';
import { ownerKernelRejects } from './owner.ts';

/**
 * How an error prints: `usage` = `PROG v1.8.9 (nf_tables): MSG` + the "Try" line (status 2),
 * `prefixed` = `PROG v1.8.9 (nf_tables): MSG`, `plain` = `iptables: MSG`.
 */
export interface NfError {
  message: string;
  status: number;
  style: 'usage' | 'prefixed' | 'plain';
}

const plain = (message: string): NfError => ({ message, status: 1, style: 'plain' });
const nftFail = (op: string, errno: string, chain: string): NfError =>
  ({ message: ` ${op} failed (${errno}): ${op.startsWith('CHAIN') ? 'chain' : 'rule in chain'} ${chain}`, status: 4, style: 'prefixed' });

/** The table for a `-t` name, or the "does not exist" error (status 3). */
export function tableFor(nf: NetfilterState, name: string, create: boolean): Table | NfError | undefined {
  if (!(TABLE_NAMES as string[]).includes(name))
    return { message: `table '${name}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`, status: 3, style: 'prefixed' };
  return create ? ensureTable(nf, name as TableName) : nf.tables.get(name as TableName);
}

export const isNfError = (x: unknown): x is NfError => typeof x === 'object' && x !== null && 'style' in x;

/** Hooks a target may be used at (the kernel's xt_target .hooks / nft chain validation). */
const TARGET_HOOKS: Partial<Record<string, { tables?: TableName[]; hooks: Hook[] }>> = {
  DNAT: { tables: ['nat'], hooks: ['PREROUTING', 'OUTPUT'] },
  REDIRECT: { tables: ['nat'], hooks: ['PREROUTING', 'OUTPUT'] },
  SNAT: { tables: ['nat'], hooks: ['POSTROUTING', 'INPUT'] },
  MASQUERADE: { tables: ['nat'], hooks: ['POSTROUTING'] },
  REJECT: { hooks: ['INPUT', 'FORWARD', 'OUTPUT'] },
  NOTRACK: { tables: ['raw'], hooks: ['PREROUTING', 'OUTPUT'] },
};

/** Hooks `-m owner` may be used at (xt_owner's .hooks). */
const OWNER_HOOKS: Hook[] = ['OUTPUT', 'POSTROUTING'];

/**
 * Checks a table after a change: every chain reachable from a built-in chain, no jump loop,
 * every target allowed at the hooks reaching it. Returns the offending chain and errno.
 */
export function validateTable(table: TableName, t: Table): { chain: string; errno: 'Invalid argument' | 'Too many links' } | undefined {
  // Hooks reaching each chain as a bit set (bit i = HOOK_BITS[i]): a 10,000-rule table is
  // checked on every restore, so no Set per chain. Same walk and order as a Set would give.
  const reach = new Map<string, number>();
  for (const c of t.chains.values()) reach.set(c.name, 0);
  const path = new Set<string>();
  const visit = (name: string, bit: number): { chain: string; errno: 'Too many links' } | undefined => {
    const chain = t.chains.get(name);
    if (!chain) return undefined;
    if (path.has(name)) return { chain: name, errno: 'Too many links' };
    const seen = reach.get(name)!;
    if (seen & bit) return undefined;
    reach.set(name, seen | bit);
    path.add(name);
    for (const r of chain.rules) {
      const tg = r.target;
      if (tg !== undefined && tg.kind === 'jump') {
        const e = visit(tg.chain, bit);
        if (e) return e;
      }
    }
    path.delete(name);
    return undefined;
  };
  for (const b of BUILTIN_CHAINS[table]) {
    path.clear();
    const e = visit(b, hookBit(b));
    if (e) return e;
  }
  // A loop among chains not (yet) reachable from a built-in chain is still a loop.
  for (const c of t.chains.values()) {
    if (reach.get(c.name)! === 0) {
      const probe = (name: string, seen: Set<string>): boolean => {
        if (seen.has(name)) return true;
        const ch = t.chains.get(name);
        if (!ch) return false;
        seen.add(name);
        const loop = ch.rules.some((r) => r.target?.kind === 'jump' && probe(r.target.chain, seen));
        seen.delete(name);
        return loop;
      };
      if (probe(c.name, new Set())) return { chain: c.name, errno: 'Too many links' };
    }
  }
  for (const c of t.chains.values()) {
    const hooks = reach.get(c.name)!;
    for (const r of c.rules) {
      for (const m of r.matches) {
        if (m.module === 'recent' && recentKernelRejects(m)) return { chain: c.name, errno: 'Invalid argument' };
        // xt_owner registers for LOCAL_OUT and POST_ROUTING only: only there has a packet a socket.
        if (m.module === 'owner' && (ownerKernelRejects(m) || hooks & ~hookMask(OWNER_HOOKS))) return { chain: c.name, errno: 'Invalid argument' };
      }
      const spec = r.target ? TARGET_HOOKS[r.target.kind] : undefined;
      if (!spec) continue;
      if (spec.tables && !spec.tables.includes(table)) return { chain: c.name, errno: 'Invalid argument' };
      if (hooks & ~hookMask(spec.hooks)) return { chain: c.name, errno: 'Invalid argument' };
    }
  }
  return undefined;
}

const HOOK_BITS: Hook[] = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const hookBit = (h: Hook): number => 1 << HOOK_BITS.indexOf(h);
const hookMasks = new Map<Hook[], number>();
/** The bit set of `hooks` (TARGET_HOOKS' lists are fixed, so cached by identity). */
function hookMask(hooks: Hook[]): number {
  let m = hookMasks.get(hooks);
  if (m === undefined) {
    m = 0;
    for (const h of hooks) m |= hookBit(h);
    hookMasks.set(hooks, m);
  }
  return m;
}

/** Checks that jump targets of `rules` exist (iptables refuses before talking to the kernel). */
function checkJumps(t: Table, rules: Rule[]): NfError | undefined {
  for (const r of rules) {
    if (r.target?.kind === 'jump' && !t.chains.has(r.target.chain))
      return { message: `Chain '${r.target.chain}' does not exist`, status: 2, style: 'usage' };
  }
  return undefined;
}

/** Runs `change` on a copy of the chain's rules and keeps it only if the table stays valid. */
/**
 * The target's own check in the kernel (xt_REJECT reject_tg_check): `--reject-with tcp-reset`
 * only on a rule that matches `-p tcp`, not inverted; anything else is EINVAL, which
 * iptables-nft reports as `RULE_APPEND failed (Invalid argument)`.
 */
const refusedByTarget = (r: Rule): boolean =>
  r.target?.kind === 'REJECT' && r.target.with === 'tcp-reset' && !(r.ip.proto?.num === 6 && !r.ip.proto.neg);

/** The protocol a match extension is registered for (xt_tcpudp, xt_sctp, ipt_icmp: `.proto`). */
const MATCH_PROTO: Partial<Record<string, number>> = { tcp: 6, udp: 17, sctp: 132, icmp: 1 };

/**
 * xt_check_match: a match registered for one protocol only loads on a rule that matches
 * exactly that protocol (`-m sctp --dport 9` without `-p sctp` is EINVAL, as the reference lab
 * shows: tests/fixtures/edge-details/golden/edl-node1.iptables-sctp-no-p).
 */
const refusedByMatch = (r: Rule): boolean =>
  r.matches.some((m) => MATCH_PROTO[m.module] !== undefined && (r.ip.proto?.num !== MATCH_PROTO[m.module] || r.ip.proto?.neg === true));

/** Whether the kernel refuses the rule when it is added (its matches' and target's checkentry). */
export const refusedByKernel = (r: Rule): boolean => refusedByTarget(r) || refusedByMatch(r);

function commit(table: TableName, t: Table, chain: Chain, rules: Rule[], op: string): NfError | undefined {
  if (rules.some((r) => !chain.rules.includes(r) && refusedByKernel(r))) return nftFail(op, 'Invalid argument', chain.name);
  const old = chain.rules;
  chain.rules = rules;
  const bad = validateTable(table, t);
  if (bad) {
    chain.rules = old;
    return nftFail(op, bad.errno, chain.name);
  }
  return undefined;
}

/** A chain that rules are added to or removed from; the iptables error when missing. */
export function chainFor(t: Table, name: string): Chain | NfError {
  return t.chains.get(name) ?? plain('No chain/target/match by that name.');
}

/** `-A CHAIN rule...`. */
export function appendRules(table: TableName, t: Table, chain: string, rules: Rule[]): NfError | undefined {
  const c = chainFor(t, chain);
  if (isNfError(c)) return c;
  return checkJumps(t, rules) ?? commit(table, t, c, [...c.rules, ...rules], 'RULE_APPEND');
}

/** `-I CHAIN [N] rule...` (N is 1-based, default 1). */
export function insertRules(table: TableName, t: Table, chain: string, num: number, rules: Rule[]): NfError | undefined {
  const c = chainFor(t, chain);
  if (isNfError(c)) return c;
  if (num > c.rules.length + 1) return plain('Index of insertion too big.');
  const next = [...c.rules];
  next.splice(num - 1, 0, ...rules);
  return checkJumps(t, rules) ?? commit(table, t, c, next, 'RULE_INSERT');
}

/** `-R CHAIN N rule`. */
export function replaceRule(table: TableName, t: Table, chain: string, num: number, rule: Rule): NfError | undefined {
  const c = chainFor(t, chain);
  if (isNfError(c)) return c;
  if (c.rules.length === 0) return plain('No chain/target/match by that name.');
  if (num > c.rules.length) return plain('Index of replacement too big.');
  const next = [...c.rules];
  next[num - 1] = rule;
  return checkJumps(t, [rule]) ?? commit(table, t, c, next, 'RULE_REPLACE');
}

/** The index of the first rule equal to `rule` (same saved form), or -1. */
export const findRule = (c: Chain, rule: Rule): number => {
  const want = saveRuleSpec(rule);
  return c.rules.findIndex((r) => saveRuleSpec(r) === want);
};

/** `-D CHAIN N` or `-D CHAIN rule`. */
export function deleteRule(t: Table, chain: string, what: number | Rule): NfError | undefined {
  const c = chainFor(t, chain);
  if (isNfError(c)) return c;
  if (typeof what === 'number') {
    if (c.rules.length === 0) return plain('No chain/target/match by that name.');
    if (what > c.rules.length) return plain('Index of deletion too big.');
    c.rules.splice(what - 1, 1);
    return undefined;
  }
  const i = findRule(c, what);
  if (i < 0) return plain('Bad rule (does a matching rule exist in that chain?).');
  c.rules.splice(i, 1);
  return undefined;
}

/** `-N CHAIN`. */
export function newChain(t: Table, name: string): NfError | undefined {
  if (t.chains.has(name)) return plain('Chain already exists.');
  if (name.length > 28) return { message: `chain name \`${name}' too long (must be under 29 chars)`, status: 2, style: 'usage' };
  if (name.startsWith('-') || name === '!') return { message: `chain name not allowed to start with \`-'\n`, status: 2, style: 'usage' };
  t.chains.set(name, newUserChain(name));
  return undefined;
}

/** `-X [CHAIN]`: deletes an empty, unreferenced user chain (all of them without a name). */
export function deleteChain(table: TableName, t: Table, name?: string): NfError | undefined {
  if (name === undefined) {
    const users = [...t.chains.values()].filter((c) => !isBuiltin(table, c.name));
    for (const c of users) if (references(t, c.name) > 0 || c.rules.length > 0) return nftFail('CHAIN_DEL', 'Device or resource busy', c.name);
    for (const c of users) t.chains.delete(c.name);
    return undefined;
  }
  const c = t.chains.get(name);
  if (!c) return plain('No chain/target/match by that name.');
  if (isBuiltin(table, name) || references(t, name) > 0 || c.rules.length > 0) return nftFail('CHAIN_DEL', 'Device or resource busy', name);
  t.chains.delete(name);
  return undefined;
}

/** `-E OLD NEW`: renames a user chain and every jump to it. */
export function renameChain(table: TableName, t: Table, from: string, to: string): NfError | undefined {
  const c = t.chains.get(from);
  if (!c || isBuiltin(table, from)) return plain('No chain/target/match by that name.');
  if (t.chains.has(to)) return plain('File exists.');
  const chains = [...t.chains.values()];
  t.chains.clear();
  for (const ch of chains) {
    if (ch === c) ch.name = to;
    t.chains.set(ch.name, ch);
    // Targets are shared between namespaces (see Rule): replace, never edit.
    for (const r of ch.rules) if (r.target?.kind === 'jump' && r.target.chain === from) r.target = { ...r.target, chain: to };
  }
  return undefined;
}

/** `-F [CHAIN]`. */
export function flushChain(t: Table, name?: string): NfError | undefined {
  if (name === undefined) {
    for (const c of t.chains.values()) c.rules = [];
    return undefined;
  }
  const c = chainFor(t, name);
  if (isNfError(c)) return c;
  c.rules = [];
  return undefined;
}

/** `-Z [CHAIN [N]]`: zeroes rule counters (and the policy counters of built-in chains). */
export function zeroCounters(t: Table, name?: string, num?: number): NfError | undefined {
  const chains = name === undefined ? [...t.chains.values()] : [t.chains.get(name)];
  if (chains[0] === undefined) return plain('No chain/target/match by that name.');
  for (const c of chains as Chain[]) {
    const rules = num === undefined ? c.rules : c.rules.slice(num - 1, num);
    for (const r of rules) r.counters = { packets: 0, bytes: 0 };
    if (num === undefined) c.counters = { packets: 0, bytes: 0 };
  }
  return undefined;
}

/** `-P CHAIN POLICY`. */
export function setPolicy(table: TableName, t: Table, chain: string, policy: string): NfError | undefined {
  const c = t.chains.get(chain);
  if (!c || !isBuiltin(table, chain)) return plain('Bad built-in chain name.');
  if (policy !== 'ACCEPT' && policy !== 'DROP') return plain("Bad policy name. Run `dmesg' for more information.");
  c.policy = policy;
  return undefined;
}
