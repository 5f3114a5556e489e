/**
 * env (GNU coreutils): prints the exported environment, or runs a command with
 * `NAME=value` settings added (`-i` starts from an empty one, `-u NAME` removes one).
 */
import type { Builtin } from '../../frame.ts';
import { environ } from '../../frame.ts';

/** `env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]` */
export const env: Builtin = {
  name: 'env',
  binary: true,
  async run(ctx, sh) {
    const args = ctx.argv.slice(1);
    const vars = new Map<string, string>();
    let clear = false;
    const base = environ(sh.frame);
    while (args.length > 0) {
      const a = args[0] ?? '';
      if (a === '-i' || a === '-' || a === '--ignore-environment') { clear = true; args.shift(); }
      else if (a === '-u' || a === '--unset') { args.shift(); base.delete(args.shift() ?? ''); }
      else if (a === '--') { args.shift(); break; }
      else if (a.startsWith('-') && a.length > 1) {
        ctx.stderr.write(`env: invalid option -- '${a.slice(1, 2)}'\nTry 'env --help' for more information.\n`);
        return 125;
      } else break;
    }
    while (args[0]?.includes('=')) {
      const a = args.shift() ?? '';
      const eq = a.indexOf('=');
      vars.set(a.slice(0, eq), a.slice(eq + 1));
    }
    if (args.length === 0) {
      const all = clear ? vars : new Map([...base, ...vars]);
      for (const [k, v] of all) ctx.stdout.write(`${k}=${v}\n`);
      return 0;
    }
    const name = args[0] ?? '';
    if (!sh.lookup(name) || sh.lookup(name)?.kind === 'builtin') {
      // env executes programs only: builtins like cd are not files.
      if (!['echo', 'true', 'false', 'printf', 'test', '['].includes(name)) {
        ctx.stderr.write(`env: '${name}': No such file or directory\n`);
        return 127;
      }
    }
    const merged = clear ? vars : new Map([...base, ...vars]);
    return sh.exec(args, merged, true);
  },
};
