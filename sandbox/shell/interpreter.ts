/**
 * Runs parsed command lists (XCU 2.9): and-or lists, background jobs, pipelines (each member
 * in a subshell, its output buffered into the next one's input), compound commands and loops,
 * and simple commands: their words expanded here (with `$(...)` run in a subshell), then
 * handed to dispatch.ts. Messages come from messages.ts in the running shell's flavour (bash,
 * dash, busybox ash). Nothing a learner types makes this throw.
 */
import { randomInt } from '../core/index.ts';
import { parse, type Command, type List, type Pipeline, type AndOr } from './parser.ts';
import { expandWord, expandWords, type ExpandEnv } from './expand.ts';
import { buffer, openRedirects, type Io } from './redirect.ts';
import { subshell, type Frame } from './frame.ts';
import { globPaths } from './glob.ts';
import type { JobControl } from './jobs.ts';
import { dispatch } from './dispatch.ts';
import { errPrefix, syntaxMessage, timeReport } from './messages.ts';
import type { CpuBudget, Runtime } from './runtime.ts';

export type { CpuBudget, Runtime } from './runtime.ts';

/**
 * Steps (simple commands and loop turns) one command line may take: a loop that never sleeps
 * would freeze the worker, so the line stops as a process over its RLIMIT_CPU does (SIGXCPU).
 * `while :; do :; done` gets about 67,000 turns, one to two seconds of the worker's CPU.
 */
export const CPU_STEPS = 200_000;

/** Steps between two turns for the host (about a millisecond of work: Ctrl-C lands at once). */
export const PAUSE_STEPS = 500;

/** bash's status for a command killed by SIGXCPU (128 + 24). */
export const XCPU_STATUS = 152;

/** A fresh budget for a command line or a job. */
export function cpuBudget(limit = CPU_STEPS): CpuBudget {
  return { used: 0, limit, exceeded: false };
}

/**
 * Takes one step of the line's budget: 'spent' once the budget is gone, 'pause' every
 * PAUSE_STEPS steps (the caller gives the host a turn), else 'ok'. Synchronous, so a step
 * adds no turn of the microtask queue (the order of concurrent processes stays as it was).
 */
function step(rt: Runtime): 'ok' | 'pause' | 'spent' {
  const cpu = rt.cpu;
  if (cpu.exceeded) return 'spent';
  cpu.used++;
  if (cpu.used > cpu.limit) {
    cpu.exceeded = true;
    return 'spent';
  }
  return cpu.used % PAUSE_STEPS === 0 ? 'pause' : 'ok';
}

/** Parses and runs source text in frame `f`; returns the status of the last command. */
export async function runSource(src: string, f: Frame, io: Io, rt: Runtime): Promise<number> {
  // A typed line ends with a newline, which bash names in errors (`echo >`: token `newline').
  const parsed = parse(src.endsWith('\n') ? src : src + '\n', true);
  if (!parsed.ok) {
    io.stderr.write(syntaxMessage(f, parsed.error) + '\n');
    f.status = 2;
    return 2;
  }
  if (parsed.heredocEof !== undefined && f.flavour === 'bash') {
    io.stderr.write(`${errPrefix(f)}warning: here-document at line 1 delimited by end-of-file (wanted \`${parsed.heredocEof}')\n`);
  }
  let status = await runList(parsed.list, f, io, rt);
  if (f.aborting) {
    f.aborting = undefined;
    status = 1;
    if (!f.interactive) f.exiting = 1;
  }
  return f.exiting ?? status;
}

/** Reports an expansion error and abandons the rest of the line (see Frame.aborting). */
function expansionFailed(f: Frame, io: Io, message: string): number {
  io.stderr.write(errPrefix(f) + message + '\n');
  f.aborting = true;
  return 1;
}

/** Runs a list; stops early on `exit`, `break`/`continue` or Ctrl-C. */
export async function runList(list: List, f: Frame, io: Io, rt: Runtime): Promise<number> {
  let status = f.status;
  for (const ao of list) {
    if (f.exiting !== undefined || f.loopJump || f.aborting || rt.interrupted()) break;
    if (ao.background && rt.jobs) {
      startJob(ao, f, io, rt, rt.jobs);
      // An asynchronous list's status is 0 (XCU 2.9.3.1).
      status = 0;
    } else {
      status = await runAndOr(ao, f, io, rt);
      // Without job control (no scheduler) `cmd &` runs to its end first and reports success.
      if (ao.background) status = 0;
      // bash reports jobs that ended when a foreground command finishes (jobs.c notify_and_cleanup).
      else if (f.interactive && rt.jobs) io.stderr.write(rt.jobs.notices());
    }
    f.status = status;
  }
  return status;
}

/** Runs `ao` as a background job: its own task on the scheduler, in a subshell of `f`. */
function startJob(ao: AndOr, f: Frame, io: Io, rt: Runtime, jobs: JobControl): void {
  const sub = subshell(f);
  // Terminal output goes to the session's job stream (it may outlive this command line);
  // output captured by a pipe or redirection stays there.
  const tty = (o: Io['stdout']) => (o as { isatty?: boolean }).isatty === true;
  jobs.start(
    ao.text,
    async (task) => {
      const cpu = cpuBudget(rt.cpu.limit);
      const jrt: Runtime = { ...rt, task, cpu, interrupted: () => task.interrupted || cpu.exceeded, sleep: (ms) => jobs.scheduler.sleep(task, ms), watch: (ms) => jobs.scheduler.watch(task, ms) };
      const quiet = (o: Io['stdout']) => ({ ...o, write: (t: string) => { if (!task.interrupted) o.write(t); } });
      const jio: Io = { stdin: '', cursor: { pos: 0 }, stdout: quiet(tty(io.stdout) ? rt.jobOut?.('stdout') ?? io.stdout : io.stdout), stderr: quiet(tty(io.stderr) ? rt.jobOut?.('stderr') ?? io.stderr : io.stderr) };
      const status = await runAndOr({ ...ao, background: false }, sub, jio, jrt);
      return cpu.exceeded ? XCPU_STATUS : sub.exiting ?? status;
    },
    f.interactive ? io.stderr : undefined,
    !f.interactive,
  );
}

async function runAndOr(ao: AndOr, f: Frame, io: Io, rt: Runtime): Promise<number> {
  let status = await runPipeline(ao.first, f, io, rt);
  for (const { op, pipeline } of ao.rest) {
    if (f.exiting !== undefined || f.loopJump || f.aborting || rt.interrupted()) break;
    f.status = status;
    if ((op === '&&') === (status === 0)) status = await runPipeline(pipeline, f, io, rt);
  }
  return status;
}

async function runPipeline(p: Pipeline, f: Frame, io: Io, rt: Runtime): Promise<number> {
  if (p.timed) {
    const start = rt.world.clock.ms;
    const status = await runPipeline({ bang: p.bang, commands: p.commands }, f, io, rt);
    io.stderr.write(timeReport(rt.world.clock.ms - start));
    return status;
  }
  let status = 0;
  if (p.commands.length === 1 && p.commands[0]) {
    status = await runCommand(p.commands[0], f, io, rt);
  } else {
    let stdin = io.stdin;
    for (const [i, cmd] of p.commands.entries()) {
      const last = i === p.commands.length - 1;
      const pipe = buffer();
      const sub = subshell(f);
      const cursor = i === 0 ? io.cursor : { pos: 0 };
      status = await runCommand(cmd, sub, { stdin, cursor, stdout: last ? io.stdout : pipe, stderr: io.stderr }, rt);
      status = sub.exiting ?? status;
      stdin = pipe.text;
      if (rt.interrupted()) break;
    }
  }
  return p.bang ? Number(status === 0) : status;
}

/** The expansion environment of a frame. */
function expandEnv(f: Frame, io: Io, rt: Runtime, subStatus: { value: number | undefined }): ExpandEnv {
  return {
    get(name) {
      switch (name) {
        case '?': return String(f.status);
        case '#': return String(f.args.length);
        case '$': return '1';
        case '!': return rt.jobs?.lastPid() === undefined ? undefined : String(rt.jobs.lastPid());
        case '-': return f.interactive ? 'himBH' : 'hB';
        // $RANDOM draws from the world's seeded generator, so a seed replays it.
        case 'RANDOM': return f.vars.has('RANDOM') ? f.vars.get('RANDOM') : String(randomInt(rt.world.rng, 0, 32767));
        case '0': return f.argv0;
        case '@':
        case '*': return f.args.join(' ');
      }
      if (/^[0-9]+$/.test(name)) return f.args[Number(name) - 1];
      return f.vars.get(name);
    },
    set(name, value) {
      f.vars.set(name, value);
    },
    positional: () => f.args,
    async cmdsub(src) {
      const out = buffer();
      const sub = subshell(f);
      subStatus.value = await runSource(src, sub, { stdin: '', cursor: { pos: 0 }, stdout: out, stderr: io.stderr }, rt);
      return out.text;
    },
    glob: (pattern) => globPaths(f.place, f.cwd, pattern),
    home: f.vars.get('HOME') ?? '/root',
  };
}

async function runCommand(cmd: Command, f: Frame, io: Io, rt: Runtime): Promise<number> {
  if (cmd.type === 'simple') return runSimple(cmd, f, io, rt);
  const sub = { value: undefined as number | undefined };
  const opened = await openRedirects(cmd.redirects, f, io, expandEnv(f, io, rt, sub));
  if (!opened.ok) {
    io.stderr.write(errPrefix(f) + opened.message + '\n');
    return 1;
  }
  const cio = opened.value.io;
  let status = 0;
  switch (cmd.type) {
    case 'group':
      status = await runList(cmd.body, f, cio, rt);
      break;
    case 'subshell': {
      const s = subshell(f);
      status = await runList(cmd.body, s, cio, rt);
      status = s.exiting ?? status;
      break;
    }
    case 'if': {
      let done = false;
      for (const c of cmd.clauses) {
        if ((await runList(c.cond, f, cio, rt)) === 0) {
          status = await runList(c.body, f, cio, rt);
          done = true;
          break;
        }
        if (f.exiting !== undefined || rt.interrupted()) break;
      }
      if (!done && cmd.otherwise) status = await runList(cmd.otherwise, f, cio, rt);
      break;
    }
    case 'for':
    case 'while':
      status = await runLoop(cmd, f, cio, rt);
      break;
  }
  const err = opened.value.close();
  if (err) {
    io.stderr.write(errPrefix(f) + err + '\n');
    status = 1;
  }
  return status;
}

async function runLoop(cmd: Command & { type: 'for' | 'while' }, f: Frame, io: Io, rt: Runtime): Promise<number> {
  let status = 0;
  let items: string[] = [];
  if (cmd.type === 'for') {
    const sub = { value: undefined as number | undefined };
    const e = cmd.items ? await expandWords(cmd.items, expandEnv(f, io, rt, sub)) : { ok: true as const, value: f.args };
    if (!e.ok) return expansionFailed(f, io, e.message);
    items = e.value;
  }
  for (let n = 0; ; n++) {
    const s = step(rt);
    if (s === 'pause') await rt.pause();
    if (s === 'spent' || f.exiting !== undefined || f.aborting) break;
    if (rt.interrupted()) {
      // Ctrl-C stops the loop itself, as SIGINT does a loop of builtins in bash: 128 + SIGINT.
      if (!rt.cpu.exceeded) status = 130;
      break;
    }
    if (cmd.type === 'for') {
      const item = items[n];
      if (item === undefined) break;
      f.vars.set(cmd.name, item);
    } else {
      const c = await runList(cmd.cond, f, io, rt);
      if (f.loopJump || f.exiting !== undefined || f.aborting) break;
      if ((c === 0) === cmd.until) break;
    }
    status = await runList(cmd.body, f, io, rt);
    const jump = f.loopJump;
    if (jump) {
      f.loopJump = jump.levels > 1 ? { ...jump, levels: jump.levels - 1 } : undefined;
      if (jump.kind === 'break' || jump.levels > 1) break;
    }
  }
  return status;
}

async function runSimple(cmd: Command & { type: 'simple' }, f: Frame, io: Io, rt: Runtime): Promise<number> {
  const s = step(rt);
  if (s === 'spent') return XCPU_STATUS;
  if (s === 'pause') await rt.pause();
  f.line = cmd.line;
  const sub = { value: undefined as number | undefined };
  const env = expandEnv(f, io, rt, sub);
  const words = await expandWords(cmd.words, env);
  if (!words.ok) return expansionFailed(f, io, words.message);
  const assigns: [string, string][] = [];
  for (const a of cmd.assigns) {
    const v = await expandWord(a.value, env);
    if (!v.ok) return expansionFailed(f, io, v.message);
    assigns.push([a.name, v.value]);
  }
  const opened = await openRedirects(cmd.redirects, f, io, env);
  if (!opened.ok) {
    io.stderr.write(errPrefix(f) + opened.message + '\n');
    return 1;
  }
  const argv = words.value;
  let status: number;
  if (argv.length === 0) {
    for (const [n, v] of assigns) f.vars.set(n, v);
    status = sub.value ?? 0;
  } else {
    status = await dispatch(argv, f, opened.value.io, rt, runSource, assigns);
  }
  const err = opened.value.close();
  if (err) {
    io.stderr.write(`${errPrefix(f)}${argv[0] ?? ''}${argv[0] ? ': ' : ''}${err}\n`);
    status = 1;
  }
  return status;
}

