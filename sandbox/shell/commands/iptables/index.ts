/**
 * iptables (iptables(8), 1.8.9 with the nf_tables backend, as Debian 12 and the reference
 * lab run it): -L/-S listings, -A -I -D -R -C -N -X -E -F -Z -P changes, -V, -h. Parsing and
 * state changes are netfilter's (sandbox/net/netfilter); this file prints and maps errors to
 * the real texts and exit statuses (1 other, 2 parameter, 3 version/table, 4 resource).
 * Also registered as `iptables-nft`, the same binary under its backend name.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import {
  appendRules, chainFor, deleteChain, deleteRule, ensureTable, findRule, flushChain, insertRules, isNfError, listChains,
  netfilterChanged, newChain, parseCommand, renameChain, replaceRule, saveRule, setPolicy, tableFor, zeroCounters, BUILTIN_CHAINS,
  saveHeader, saveMatch, saveTarget, type NfError, type ParsedCommand, type Rule, type Table, type TableName,
} from '../../../net/netfilter/index.ts';
import { isBuiltin } from '../../../net/netfilter/index.ts';
import { formatChain, formatRuleLine, type ListFormat } from './list.ts';
import { IPTABLES_HELP } from './help.ts';
import { hostsLookup } from './hosts.ts';
import { nftNotPermitted } from './permission.ts';

const VERSION = 'iptables v1.8.9 (nf_tables)';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

/** Prints an error as iptables does and returns its exit status. */
export function reportError(ctx: CommandContext, e: NfError | { message: string; status: number; bare?: boolean }): number {
  if ('style' in e) {
    if (e.style === 'plain') ctx.stderr.write(`iptables: ${e.message}\n`);
    else ctx.stderr.write(`${VERSION}: ${e.message}\n${e.style === 'usage' ? TRY : ''}`);
  } else ctx.stderr.write(e.bare ? `${e.message}\n${TRY}` : `${VERSION}: ${e.message}\n${TRY}`);
  return e.status;
}

/** A table that does not exist yet lists as its built-in chains with ACCEPT policies. */
const virtualTable = (name: TableName): Table => ensureTable({ tables: new Map() }, name);

function list(ctx: CommandContext, pc: ParsedCommand, table: TableName, t: Table): number {
  const f: ListFormat = { numeric: pc.numeric, verbose: pc.verbose, exact: pc.exact, lineNumbers: pc.lineNumbers, hostName: hostsLookup(ctx.machine.files.get('/etc/hosts')) };
  if (pc.chain !== undefined) {
    const c = t.chains.get(pc.chain);
    if (!c) return reportError(ctx, { message: `chain \`${pc.chain}' in table \`${table}' is incompatible, use 'nft' tool.`, status: 1, style: 'prefixed' });
    if (pc.num !== undefined) {
      const r = c.rules[pc.num - 1];
      if (r) ctx.stdout.write(formatRuleLine(r, pc.num, f));
    } else ctx.stdout.write(formatChain(table, t, c, f));
  } else {
    ctx.stdout.write(listChains(t, table).map((c) => formatChain(table, t, c, f)).join('\n'));
  }
  if (pc.zero) zeroCounters(t, pc.chain);
  return 0;
}

function listRules(ctx: CommandContext, pc: ParsedCommand, table: TableName, t: Table): number {
  const counters = (c: { packets: number; bytes: number }): string => (pc.verbose ? ` -c ${c.packets} ${c.bytes}` : '');
  // With -v the counters go between the matches and the target (nft_rule_print_save).
  const rule = (chain: string, r: Rule): string =>
    pc.verbose ? `-A ${chain}${saveHeader(r.ip)}${r.matches.map(saveMatch).join('')}${counters(r.counters)}${r.target ? saveTarget(r.target) : ''}` : saveRule(chain, r);
  let out = '';
  if (pc.chain !== undefined) {
    const c = t.chains.get(pc.chain);
    if (!c) return reportError(ctx, { message: `chain \`${pc.chain}' in table \`${table}' is incompatible, use 'nft' tool.`, status: 1, style: 'prefixed' });
    if (pc.num !== undefined) {
      const r = c.rules[pc.num - 1];
      if (r) out += rule(c.name, r) + '\n';
    } else {
      out += isBuiltin(table, c.name) ? `-P ${c.name} ${c.policy}${counters(c.counters)}\n` : `-N ${c.name}\n`;
      for (const r of c.rules) out += rule(c.name, r) + '\n';
    }
  } else {
    const chains = listChains(t, table);
    for (const c of chains) out += isBuiltin(table, c.name) ? `-P ${c.name} ${c.policy}${counters(c.counters)}\n` : `-N ${c.name}\n`;
    for (const c of chains) for (const r of c.rules) out += rule(c.name, r) + '\n';
  }
  ctx.stdout.write(out);
  if (pc.zero) zeroCounters(t, pc.chain);
  return 0;
}

/** Runs a changing command on the table; a table created for it vanishes again on failure. */
function change(ctx: CommandContext, pc: ParsedCommand, table: TableName): number {
  const nf = ctx.netns.netfilter;
  const existed = nf.tables.has(table);
  const t = ensureTable(nf, table);
  const chain = pc.chain ?? '';
  let e: NfError | undefined;
  switch (pc.command) {
    case 'A': e = appendRules(table, t, chain, pc.rules); break;
    case 'I': e = insertRules(table, t, chain, pc.num ?? 1, pc.rules); break;
    case 'R': e = replaceRule(table, t, chain, pc.num ?? 1, pc.rules[0]!); break;
    case 'D':
      if (pc.num !== undefined) e = deleteRule(t, chain, pc.num);
      else for (const r of pc.rules) { e = deleteRule(t, chain, r); if (e) break; }
      break;
    case 'C': {
      const c = chainFor(t, chain);
      if (isNfError(c)) e = c;
      else if (pc.rules.some((r) => findRule(c, r) < 0)) e = { message: 'Bad rule (does a matching rule exist in that chain?).', status: 1, style: 'plain' };
      break;
    }
    case 'N': e = newChain(t, chain); break;
    // A built-in chain of a table nothing created yet does not exist in nf_tables either.
    case 'X': e = !existed && pc.chain !== undefined ? { message: 'No chain/target/match by that name.', status: 1, style: 'plain' } : deleteChain(table, t, pc.chain); break;
    case 'E': e = renameChain(table, t, chain, pc.arg ?? ''); break;
    case 'F': e = flushChain(t, pc.chain); break;
    case 'Z': e = zeroCounters(t, pc.chain, pc.num); break;
    case 'P': e = setPolicy(table, t, chain, pc.arg ?? ''); break;
    default: break;
  }
  if (e) {
    if (!existed) nf.tables.delete(table);
    return reportError(ctx, e);
  }
  netfilterChanged(nf);
  return 0;
}

function run(ctx: CommandContext): number {
  const pc = parseCommand(ctx.argv.slice(1));
  if ('status' in pc) return reportError(ctx, pc);
  // libxt_set looks the set up while parsing (get_set_byname), before anything is changed.
  const missingSet = pc.rules.flatMap((r) => r.matches).find((m) => m.module === 'set' && !ctx.netns.ipsets?.sets.some((s) => s.name === m.name));
  if (missingSet?.module === 'set') return reportError(ctx, { message: `Set ${missingSet.name} doesn't exist.\n`, status: 2 });
  if (pc.command === 'V') {
    ctx.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (pc.command === 'h') {
    ctx.stdout.write(IPTABLES_HELP);
    return 0;
  }
  const denied = nftNotPermitted(ctx, 'iptables');
  if (denied !== undefined) return denied;
  const found = tableFor(ctx.netns.netfilter, pc.table, false);
  if (isNfError(found)) return reportError(ctx, found);
  const table = pc.table as TableName;
  if (pc.command === 'L' || pc.command === 'S') {
    const t = found ?? virtualTable(table);
    return pc.command === 'L' ? list(ctx, pc, table, t) : listRules(ctx, pc, table, t);
  }
  if ((pc.command === 'A' || pc.command === 'I' || pc.command === 'C' || pc.command === 'R') && pc.chain === undefined)
    return reportError(ctx, { message: `option "-${pc.command}" requires an argument`, status: 2 });
  return change(ctx, pc, table);
}

/** Chains and tables for completion. */
function complete(words: string[], _partial: string, place: Parameters<NonNullable<CommandSpec['complete']>>[2]): string[] {
  const prev = words[words.length - 1];
  const ti = words.indexOf('-t');
  const table = (ti >= 0 ? words[ti + 1] : 'filter') as TableName;
  if (prev === '-t' || prev === '--table') return ['filter', 'nat', 'mangle', 'raw'];
  if (prev === '-j') return ['ACCEPT', 'DROP', 'RETURN', 'REJECT', 'LOG', 'MARK', 'DNAT', 'SNAT', 'MASQUERADE', ...chainNames(place.netns.netfilter.tables.get(table), table)];
  if (prev && /^-[ACDILSFZNXRP]$/.test(prev)) return chainNames(place.netns.netfilter.tables.get(table), table);
  return ['-A', '-C', '-D', '-I', '-L', '-S', '-F', '-N', '-X', '-P', '-Z', '-t', '-n', '-v', '-j', '-s', '-d', '-p', '-m', '--line-numbers'];
}

const chainNames = (t: Table | undefined, table: TableName): string[] =>
  t ? [...t.chains.keys()] : [...(BUILTIN_CHAINS[table] ?? [])];

/** `iptables`. */
export const iptables: CommandSpec = { name: 'iptables', run, complete };

/** `iptables-nft`: the same binary under its backend's name (Debian's alternatives). */
export const iptablesNft: CommandSpec = { name: 'iptables-nft', run, complete };
