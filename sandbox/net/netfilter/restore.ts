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
import type { Rule, Table, TableName } from './types.ts';
import { parseCommand, splitRestoreLine, type ParseError, type ParsedCommand } from './parse.ts';
import { TABLE_NAMES, cloneTable, ensureTable, isBuiltin, netfilterChanged } from './tables.ts';
import {
  deleteChain, deleteRule, flushChain, insertRules, isNfError, newChain, renameChain, replaceRule, setPolicy,
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
 * Applies iptables-restore input to a namespace (what `iptables-restore` does, and what
 * kube-proxy and flanneld call directly). `env` is the world (unused today: restore needs no
 * time or chance), taken so callers pass the same arguments as to nfHook.
 */
export function iptablesRestore(env: NfEnv, ns: Netns, text: string, opts: RestoreOptions): RestoreResult {
  void env;
  const nf = ns.netfilter;
  const lines = text.split('\n');
  let open: { name: TableName; work: Table; lastLine: Map<string, number> } | undefined;
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
      open = { name: name as TableName, work: opts.noflush && existing ? cloneTable(existing) : emptyTable(name as TableName), lastLine: new Map() };
      continue;
    }
    const { name, work } = open;
    if (line === 'COMMIT') {
      for (const c of work.chains.values())
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
        const e = policy === '-' ? undefined : setPolicy(name, work, chain, policy);
        if (e) return failure(e, n);
        if (opts.counters && pk !== undefined) work.chains.get(chain)!.counters = { packets: Number(pk), bytes: Number(by) };
      } else if (work.chains.has(chain)) {
        work.chains.get(chain)!.rules = [];
      } else {
        const e = newChain(work, chain);
        if (e) return failure(e, n);
      }
      continue;
    }
    let body = line;
    let counters: Rule['counters'] | undefined;
    const cm = /^\[(\d+):(\d+)\]\s+/.exec(body);
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
    const pc = { ...memo, rules };
    const chain = pc.chain ?? '';
    let e: NfError | undefined;
    switch (pc.command) {
      case 'A': {
        const c = work.chains.get(chain);
        if (!c) e = { message: 'No chain/target/match by that name.', status: 1, style: 'plain' };
        else { c.rules.push(...pc.rules); open.lastLine.set(chain, n); }
        break;
      }
      case 'I': e = insertRules(name, work, chain, pc.num ?? 1, pc.rules); open.lastLine.set(chain, n); break;
      case 'R': e = replaceRule(name, work, chain, pc.num ?? 1, pc.rules[0]!); break;
      case 'D': e = deleteRule(work, chain, pc.num ?? pc.rules[0]!); break;
      case 'N': e = newChain(work, chain); break;
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
