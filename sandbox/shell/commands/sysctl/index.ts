/**
 * `sysctl` (procps-ng 4.0.2, sysctl(8)) for the namespace the shell stands in: read
 * `key...` (or a subtree prefix), `-w key=value` (and `key=value` without -w), -n, -q, -a,
 * -N, -e. Values and defaults come from net/sysctl.ts; messages and statuses are procps's.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { getSysctl, listSysctl, normalizeKey, procSysPath, setSysctl } from '../../../net/sysctl.ts';

interface SysctlOpts { values: boolean; names: boolean; quiet: boolean; write: boolean; all: boolean; ignore: boolean }

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

function run(ctx: CommandContext): number {
  const o: SysctlOpts = { values: false, names: false, quiet: false, write: false, all: false, ignore: false };
  const words: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (a === '--') continue;
    if (a.startsWith('--')) {
      const long = a.slice(2);
      if (long === 'all') o.all = true;
      else if (long === 'values') o.values = true;
      else if (long === 'names') o.names = true;
      else if (long === 'quiet') o.quiet = true;
      else if (long === 'write') o.write = true;
      else if (long === 'ignore') o.ignore = true;
      else if (long === 'version') { ctx.stdout.write('sysctl from procps-ng 4.0.2\n'); return 0; }
      else if (long === 'help') { ctx.stdout.write(USAGE); return 0; }
      else { ctx.stderr.write(`sysctl: unrecognized option '${a}'\n${USAGE}`); return 1; }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        if (c === 'a' || c === 'A' || c === 'X') o.all = true;
        else if (c === 'n') o.values = true;
        else if (c === 'N') o.names = true;
        else if (c === 'q') o.quiet = true;
        else if (c === 'w') o.write = true;
        else if (c === 'e') o.ignore = true;
        else if (c === 'o' || c === 'x' || c === 'b') continue;
        else if (c === 'V') { ctx.stdout.write('sysctl from procps-ng 4.0.2\n'); return 0; }
        else if (c === 'h' || c === 'd') { ctx.stdout.write(USAGE); return 0; }
        else { ctx.stderr.write(`sysctl: invalid option -- '${c}'\n${USAGE}`); return 1; }
      }
      continue;
    }
    words.push(a);
  }
  const line = (k: string, v: string) => (o.values ? `${v}\n` : o.names ? `${k}\n` : `${k} = ${v}\n`);
  if (o.all) {
    for (const [k, v] of listSysctl(ctx.netns)) ctx.stdout.write(line(k, v));
    return 0;
  }
  if (words.length === 0) {
    // Bare `sysctl` prints the usage; with options but no variable procps complains instead.
    ctx.stderr.write(ctx.argv.length > 1 ? 'sysctl: no variables specified\nTry `sysctl --help\' for more information.\n' : USAGE);
    return 1;
  }
  let status = 0;
  let syntaxReported = false;
  for (const w of words) {
    const eq = w.indexOf('=');
    if (eq < 0 && o.write) {
      if (!syntaxReported) ctx.stderr.write('sysctl: command line(0): invalid syntax, continuing...\n');
      syntaxReported = true;
      status = 1;
      continue;
    }
    if (eq >= 0) {
      const key = normalizeKey(w.slice(0, eq).trim());
      const value = w.slice(eq + 1).trim();
      // A container's /proc/sys is read-only: procps reports the EROFS of the write as
      // "permission denied" (fixtures/edges-node/caps.json); a missing key fails first.
      if (ctx.machine.procSysReadOnly && getSysctl(ctx.netns, key) !== undefined) {
        ctx.stderr.write(`sysctl: permission denied on key "${key}"\n`);
        status = 1;
        continue;
      }
      const r = setSysctl(ctx.netns, key, value);
      if (!r.ok) {
        if (r.errno === 'ENOENT' && o.ignore) continue;
        if (r.errno === 'ENOENT') ctx.stderr.write(`sysctl: cannot stat ${procSysPath(key)}: No such file or directory\n`);
        else ctx.stderr.write(`sysctl: setting key "${key}": Invalid argument\n`);
        status = 1;
        continue;
      }
      // procps echoes the value as written (spaces kept), not as re-read.
      if (!o.quiet) ctx.stdout.write(line(key, value));
      continue;
    }
    const key = normalizeKey(w);
    const v = getSysctl(ctx.netns, key);
    if (v !== undefined) { ctx.stdout.write(line(key, v)); continue; }
    const sub = listSysctl(ctx.netns).filter(([k]) => k.startsWith(key + '.'));
    if (sub.length > 0) { for (const [k, val] of sub) ctx.stdout.write(line(k, val)); continue; }
    // -e: unknown keys are neither reported nor an error.
    if (o.ignore) continue;
    ctx.stderr.write(`sysctl: cannot stat ${procSysPath(key)}: No such file or directory\n`);
    status = 1;
  }
  return status;
}

/** Completion: sysctl names of this namespace (and the options). */
function complete(_words: string[], partial: string, place: { netns: CommandContext['netns'] }): string[] {
  if (partial.startsWith('-')) return ['-a', '-n', '-q', '-w', '-N', '-e'];
  return listSysctl(place.netns).map(([k]) => k);
}

/** The `sysctl` binary. */
export const sysctl: CommandSpec = { name: 'sysctl', run, complete };
export default sysctl;
