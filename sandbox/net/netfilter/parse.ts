/**
 * The iptables command line (iptables(8), iptables/xshared.c do_parse): one command
 * (-A -C -D -I -R -L -S -F -Z -N -X -E -P -V -h), its chain and rule number, and a rule
 * spec (header fields, `-m` matches with their options, `-j`/`-g` target with its options).
 * iptables-restore feeds each `-A ...` line through the same parser. Errors carry the exact
 * text iptables 1.8.9 prints after `iptables v1.8.9 (nf_tables): ` and its exit status.
 */
import { parseIpv4 } from '../../wire/index.ts';
import { maskOf } from '../../wire/index.ts';
import type { AddrMatch, Match, Rule, Target } from './types.ts';
import { MATCH_MODULES, MATCH_OPTIONS, finishMatch, newMatch, parseMatchOption } from './matches.ts';
import { TARGET_OPTIONS, finishTarget, newTarget, parseTargetOption } from './targets.ts';
import { protoNumber } from './names.ts';
import { cloneRule } from './tables.ts';

/** The command letters. */
export type IptCommand = 'A' | 'C' | 'D' | 'I' | 'R' | 'L' | 'S' | 'F' | 'Z' | 'N' | 'X' | 'E' | 'P' | 'V' | 'h';

/** A parsed command line. */
export interface ParsedCommand {
  command: IptCommand;
  /** `-L -Z` lists and zeroes. */
  zero: boolean;
  table: string;
  chain?: string;
  /** 1-based rule number (-D, -I, -R, -L, -S, -Z). */
  num?: number;
  /** -P's policy or -E's new name. */
  arg?: string;
  /** The rule spec, expanded (`-s a,b` gives two rules). */
  rules: Rule[];
  /** Whether any rule-spec option was given (for -D by spec). */
  hasSpec: boolean;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** A rejected command line: text after the program prefix, status, and whether the usage hint follows. */
export interface ParseError {
  message: string;
  status: number;
  /** Print without the `iptables v1.8.9 (nf_tables): ` prefix (`Bad argument ...`). */
  bare?: boolean;
}

const LONG: Record<string, string> = {
  '--append': 'A', '--check': 'C', '--delete': 'D', '--insert': 'I', '--replace': 'R', '--list': 'L',
  '--list-rules': 'S', '--flush': 'F', '--zero': 'Z', '--new-chain': 'N', '--delete-chain': 'X',
  '--rename-chain': 'E', '--policy': 'P', '--version': 'V', '--help': 'h', '--source': 's', '--src': 's',
  '--destination': 'd', '--dst': 'd', '--protocol': 'p', '--in-interface': 'i', '--out-interface': 'o',
  '--jump': 'j', '--goto': 'g', '--table': 't', '--match': 'm', '--numeric': 'n', '--verbose': 'v',
  '--exact': 'x', '--line-numbers': '0', '--wait': 'w', '--wait-interval': 'W', '--ipv4': '4',
};
const COMMANDS = 'ACDIRLSFZNXEPVh';
/** Every option some extension takes: these never abbreviate a core option. */
const EXTENSION_OPTIONS = new Set([...Object.values(MATCH_OPTIONS), ...Object.values(TARGET_OPTIONS)].flatMap((o) => Object.keys(o)));
const WITH_ARG = 'ACDIRNEPopsdjitmgW';

/** Parses `-s`/`-d` text (`10.0.0.0/8`, `1.2.3`, `a,b`) into masked prefixes. */
function parseAddrs(text: string, neg: boolean): AddrMatch[] | ParseError {
  const out: AddrMatch[] = [];
  for (const part of text.split(',')) {
    const [a, l, extra] = part.split('/');
    let len = 32;
    if (l !== undefined) {
      const dotted = parseIpv4(l);
      if (/^\d+$/.test(l) && Number(l) <= 32) len = Number(l);
      else if (dotted !== undefined && ((~dotted >>> 0) & ((~dotted >>> 0) + 1)) === 0) len = 32 - Math.log2((~dotted >>> 0) + 1);
      else return { message: `invalid mask \`${l}' specified`, status: 2 };
    }
    // xtables_numeric_to_ipaddr pads a short address with zero octets (`1.2.3` -> 1.2.3.0).
    const octets = a!.split('.');
    const padded = /^\d+(\.\d+){0,3}$/.test(a!) ? [...octets, '0', '0', '0'].slice(0, 4).join('.') : a!;
    const addr = parseIpv4(padded);
    if (addr === undefined || extra !== undefined) return { message: `host/network \`${a}' not found`, status: 2 };
    // 0.0.0.0/0 matches everything: iptables stores no address at all (nothing is saved).
    if (len !== 0 || neg) out.push({ addr: (addr & maskOf(len)) >>> 0, len, neg });
  }
  return out;
}

/** Parses an iptables argv (without argv[0]). */
export function parseCommand(argv: string[]): ParsedCommand | ParseError {
  const pc: ParsedCommand = { command: 'h', zero: false, table: 'filter', rules: [], hasSpec: false, numeric: false, verbose: false, exact: false, lineNumbers: false };
  let command: IptCommand | undefined;
  const base: Rule = { ip: {}, matches: [], counters: { packets: 0, bytes: 0 } };
  let srcs: AddrMatch[] | undefined;
  let dsts: AddrMatch[] | undefined;
  let target: Target | undefined;
  let neg = false;
  const fail = (message: string, status = 2): ParseError => ({ message, status });

  const setCommand = (c: IptCommand): ParseError | undefined => {
    if (command === undefined || (command === 'L' && c === 'Z') || (command === 'Z' && c === 'L')) {
      if (command === 'Z' || c === 'Z') pc.zero = command !== undefined;
      command = command === undefined ? c : 'L';
      return undefined;
    }
    return fail(`Cannot use -${c} with -${command}`);
  };
  // Optional positional arguments that follow a command (chain, rule number).
  const optional = (i: number): string | undefined => {
    const t = argv[i];
    return t !== undefined && !t.startsWith('-') && t !== '!' ? t : undefined;
  };

  for (let i = 0; i < argv.length; i++) {
    let tok = argv[i]!;
    if (tok === '!') {
      if (neg) return fail("multiple `!' flags not allowed");
      neg = true;
      continue;
    }
    let letters: string[];
    let inlineArg: string | undefined;
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      if (eq > 0) { inlineArg = tok.slice(eq + 1); tok = tok.slice(0, eq); }
      const exact = LONG[tok];
      const isExtension = exact === undefined && (EXTENSION_OPTIONS.has(tok) || !Object.keys(LONG).some((k) => k.startsWith(tok)));
      let letter = exact;
      if (letter === undefined && !isExtension) {
        const prefixed = Object.keys(LONG).filter((k) => k.startsWith(tok));
        letter = prefixed.length === 1 ? LONG[prefixed[0]!] : undefined;
      }
      if (letter === undefined) {
        // An extension option: the target's, then the newest match that takes it, then the
        // protocol's implicit match (`-p tcp --dport 80` loads `tcp`).
        const tOpts = target ? TARGET_OPTIONS[target.kind === 'NOTRACK' ? (target.ct ? 'CT' : 'NOTRACK') : target.kind] : undefined;
        const arityOf = (m: Match): number | undefined => MATCH_OPTIONS[m.module][tok];
        let owner: Match | Target | undefined = tOpts && tok in tOpts ? target : [...base.matches].reverse().find((m) => arityOf(m) !== undefined);
        if (!owner && base.ip.proto && !base.ip.proto.neg) {
          const implicit = ({ 6: 'tcp', 17: 'udp', 132: 'sctp', 1: 'icmp' } as const)[base.ip.proto.num as 6 | 17 | 132 | 1];
          if (implicit && MATCH_OPTIONS[implicit][tok] !== undefined && !base.matches.some((m) => m.module === implicit)) {
            const m = newMatch(implicit);
            base.matches.push(m);
            owner = m;
          }
        }
        if (!owner) return fail(`unknown option "${tok}"`);
        const arity = 'module' in owner ? arityOf(owner)! : tOpts![tok]!;
        const args = inlineArg !== undefined ? [inlineArg] : argv.slice(i + 1, i + 1 + arity);
        if (args.length < arity) return fail(`option "${tok}" requires an argument`);
        if (inlineArg === undefined) i += arity;
        const err = 'module' in owner ? parseMatchOption(owner, tok, args, neg) : parseTargetOption(owner, tok, args, base.ip.proto?.num);
        if (err !== undefined) return fail(err);
        neg = false;
        pc.hasSpec = true;
        continue;
      }
      letters = [letter];
    } else if (tok.startsWith('-') && tok.length > 1) {
      letters = [...tok.slice(1)];
    } else {
      return { message: `Bad argument \`${tok}'`, status: 2, bare: true };
    }

    for (let k = 0; k < letters.length; k++) {
      const c = letters[k]!;
      let arg: string | undefined;
      if (WITH_ARG.includes(c)) {
        const rest = letters.slice(k + 1).join('');
        if (rest !== '') arg = rest;
        else if (inlineArg !== undefined) arg = inlineArg;
        else arg = argv[++i];
        k = letters.length;
        if (arg === undefined) return fail(`option "${tok.startsWith('--') ? tok : `-${c}`}" requires an argument`);
      }
      if (COMMANDS.includes(c)) {
        const e = setCommand(c as IptCommand);
        if (e) return e;
        if (c === 'V' || c === 'h') continue;
        if (arg === undefined) {
          const o = optional(i + 1);
          if (o !== undefined) { arg = o; i++; }
        }
        if (arg !== undefined) pc.chain = arg;
        const next = optional(i + 1);
        if (c === 'E' || c === 'P') {
          if (next === undefined) return fail(c === 'P' ? '-P requires a chain and a policy' : '-E requires old-chain-name and new-chain-name');
          pc.arg = next;
          i++;
        } else if ('DIRLSZ'.includes(c) && next !== undefined && /^\d+$/.test(next)) {
          if (Number(next) < 1) return fail(`Invalid rule number \`${next}'`);
          pc.num = Number(next);
          i++;
        } else if (c === 'R' && next === undefined) {
          return fail('-R requires a rule number');
        }
        continue;
      }
      switch (c) {
        case 's': case 'd': {
          if ((c === 's' ? srcs : dsts) !== undefined) return fail(`multiple -${c} flags not allowed`);
          const a = parseAddrs(arg!, neg);
          if (!Array.isArray(a)) return a;
          if (c === 's') srcs = a.length ? a : undefined; else dsts = a.length ? a : undefined;
          break;
        }
        case 'p': {
          if (base.ip.proto) return fail('multiple -p flags not allowed');
          const n = protoNumber(arg!);
          if (n === undefined) return fail(`unknown protocol "${arg}" specified`);
          if (n !== 0 || neg) base.ip.proto = { num: n, neg };
          break;
        }
        case 'i': case 'o': {
          if (base.ip[c === 'i' ? 'in' : 'out']) return fail(`multiple -${c} flags not allowed`);
          if (arg!.length > 15) return fail(`interface name \`${arg}' must be shorter than IFNAMSIZ (15)`);
          base.ip[c === 'i' ? 'in' : 'out'] = { name: arg!, neg };
          break;
        }
        case 'm': {
          if (neg) return fail("unexpected ! flag before --match");
          if (!(MATCH_MODULES as readonly string[]).includes(arg!)) return fail(`Couldn't load match \`${arg}':No such file or directory\n`);
          base.matches.push(newMatch(arg as Match['module']));
          break;
        }
        case 'j': case 'g': {
          if (target) return fail(`multiple -${c} flags not allowed`);
          target = c === 'g' ? { kind: 'jump', chain: arg!, goto: true } : newTarget(arg!);
          break;
        }
        case 't': pc.table = arg!; break;
        case 'n': pc.numeric = true; break;
        case 'v': pc.verbose = true; break;
        case 'x': pc.exact = true; break;
        case '0': pc.lineNumbers = true; break;
        case 'w': case 'W': case '4': break;
        default: return fail(`unknown option "-${c}"`);
      }
      if ('sdpiomjg'.includes(c)) pc.hasSpec = true;
      neg = false;
    }
  }
  if (command === undefined) return fail('no command specified');
  pc.command = command;

  const proto = base.ip.proto && !base.ip.proto.neg ? base.ip.proto.num : undefined;
  for (const m of base.matches) {
    const e = finishMatch(m, proto);
    if (e !== undefined) return fail(e);
  }
  if (target) {
    const e = finishTarget(target);
    if (e !== undefined) return fail(e);
    base.target = target;
  }
  const chain = pc.chain ?? '';
  if (base.ip.in && ['OUTPUT', 'POSTROUTING'].includes(chain)) return fail(`Can't use -i with ${chain}\n`);
  if (base.ip.out && ['INPUT', 'PREROUTING'].includes(chain)) return fail(`Can't use -o with ${chain}\n`);
  const single = (srcs?.length ?? 1) * (dsts?.length ?? 1) === 1;
  for (const s of srcs ?? [undefined])
    for (const d of dsts ?? [undefined]) {
      const r: Rule = single ? base : cloneRule(base);
      if (s) r.ip.src = s;
      if (d) r.ip.dst = d;
      r.ip = orderHeader(r.ip);
      pc.rules.push(r);
    }
  return pc;
}

/** Header fields in a fixed key order, so rules compare equal whatever order they were typed in. */
const orderHeader = (ip: Rule['ip']): Rule['ip'] => {
  const o: Rule['ip'] = {};
  if (ip.src) o.src = ip.src;
  if (ip.dst) o.dst = ip.dst;
  if (ip.in) o.in = ip.in;
  if (ip.out) o.out = ip.out;
  if (ip.proto) o.proto = ip.proto;
  return o;
};

/** Splits a line the way iptables-restore does (whitespace, single and double quotes). */
export function splitRestoreLine(line: string): string[] | undefined {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === '\\' && line[i + 1] === quote) { cur += quote; i++; }
      else if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") { quote = ch; has = true; }
    else if (ch === ' ' || ch === '\t') { if (has || cur) out.push(cur); cur = ''; has = false; }
    else cur += ch;
  }
  if (quote) return undefined;
  if (has || cur) out.push(cur);
  return out;
}
