/**
 * bash's job builtins over the session's jobs table (../jobs.ts): `jobs`, `wait`, `fg`, and
 * the job side of `kill` (flow.ts calls `killTarget`). Messages as bash 5.2 prints them.
 */
import type { Builtin, ShellHooks } from '../frame.ts';
import type { CommandContext } from '../types.ts';
import { errPrefix } from '../messages.ts';
import { jobLine, type Job } from '../jobs.ts';

/** `jobs [-l|-p] [jobspec...]`: lists jobs; ended ones are reported once, then forgotten. */
export const jobsBuiltin: Builtin = {
  name: 'jobs',
  binary: false,
  run(ctx, sh) {
    const jc = sh.jobs;
    if (!jc) return 0;
    const args = ctx.argv.slice(1);
    const pidsOnly = args.includes('-p');
    const long = args.includes('-l');
    const specs = args.filter((a) => !a.startsWith('-'));
    let picked: Job[] = jc.list();
    if (specs.length > 0) {
      picked = [];
      for (const s of specs) {
        const j = jc.find(s.startsWith('%') ? s : `%${s}`);
        if (!j) {
          ctx.stderr.write(`${errPrefix(sh.frame)}jobs: ${s}: no such job\n`);
          return 1;
        }
        picked.push(j);
      }
    }
    let out = '';
    for (const j of picked) {
      if (pidsOnly) out += `${j.pid}\n`;
      else if (long) out += jobLine(j, jc.mark(j), true).replace(/^(\[[0-9]+\]. )/, `$1${j.pid} `);
      else out += jobLine(j, jc.mark(j), true);
    }
    ctx.stdout.write(out);
    for (const j of picked) if (j.status !== undefined) jc.forget(j);
    return 0;
  },
};

/** Resolves `wait`/`fg` operands to jobs, reporting bad ones as bash does. */
function targets(ctx: CommandContext, sh: ShellHooks, name: string, args: string[]): Job[] | number {
  const jc = sh.jobs;
  if (!jc) return [];
  const out: Job[] = [];
  for (const a of args) {
    const j = jc.find(a);
    if (j) out.push(j);
    else if (a.startsWith('%')) {
      ctx.stderr.write(`${errPrefix(sh.frame)}${name}: ${a}: no such job\n`);
      return 127;
    } else if (/^[0-9]+$/.test(a)) {
      ctx.stderr.write(`${errPrefix(sh.frame)}${name}: pid ${a} is not a child of this shell\n`);
      return 127;
    } else {
      ctx.stderr.write(`${errPrefix(sh.frame)}${name}: \`${a}': not a pid or valid job spec\n`);
      return 2;
    }
  }
  return out;
}

/** `wait [id...]`: blocks (in virtual time) until the jobs end; Ctrl-C stops waiting. */
export const waitBuiltin: Builtin = {
  name: 'wait',
  binary: false,
  async run(ctx, sh) {
    const jc = sh.jobs;
    if (!jc || !sh.task) return 0;
    const args = ctx.argv.slice(1).filter((a) => a !== '--');
    const t = targets(ctx, sh, 'wait', args);
    if (typeof t === 'number') return t;
    const jobs = args.length === 0 ? jc.list() : t;
    let status = 0;
    for (const j of jobs) {
      await jc.scheduler.join(sh.task, j.task);
      if (sh.task.interrupted) return 130;
      status = j.status ?? 0;
      // A job waited for is reported by `wait` itself: no Done notice follows.
      jc.forget(j);
    }
    return args.length === 0 ? 0 : status;
  },
};

/** `fg [jobspec]`: prints the job's command and waits for it in the foreground; Ctrl-C stops it. */
export const fgBuiltin: Builtin = {
  name: 'fg',
  binary: false,
  async run(ctx, sh) {
    const jc = sh.jobs;
    const args = ctx.argv.slice(1);
    const j = jc?.find(args[0] ?? '%+');
    if (!jc || !sh.task || !j) {
      ctx.stderr.write(`${errPrefix(sh.frame)}fg: ${args[0] ?? 'current'}: no such job\n`);
      return 1;
    }
    ctx.stdout.write(`${j.text}\n`);
    await jc.scheduler.join(sh.task, j.task);
    if (sh.task.interrupted && j.status === undefined) {
      jc.terminate(j);
      await jc.scheduler.join({ ...sh.task, interrupted: false }, j.task);
    }
    jc.forget(j);
    return j.status ?? 130;
  },
};

/** kill's job targets: `%N` or a job's pid gets SIGTERM; false when `a` names no job. */
export function killTarget(sh: ShellHooks, a: string): boolean {
  const j = sh.jobs?.find(a);
  if (!j) return false;
  sh.jobs?.terminate(j);
  return true;
}
