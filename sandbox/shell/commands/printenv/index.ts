/**
 * printenv (GNU coreutils): the exported environment, or the values of the named
 * variables; status 1 when a named one is unset.
 */
import type { Builtin } from '../../frame.ts';
import { environ } from '../../frame.ts';

/** `printenv [NAME...]` */
export const printenv: Builtin = {
  name: 'printenv',
  binary: true,
  run(ctx, sh) {
    const env = environ(sh.frame);
    const names = ctx.argv.slice(1);
    const bad = names.find((n) => n.startsWith('-') && n !== '-0' && n !== '--null');
    if (bad !== undefined) {
      ctx.stderr.write(`printenv: invalid option -- '${bad.slice(1, 2)}'\nTry 'printenv --help' for more information.\n`);
      return 2;
    }
    if (names.length === 0) {
      for (const [k, v] of env) ctx.stdout.write(`${k}=${v}\n`);
      return 0;
    }
    let status = 0;
    for (const n of names) {
      const v = env.get(n);
      if (v === undefined) status = 1;
      else ctx.stdout.write(v + '\n');
    }
    return status;
  },
};
