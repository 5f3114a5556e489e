/**
 * iptables-restore (iptables-restore(8), 1.8.9 nf_tables): tables opened with `*name`,
 * chains declared with `:NAME POLICY [pkts:bytes]`, command lines without `-t`, each table
 * applied atomically at `COMMIT`. Without --noflush a table named in the input is replaced
 * entirely; with it, a declared user chain that exists is flushed (how kube-proxy rewrites
 * its chains). Errors name the line and print as the real tool does; a failed table leaves
 * the state as it was (tables committed before it stay).
 */
import type { Netns } from '../types.ts';
import type { NfEnv } from './hook.ts';
import type { Chain, Rule, Table, TableName } from './types.ts';
import { parseCommand, splitRestoreLine, type ParseError, type ParsedCommand } from './parse.ts';
import { TABLE_NAMES, ensureTable, isBuiltin, netfilterChanged } from './tables.ts';
import {
  deleteChain, deleteRule, flushChain, insertRules, isNfError, newChain, refusedByKernel, renameChain, replaceRule, setPolicy,
  validateTable, zeroCounters, type NfError,
} from './ops.ts';

/** Options of iptables-restore. */
export interface RestoreOptions {
  /** `--noflush` / `-n`: keep what is there. */
  noflush: boolean;
  /** `--counters` / `-c`: take `[pkts:bytes]` from the input. */
  counters?: boolean;
  /** `--test` / `-t`: parse and check only. */
  test?: boolean;
}

/** Success, or the failing line with the exit status and the exact stderr text. */
export type RestoreResult = { ok: true } | { ok: false; line: number; status: number; stderr: string };

const PREFIX = 'iptables-restore v1.8.9 (nf_tables): ';
const usage = (msg: string, line: number): string =>
  `${PREFIX}${msg}\nError occurred at line: ${line}\nTry \`iptables-restore -h' or 'iptables-restore --help' for more information.\n`;

function failure(e: NfError, line: number): RestoreResult {
  if (e.style === 'usage') return { ok: false, line, status: e.status, stderr: usage(e.message.replace(/\n$/, ''), line) };
  if (e.style === 'plain') return { ok: false, line, status: e.status, stderr: `iptables-restore: line ${line} failed: ${e.message.replace(" Run `dmesg' for more information.", '')}\n` };
  return { ok: false, line, status: e.status, stderr: `${PREFIX}\nline ${line}:${e.message}\n` };
}

const emptyTable = (name: TableName): Table => ensureTable({ tables: new Map() }, name);

/** A parsed line: the command, or why it failed; `table` when the line used -t. */
type ParsedLine = { pc: ParsedCommand; table: boolean } | { error: ParseError } | undefined;

/**
 * Parsed rule lines by their text. parseCommand is a pure function of the text, and rule
 * specs are immutable (see Rule), so every namespace restoring the same line (kube-proxy
 * writes the same Service rules on every node) shares one parsed spec: restores after the
 * first cost a lookup per line, and 100 nodes hold one copy of each rule's spec.
 */
const parsedLines = new Map<string, ParsedLine>();
const MEMO_LIMIT = 400_000;

function parseLine(body: string): ParsedLine {
  if (parsedLines.has(body)) return parsedLines.get(body);
  const argv = splitRestoreLine(body);
  let parsed: ParsedLine;
  if (argv) {
    const pc = parseCommand(argv);
    parsed = 'status' in pc ? { error: pc } : { pc, table: argv.includes('-t') || argv.includes('--table') };
  }
  if (parsedLines.size >= MEMO_LIMIT) parsedLines.clear();
  parsedLines.set(body, parsed);
  return parsed;
}

/**
 * The table being restored. With --noflush it starts as a new map of the live table's chains
 * (shared, not copied) and a chain is copied the first time a line changes it (`owned`), so a
 * kube-proxy sync that rewrites a few chains of a 10,000-rule table copies those chains only;
 * the live table stays untouched until COMMIT swaps the map in. `owned` undefined: the table
 * started empty and every chain in it is new. `structural`: a chain was renamed or deleted.
 */
interface Open {
  name: TableName; work: Table; lastLine: Map<string, number>; owned: Set<Chain> | undefined; structural: boolean;
  /** The first rule line the kernel will refuse at COMMIT (checkentry: EINVAL), with its operation and chain. */
  refused?: { line: number; op: string; chain: string };
}

/** The working copy of `chain` in the open table, copied from the live one on first write. */
function own(open: Open, chain: string): void {
  const c = open.work.chains.get(chain);
  if (!c || !open.owned || open.owned.has(c)) return;
  const copy: Chain = { ...c, rules: c.rules.map((r) => ({ ...r })) };
  open.work.chains.set(chain, copy);
  open.owned.add(copy);
}

/**
 * Chains whose jumps COMMIT must check. The live table's chains were checked when they were
 * committed (and iptables refuses to delete a chain still jumped to), so only the chains this
 * restore wrote can jump to a missing chain, unless it renamed or deleted one.
 */
function chainsToCheck(open: Open): Iterable<Chain> {
  if (!open.owned || open.structural) return open.work.chains.values();
  return [...open.owned].filter((c) => open.work.chains.get(c.name) === c);
}

/**
 * The input split into lines, kept for the next call with the same text: kube-proxy loads
 * one payload on every node, and reusing the line strings also reuses their cached hashes in
 * the parsed-line memo.
 */
let lastSplit: { text: string; lines: string[] } | undefined;
function linesOf(text: string): string[] {
  if (lastSplit?.text !== text) lastSplit = { text, lines: text.split('\n') };
  return lastSplit.lines;
}

/**
 * Applies iptables-restore input to a namespace (what `iptables-restore` does, and what
 * kube-proxy and flanneld call directly). `env` is the world (unused today: restore needs no
 * time or chance), taken so callers pass the same arguments as to nfHook.
 */
export function iptablesRestore(env: NfEnv, ns: Netns, text: string, opts: RestoreOptions): RestoreResult {
  void env;
  const nf = ns.netfilter;
  const lines = linesOf(text);
  let open: Open | undefined;
  for (let n = 1; n <= lines.length; n++) {
    const raw = lines[n - 1]!;
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (!open) {
      if (!line.startsWith('*')) return { ok: false, line: n, status: 1, stderr: `iptables-restore: line ${n} failed\n` };
      const name = line.slice(1);
      if (!(TABLE_NAMES as string[]).includes(name))
        return { ok: false, line: n, status: 2, stderr: usage(`iptables-restore: line ${n} table name '${name}' invalid`, n) };
      const existing = nf.tables.get(name as TableName);
      open = opts.noflush && existing
        ? { name: name as TableName, work: { chains: new Map(existing.chains) }, lastLine: new Map(), owned: new Set(), structural: false }
        : { name: name as TableName, work: emptyTable(name as TableName), lastLine: new Map(), owned: undefined, structural: false };
      continue;
    }
    const { name, work } = open;
    if (line === 'COMMIT') {
      // The batch reaches the kernel at COMMIT; a rule its checkentry refuses fails it whole,
      // named by its own line (real iptables-restore, tests/fidelity/iptables-sctp.test.ts).
      if (open.refused) return failure({ message: ` ${open.refused.op} failed (Invalid argument): rule in chain ${open.refused.chain}`, status: 4, style: 'prefixed' }, open.refused.line);
      for (const c of chainsToCheck(open))
        for (const r of c.rules)
          if (r.target?.kind === 'jump' && !work.chains.has(r.target.chain))
            return { ok: false, line: n, status: 2, stderr: usage(`Chain '${r.target.chain}' does not exist`, n) };
      const bad = validateTable(name, work);
      if (bad) {
        const at = open.lastLine.get(bad.chain) ?? n;
        return failure({ message: ` RULE_APPEND failed (${bad.errno}): rule in chain ${bad.chain}`, status: 4, style: 'prefixed' }, at);
      }
      if (!opts.test) {
        nf.tables.set(name, work);
        netfilterChanged(nf);
      }
      open = undefined;
      continue;
    }
    if (line.startsWith(':')) {
      const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?/.exec(line);
      if (!m) return { ok: false, line: n, status: 1, stderr: `iptables-restore: line ${n} failed\n` };
      const [, chain, policy, pk, by] = m as unknown as [string, string, string, string?, string?];
      if (isBuiltin(name, chain)) {
        own(open, chain);
        const e = policy === '-' ? undefined : setPolicy(name, work, chain, policy);
        if (e) return failure(e, n);
        if (opts.counters && pk !== undefined) work.chains.get(chain)!.counters = { packets: Number(pk), bytes: Number(by) };
      } else if (work.chains.has(chain)) {
        // Declared again: flushed, so its old rules need no copy.
        const fresh = { ...work.chains.get(chain)!, rules: [] };
        work.chains.set(chain, fresh);
        open.owned?.add(fresh);
      } else {
        const e = newChain(work, chain);
        if (e) return failure(e, n);
        open.owned?.add(work.chains.get(chain)!);
      }
      continue;
    }
    let body = line;
    let counters: Rule['counters'] | undefined;
    const cm = body.charCodeAt(0) === 0x5b /* [ */ ? /^\[(\d+):(\d+)\]\s+/.exec(body) : null;
    if (cm) {
      counters = { packets: Number(cm[1]), bytes: Number(cm[2]) };
      body = body.slice(cm[0].length);
    }
    const parsed = parseLine(body);
    if (!parsed) return { ok: false, line: n, status: 1, stderr: `iptables-restore: line ${n} failed\n` };
    if ('error' in parsed) {
      const pe = parsed.error;
      return { ok: false, line: n, status: pe.status, stderr: pe.bare ? `${pe.message}\nError occurred at line: ${n}\n` : usage(pe.message.replace(/\n$/, ''), n) };
    }
    if (parsed.table)
      return { ok: false, line: n, status: 2, stderr: usage(`The -t option (seen in line ${n}) cannot be used in iptables-restore.\n`, n) };
    const memo = parsed.pc;
    // Fresh rule wrappers around the shared, immutable specs.
    const rules: Rule[] = memo.rules.map((r) => ({
      ip: r.ip, matches: r.matches, ...(r.target ? { target: r.target } : {}),
      counters: opts.counters && counters ? { ...counters } : { packets: 0, bytes: 0 },
    }));
    const pc = memo;
    const chain = pc.chain ?? '';
    const op = pc.command === 'A' ? 'RULE_APPEND' : pc.command === 'I' ? 'RULE_INSERT' : pc.command === 'R' ? 'RULE_REPLACE' : undefined;
    if (op && !open.refused && rules.some(refusedByKernel)) open.refused = { line: n, op, chain };
    let e: NfError | undefined;
    // Copy on write: only the chains this line changes are copied from the live table.
    if (pc.command === 'E' || (pc.chain === undefined && (pc.command === 'F' || pc.command === 'Z'))) for (const k of [...work.chains.keys()]) own(open, k);
    else if (pc.command !== 'N' && pc.command !== 'X') own(open, chain);
    if (pc.command === 'E' || pc.command === 'X') open.structural = true;
    switch (pc.command) {
      case 'A': {
        const c = work.chains.get(chain);
        if (!c) e = { message: 'No chain/target/match by that name.', status: 1, style: 'plain' };
        else { for (const r of rules) c.rules.push(r); open.lastLine.set(chain, n); }
        break;
      }
      case 'I': e = insertRules(name, work, chain, pc.num ?? 1, rules); open.lastLine.set(chain, n); break;
      case 'R': e = replaceRule(name, work, chain, pc.num ?? 1, rules[0]!); break;
      case 'D': e = deleteRule(work, chain, pc.num ?? rules[0]!); break;
      case 'N': e = newChain(work, chain); if (!e) open.owned?.add(work.chains.get(chain)!); break;
      case 'X': e = deleteChain(name, work, pc.chain); break;
      case 'E': e = renameChain(name, work, chain, pc.arg ?? ''); break;
      case 'F': e = flushChain(work, pc.chain); break;
      case 'Z': { const z = zeroCounters(work, pc.chain, pc.num); e = isNfError(z) ? z : undefined; break; }
      case 'P': e = setPolicy(name, work, chain, pc.arg ?? ''); break;
      default: return { ok: false, line: n, status: 1, stderr: `iptables-restore: line ${n} failed\n` };
    }
    if (e) return failure(e, n);
  }
  if (open) return { ok: false, line: lines.length, status: 1, stderr: `iptables-restore: COMMIT expected at line ${lines.length}\n` };
  return { ok: true };
}
