/**
 * GNU getopt_long as coreutils and grep use it: bundled short options (`-vn`), option
 * arguments glued or separate (`-n5`, `-n 5`, `--lines=5`, `--lines 5`), unambiguous long
 * prefixes, `--` ending options, and options allowed after operands (argument permutation).
 * Errors are the exact glibc messages; the tool adds its own "Try '... --help'" line.
 */

/** What a tool accepts. */
export interface OptSpec {
  /** Short options without an argument (`"ivcnowEFxqlhHs"`). */
  flags: string;
  /** Short options that take an argument (`"ABCemf"`). */
  withArg: string;
  /** Long option -> the short letter it stands for (or its own name) and whether it takes an argument. */
  long?: Record<string, { key: string; arg: boolean }>;
}

/** Parsed options in order, and the operands. */
export type GetoptResult =
  | { ok: true; opts: { key: string; value: string }[]; operands: string[] }
  | { ok: false; message: string };

/** Parses argv (without argv[0]) for `tool`. */
export function getopt(tool: string, args: string[], spec: OptSpec): GetoptResult {
  const opts: { key: string; value: string }[] = [];
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      const longs = spec.long ?? {};
      const exact = longs[name];
      const matches = exact ? [name] : Object.keys(longs).filter((l) => l.startsWith(name));
      if (matches.length !== 1) {
        return { ok: false, message: matches.length > 1 ? `${tool}: option '${a}' is ambiguous` : `${tool}: unrecognized option '${a}'` };
      }
      const lname = matches[0] ?? '';
      const def = longs[lname];
      if (!def) return { ok: false, message: `${tool}: unrecognized option '${a}'` };
      if (def.arg) {
        if (eq >= 0) opts.push({ key: def.key, value: a.slice(eq + 1) });
        else if (i + 1 < args.length) opts.push({ key: def.key, value: args[++i] ?? '' });
        else return { ok: false, message: `${tool}: option '--${lname}' requires an argument` };
      } else {
        if (eq >= 0) return { ok: false, message: `${tool}: option '--${lname}' doesn't allow an argument` };
        opts.push({ key: def.key, value: '' });
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        if (spec.flags.includes(c)) opts.push({ key: c, value: '' });
        else if (spec.withArg.includes(c)) {
          if (j + 1 < a.length) opts.push({ key: c, value: a.slice(j + 1) });
          else if (i + 1 < args.length) opts.push({ key: c, value: args[++i] ?? '' });
          else return { ok: false, message: `${tool}: option requires an argument -- '${c}'` };
          break;
        } else return { ok: false, message: `${tool}: invalid option -- '${c}'` };
      }
      continue;
    }
    operands.push(a);
  }
  return { ok: true, opts, operands };
}

/** Quotes a value as coreutils does in a UTF-8 locale (‘x’). */
export const q = (s: string) => `‘${s}’`;
