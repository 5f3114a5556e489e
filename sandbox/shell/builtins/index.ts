/**
 * Builtins: commands that need the shell's own state (its variables, working directory,
 * exit, nested shells). True builtins always exist; those marked `binary` (sh, bash,
 * printenv, env, which) are programs on a real system and exist only where the machine's
 * `binaries` list has them. Everything else is a `CommandSpec` in ../commands/index.ts.
 *
 * May import: the shell's frame, interpreter helpers, fs, and commands/<name>/ builtins.
 */
import type { Builtin } from '../frame.ts';
import { fgBuiltin, jobsBuiltin, waitBuiltin } from './jobs.ts';
import { breakBuiltin, colon, continueBuiltin, exit, falseBuiltin, kill, logout, trueBuiltin } from './flow.ts';
import { exportBuiltin, read, set, unset } from './vars.ts';
import { cd, pwd } from './dirs.ts';
import { echo, printf } from './echo.ts';
import { bracket, history, test, type } from './info.ts';
import { help } from './help.ts';
import { bash, sh } from '../commands/sh/index.ts';
import { printenv } from '../commands/printenv/index.ts';
import { env } from '../commands/env/index.ts';
import { which } from '../commands/which/index.ts';

/** Every builtin. */
export const builtins: Builtin[] = [
  exit, logout, kill, jobsBuiltin, waitBuiltin, fgBuiltin, breakBuiltin, continueBuiltin, trueBuiltin, falseBuiltin, colon,
  exportBuiltin, unset, set, read, cd, pwd, echo, printf, type, history, help, test, bracket,
  sh, bash, printenv, env, which,
];
