/**
 * Builtins that steer the shell: exit, break, continue, true, false, `:` (bash(1) "SHELL
 * BUILTIN COMMANDS"). `exit` in a login shell says `logout` (bash's exit_builtin does, on
 * stderr); what happens next (leaving ssh, the terminal's bottom shell) is the session's.
 */
import type { Builtin } from '../frame.ts';
import { errPrefix } from '../messages.ts';
import { killTarget } from './jobs.ts';

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

const SIGNALS = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM',
  'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];

/** `kill -l` as bash prints it on Linux x86-64 (signal(7)): five per line, 1-31 and 34-64. */
function signalTable(): string {
  const entries: string[] = SIGNALS.map((n, i) => `${String(i + 1).padStart(2)}) SIG${n}`);
  for (let n = 34; n <= 64; n++) {
    const name = n === 34 ? 'SIGRTMIN' : n === 64 ? 'SIGRTMAX' : n <= 49 ? `SIGRTMIN+${n - 34}` : `SIGRTMAX-${64 - n}`;
    entries.push(`${n}) ${name}`);
  }
  let out = '';
  // bash ends the last, short line with a tab before its newline.
  entries.forEach((e, i) => (out += e + ((i + 1) % 5 === 0 ? '\n' : '\t')));
  if (entries.length % 5 !== 0) out += '\n';
  return out;
}

/**
 * `kill [-s SIG | -SIG] PID|%JOB...`: a background job (by jobspec or pid) gets SIGTERM
 * (builtins/jobs.ts); other targets are missing, reported as bash's kill builtin does;
 * `kill -l` lists signals.
 */
export const kill: Builtin = {
  name: 'kill',
  binary: false,
  run(ctx, sh) {
    const p = errPrefix(sh.frame);
    const args = ctx.argv.slice(1);
    if ((args[0] === '-l' || args[0] === '-L') && args.length === 1) {
      ctx.stdout.write(signalTable());
      return 0;
    }
    if (args[0] === '-s' || args[0] === '-n') args.splice(0, 2);
    else if (args[0]?.startsWith('-') && args[0] !== '--') args.shift();
    if (args[0] === '--') args.shift();
    if (args.length === 0) {
      // bash prints builtin usage without its own name in front.
      ctx.stderr.write(`kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n`);
      return 2;
    }
    let status = 0;
    for (const a of args) {
      if (killTarget(sh, a)) continue;
      status = 1;
      if (a.startsWith('%')) ctx.stderr.write(`${p}kill: ${a}: no such job\n`);
      else if (/^-?[0-9]+$/.test(a)) ctx.stderr.write(`${p}kill: (${a}) - No such process\n`);
      else ctx.stderr.write(`${p}kill: ${a}: arguments must be process or job IDs\n`);
    }
    return status;
  },
};
