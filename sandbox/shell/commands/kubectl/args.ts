/**
 * kubectl's command line as cobra/pflag parse it: long flags `--name=value` or `--name
 * value`, short flags `-n value`, `-nvalue` and bundled booleans `-it`, flags anywhere among
 * the positional arguments, everything after `--` passed through untouched. Unknown flags
 * fail with pflag's words (`unknown flag: --foo`, `unknown shorthand flag: 'x' in -x`).
 */

/** One flag kubectl accepts. */
export interface FlagDef {
  long: string;
  short?: string;
  /** Takes a value (string flags); booleans take none (`--all`, or `--all=false`). */
  value: boolean;
  /** May be given several times (`-f a.yaml -f b.yaml`, `--env A=1 --env B=2`). */
  repeat?: boolean;
  /** The subcommands that have this flag (all when absent): `-p` is `--previous` for logs, `--patch` for patch. */
  only?: string[];
}

/** Every flag of the subcommands the sandbox implements. */
export const FLAGS: FlagDef[] = [
  { long: 'namespace', short: 'n', value: true },
  { long: 'all-namespaces', short: 'A', value: false },
  { long: 'output', short: 'o', value: true },
  { long: 'selector', short: 'l', value: true },
  { long: 'show-labels', value: false },
  { long: 'filename', short: 'f', value: true, repeat: true },
  { long: 'container', short: 'c', value: true },
  { long: 'stdin', short: 'i', value: false },
  { long: 'tty', short: 't', value: false },
  { long: 'image', value: true, repeat: true }, // a string slice for create deployment; run takes the last
  { long: 'replicas', value: true },
  { long: 'all', value: false },
  { long: 'overwrite', value: false },
  { long: 'for', value: true },
  { long: 'timeout', value: true },
  { long: 'port', value: true },
  { long: 'restart', value: true },
  { long: 'labels', value: true },
  { long: 'command', value: false },
  { long: 'dry-run', value: true },
  { long: 'grace-period', value: true },
  { long: 'force', value: false },
  { long: 'now', value: false },
  { long: 'wait', value: false },
  { long: 'tail', value: true },
  { long: 'previous', short: 'p', value: false, only: ['logs'] },
  { long: 'patch', short: 'p', value: true, only: ['patch'] },
  { long: 'env', value: true, repeat: true },
  { long: 'rm', value: false },
  { long: 'quiet', short: 'q', value: false },
  { long: 'no-headers', value: false },
  { long: 'watch', short: 'w', value: false },
  { long: 'help', short: 'h', value: false },
  { long: 'recursive', short: 'R', value: false },
  { long: 'validate', value: true },
  { long: 'target-port', value: true },
  { long: 'name', value: true },
  { long: 'type', value: true },
  { long: 'protocol', value: true },
  { long: 'from-literal', value: true, repeat: true },
  { long: 'current-replicas', value: true },
  { long: 'field-selector', value: true },
  { long: 'sort-by', value: true },
  { long: 'show-kind', value: false },
  { long: 'ignore-not-found', value: false },
  { long: 'context', value: true },
  { long: 'kubeconfig', value: true },
  { long: 'tcp', value: true, repeat: true },
  { long: 'node-port', value: true },
  { long: 'external-name', value: true },
  { long: 'cluster-ip', value: true },
  { long: 'clusterip', value: true },
  { long: 'rule', value: true, repeat: true },
  { long: 'class', value: true },
  { long: 'address', value: true, repeat: true },
  { long: 'pod-running-timeout', value: true },
  { long: 'target', value: true },
  { long: 'attach', value: false },
  { long: 'record', value: false },
  { long: 'prefix', value: false },
  { long: 'copy-to', value: true, only: ['debug'] },
  { long: 'profile', value: true, only: ['debug'] },
  { long: 'share-processes', value: false, only: ['debug'] },
  { long: 'same-node', value: false, only: ['debug'] },
  { long: 'replace', value: false, only: ['debug'] },
  { long: 'set-image', value: true, repeat: true, only: ['debug'] },
  { long: 'image-pull-policy', value: true, only: ['debug'] },
  { long: 'arguments-only', value: false, only: ['debug'] },
];

/** The flags of subcommand `sub` (those without `only`, and those whose `only` names it). */
export const flagsFor = (sub: string | undefined): FlagDef[] => FLAGS.filter((f) => !f.only || (sub !== undefined && f.only.includes(sub)));

/** Parsed flags and positionals; `rest` is what followed `--`. */
export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
  /** undefined when there was no `--`. */
  rest?: string[];
}

/** Parses argv (without `kubectl`); a pflag error string on a bad flag. */
export function parseArgs(argv: string[], defs: FlagDef[] = FLAGS): ParsedArgs | string {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  const put = (d: FlagDef, v: string) => flags.set(d.long, d.repeat ? [...(flags.get(d.long) ?? []), v] : [v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return { flags, positional, rest: argv.slice(i + 1) };
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const d = defs.find((f) => f.long === name);
      if (!d) return `unknown flag: --${name}`;
      if (d.value) {
        if (eq >= 0) put(d, a.slice(eq + 1));
        else if (i + 1 < argv.length) put(d, argv[++i]!);
        else return `flag needs an argument: --${name}`;
      } else put(d, eq >= 0 ? a.slice(eq + 1) : 'true');
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j]!;
        const d = defs.find((f) => f.short === ch);
        if (!d) return `unknown shorthand flag: '${ch}' in ${a}`;
        if (!d.value) { put(d, 'true'); continue; }
        const inline = a.slice(j + 1).replace(/^=/, '');
        if (inline) put(d, inline);
        else if (i + 1 < argv.length) put(d, argv[++i]!);
        else return `flag needs an argument: '${ch}' in -${ch}`;
        break;
      }
      continue;
    }
    positional.push(a);
  }
  return { flags, positional };
}

/** The last value of a flag. */
export const flagValue = (p: ParsedArgs, name: string): string | undefined => p.flags.get(name)?.at(-1);

/** Whether a boolean flag is set (and not `=false`). */
export const flagBool = (p: ParsedArgs, name: string): boolean => {
  const v = flagValue(p, name);
  return v !== undefined && v !== 'false';
};
