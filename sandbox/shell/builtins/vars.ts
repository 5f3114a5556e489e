/**
 * Builtins over variables: export, unset, set (listing only), readonly is left out
 * (bash(1) "SHELL BUILTIN COMMANDS"). Invalid names get bash's "not a valid identifier".
 */
import type { Builtin } from '../frame.ts';
import { isName } from '../frame.ts';
import { errPrefix } from '../interpreter.ts';

/** Quotes a value as `declare -p` and `export -p` print it. */
const dq = (v: string) => '"' + v.replace(/(["\\$`])/g, '\\$1') + '"';

/** `export [-p] [-n] NAME[=value]...` */
export const exportBuiltin: Builtin = {
  name: 'export',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    let args = ctx.argv.slice(1);
    let unexport = false;
    while (args[0]?.startsWith('-') && args[0] !== '-') {
      const opt = args[0];
      if (opt === '--') { args = args.slice(1); break; }
      if (!/^-[pnf]+$/.test(opt)) {
        ctx.stderr.write(`${errPrefix(f)}export: ${opt.slice(0, 2)}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`);
        return 2;
      }
      if (opt.includes('n')) unexport = true;
      args = args.slice(1);
    }
    if (args.length === 0) {
      for (const n of [...f.exported].sort()) {
        const v = f.vars.get(n);
        ctx.stdout.write(v === undefined ? `declare -x ${n}\n` : `declare -x ${n}=${dq(v)}\n`);
      }
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (!isName(name)) {
        ctx.stderr.write(`${errPrefix(f)}export: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (eq >= 0) f.vars.set(name, a.slice(eq + 1));
      if (unexport) f.exported.delete(name);
      else f.exported.add(name);
    }
    return status;
  },
};

/** `unset [-v] NAME...` */
export const unset: Builtin = {
  name: 'unset',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    let status = 0;
    for (const a of ctx.argv.slice(1)) {
      if (a === '-v' || a === '-f') continue;
      if (!isName(a)) {
        ctx.stderr.write(`${errPrefix(f)}unset: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      f.vars.delete(a);
      f.exported.delete(a);
    }
    return status;
  },
};

/** `set` without arguments lists the variables; options are accepted and ignored. */
export const set: Builtin = {
  name: 'set',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      for (const [n, v] of [...f.vars].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        ctx.stdout.write(`${n}=${/^[A-Za-z0-9_./:@%+,-]*$/.test(v) ? v : "'" + v.replace(/'/g, "'\\''") + "'"}\n`);
      }
      return 0;
    }
    // `set -- a b` sets the positional parameters; -e/-x/-o pipefail are not modelled.
    const dd = args.indexOf('--');
    if (dd >= 0) f.args = args.slice(dd + 1);
    return 0;
  },
};
