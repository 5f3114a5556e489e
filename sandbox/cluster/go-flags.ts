/**
 * Command-line flags as the Go programs in the images parse them, so a container's `args`
 * mean what they mean on a real cluster:
 * - Go's flag package (traefik/whoami, hashicorp/http-echo; src/flag/flag.go parseOne): `-name`
 *   and `--name` are the same; `-name=value`; `-name value` except for booleans, where `-name`
 *   alone means true and `-name=false` turns it off; parsing stops at the first non-flag
 *   argument, a lone `-`, or after `--`; an undefined flag, a missing value or a bad value
 *   makes the program exit with status 2 (flag.ExitOnError).
 * - spf13/pflag, under cobra (agnhost's subcommands): long flags take two dashes (`--port`,
 *   `--port=80`, `--port 80`; a boolean `--udp` alone is true), flags and arguments may be
 *   interspersed, `--` ends the flags; a single dash introduces shorthands, which agnhost's
 *   subcommands do not define, so `-port` is an unknown shorthand.
 */

/** A flag's type: booleans take no separate value; ints must parse. */
export type FlagType = 'bool' | 'string' | 'int';

/** The flags a program defines, with their defaults (as the program's usage prints them). */
export type FlagSet = Readonly<Record<string, { type: FlagType; def: string }>>;

/** Parsed values (every defined flag, defaults filled in) and the remaining arguments; or the program's error. */
export type Parsed = { values: Record<string, string>; args: string[] } | { error: string };

// strconv.ParseBool's spellings.
const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

/** A value in flag's canonical form ("true"/"false", the integer), or undefined when it does not parse. */
function canonical(type: FlagType, v: string): string | undefined {
  if (type === 'bool') return TRUE.includes(v) ? 'true' : FALSE.includes(v) ? 'false' : undefined;
  if (type === 'int') return /^[+-]?\d+$/.test(v) ? String(Number(v)) : undefined;
  return v;
}

const defaults = (set: FlagSet): Record<string, string> => Object.fromEntries(Object.entries(set).map(([k, d]) => [k, d.def]));

/** Go's flag package (FlagSet.Parse with ExitOnError). */
export function parseGoFlags(argv: readonly string[], set: FlagSet): Parsed {
  const values = defaults(set);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.length < 2 || a[0] !== '-') return { values, args: argv.slice(i) };
    let name = a.slice(1);
    if (name[0] === '-') {
      name = name.slice(1);
      if (name === '') return { values, args: argv.slice(i + 1) };
    }
    if (name === '' || name[0] === '-' || name[0] === '=') return { error: `bad flag syntax: ${a}` };
    const eq = name.indexOf('=');
    const value = eq >= 0 ? name.slice(eq + 1) : undefined;
    if (eq >= 0) name = name.slice(0, eq);
    const def = set[name];
    if (!def) return { error: `flag provided but not defined: -${name}` };
    let v = value;
    if (v === undefined && def.type === 'bool') v = 'true';
    if (v === undefined) {
      if (i + 1 >= argv.length) return { error: `flag needs an argument: -${name}` };
      v = argv[++i]!;
    }
    const c = canonical(def.type, v);
    if (c === undefined) return { error: `invalid ${def.type === 'bool' ? 'boolean ' : ''}value "${v}" for flag -${name}: parse error` };
    values[name] = c;
  }
  return { values, args: [] };
}

/** spf13/pflag (cobra's default: interspersed flags and arguments, no shorthands defined). */
export function parsePflags(argv: readonly string[], set: FlagSet): Parsed {
  const values = defaults(set);
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { values, args: [...args, ...argv.slice(i + 1)] };
    if (!a.startsWith('-') || a === '-') {
      args.push(a);
      continue;
    }
    if (!a.startsWith('--')) return { error: `unknown shorthand flag: '${a[1]}' in ${a}` };
    const body = a.slice(2);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const def = set[name];
    if (!def) return { error: `unknown flag: --${name}` };
    let v = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (v === undefined && def.type === 'bool') v = 'true';
    if (v === undefined) {
      if (i + 1 >= argv.length) return { error: `flag needs an argument: --${name}` };
      v = argv[++i]!;
    }
    const c = canonical(def.type, v);
    if (c === undefined) return { error: `invalid argument "${v}" for "--${name}" flag: strconv.Parse${def.type === 'bool' ? 'Bool' : 'Int'}: parsing "${v}": invalid syntax` };
    values[name] = c;
  }
  return { values, args };
}
