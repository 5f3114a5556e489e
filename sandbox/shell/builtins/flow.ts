/**
 * Builtins that steer the shell: exit, break, continue, true, false, `:` (bash(1) "SHELL
 * BUILTIN COMMANDS"). `exit` in a login shell says `logout` (bash's exit_builtin does, on
 * stderr); what happens next (leaving ssh, the terminal's bottom shell) is the session's.
 */
import type { Builtin } from '../frame.ts';
import { errPrefix } from '../interpreter.ts';

const numeric = (s: string) => /^[-+]?[0-9]+$/.test(s);

/** `exit [n]`: ends the shell with n (default `$?`), modulo 256. */
export const exit: Builtin = {
  name: 'exit',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    const arg = ctx.argv[1];
    let status = f.status;
    if (arg !== undefined) {
      if (!numeric(arg)) {
        ctx.stderr.write(`${errPrefix(f)}exit: ${arg}: numeric argument required\n`);
        status = 2;
      } else if (ctx.argv.length > 2) {
        ctx.stderr.write(`${errPrefix(f)}exit: too many arguments\n`);
        return 1;
      } else status = ((Number(arg) % 256) + 256) % 256;
    }
    if (f.login) ctx.stderr.write('logout\n');
    else if (f.interactive && f.flavour === 'bash') ctx.stderr.write('exit\n');
    f.exiting = status;
    return status;
  },
};

/** `logout`: exit for login shells only. */
export const logout: Builtin = {
  name: 'logout',
  binary: false,
  run(ctx, sh) {
    if (!sh.frame.login) {
      ctx.stderr.write(`${errPrefix(sh.frame)}logout: not login shell: use \`exit'\n`);
      return 1;
    }
    return exit.run(ctx, sh);
  },
};

function loopJump(kind: 'break' | 'continue'): Builtin {
  return {
    name: kind,
    binary: false,
    run(ctx, sh) {
      const arg = ctx.argv[1] ?? '1';
      if (!/^[0-9]+$/.test(arg) || Number(arg) < 1) {
        ctx.stderr.write(`${errPrefix(sh.frame)}${kind}: ${arg}: loop count out of range\n`);
        return 1;
      }
      sh.frame.loopJump = { kind, levels: Number(arg) };
      return 0;
    },
  };
}

/** `break [n]` and `continue [n]`. */
export const breakBuiltin = loopJump('break');
export const continueBuiltin = loopJump('continue');

/** `true`, `false` and `:`. */
export const trueBuiltin: Builtin = { name: 'true', binary: false, run: () => 0 };
export const falseBuiltin: Builtin = { name: 'false', binary: false, run: () => 1 };
export const colon: Builtin = { name: ':', binary: false, run: () => 0 };
