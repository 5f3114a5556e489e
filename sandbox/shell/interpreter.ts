/**
 * Runs parsed command lists (XCU 2.9): and-or lists, pipelines (each member in a subshell,
 * its output buffered into the next one's input), compound commands, and simple commands
 * looked up as builtins or as binaries of the machine. Messages follow the running shell's
 * flavour (bash, dash, busybox ash). Nothing a learner types makes this throw.
 */
import type { World } from '../fabric/world.ts';
import { randomInt } from '../core/index.ts';
import type { CommandContext, CommandSpec, Place } from './types.ts';
import { parse, type Command, type List, type Pipeline, type AndOr, type SyntaxError } from './parser.ts';
import { expandWord, expandWords, type ExpandEnv } from './expand.ts';
import { buffer, openRedirects, type Io } from './redirect.ts';
import { environ, subshell, type Builtin, type Frame, type ShellHooks } from './frame.ts';
import { globPaths } from './glob.ts';
import { loginFrame } from './login.ts';
import type { JobControl } from './jobs.ts';
import type { Task } from '../fabric/scheduler.ts';

/** Everything the interpreter needs from the session around it. */
export interface Runtime {
  world: World;
  commands: ReadonlyMap<string, CommandSpec>;
  builtins: ReadonlyMap<string, Builtin>;
  interrupted(): boolean;
  sleep(ms: number): Promise<void>;
  /** CommandContext.watch: a sleep that the network's next event ends. */
  watch?(ms: number): Promise<void>;
  /** Moves the interactive shell (takes effect when the current line ends); see CommandContext.enter. */
  enter(place: Place, user?: string, shell?: string): void;
  /** Pushes a nested interactive shell that starts from `frame` (`bash` typed at a prompt). */
  enterFrame(frame: Frame): void;
  history(): string[];
  /** The session's job control and the task running this code (absent: `&` runs in the foreground). */
  jobs?: JobControl;
  task?: Task;
  /** Where a job's terminal output goes (the session streams it, even after the line ended). */
  jobOut?(stream: 'stdout' | 'stderr'): Io['stdout'];
}

/** A loop that never sleeps would freeze the worker; bash has no such limit, we must. */
export const MAX_LOOP_ITERATIONS = 100_000;

/** The text before a shell's message: `bash: `, dash's `sh: 1: `, ash's `sh: `. */
export function errPrefix(f: Frame): string {
  if (f.flavour === 'dash') return `sh: ${f.line ?? 1}: `;
  if (f.flavour === 'ash') return 'sh: ';
  return f.interactive || f.argv0 !== 'sh' ? 'bash: ' : 'sh: ';
}

/** The syntax error message of each flavour. */
export function syntaxMessage(f: Frame, e: SyntaxError): string {
  const p = errPrefix(f);
  if (e.kind === 'eof') {
    const quote = e.want === "'" || e.want === '"';
    if (f.flavour === 'dash') return `${p}Syntax error: ${quote ? 'Unterminated quoted string' : 'end of file unexpected'}`;
    if (f.flavour === 'ash') return `${p}syntax error: ${quote ? 'unterminated quoted string' : 'unexpected end of file'}`;
    if (e.want && !e.heredoc) return `${p}unexpected EOF while looking for matching \`${e.want}'`;
    return `${p}syntax error: unexpected end of file`;
  }
  if (f.flavour === 'dash') return `${p}Syntax error: "${e.token}" unexpected`;
  if (f.flavour === 'ash') return `${p}syntax error: unexpected "${e.token}"`;
  return `${p}syntax error near unexpected token \`${e.token}'`;
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
      const jrt: Runtime = { ...rt, task, interrupted: () => task.interrupted, sleep: (ms) => jobs.scheduler.sleep(task, ms), watch: (ms) => jobs.scheduler.watch(task, ms) };
      const quiet = (o: Io['stdout']) => ({ ...o, write: (t: string) => { if (!task.interrupted) o.write(t); } });
      const jio: Io = { stdin: '', cursor: { pos: 0 }, stdout: quiet(tty(io.stdout) ? rt.jobOut?.('stdout') ?? io.stdout : io.stdout), stderr: quiet(tty(io.stderr) ? rt.jobOut?.('stderr') ?? io.stderr : io.stderr) };
      const status = await runAndOr({ ...ao, background: false }, sub, jio, jrt);
      return sub.exiting ?? status;
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

/** bash's `time` report (TIMEFORMAT default): elapsed virtual time; simulated programs use no CPU. */
function timeReport(ms: number): string {
  const t = (v: number) => `${Math.floor(v / 60000)}m${((v % 60000) / 1000).toFixed(3)}s`;
  return `\nreal\t${t(ms)}\nuser\t${t(0)}\nsys\t${t(0)}\n`;
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
    if (n >= MAX_LOOP_ITERATIONS) {
      io.stderr.write(`${errPrefix(f)}loop stopped after ${MAX_LOOP_ITERATIONS} iterations (simulator limit)\n`);
      return 1;
    }
    if (rt.interrupted() || f.exiting !== undefined || f.aborting) break;
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

/** Directories on PATH whose binaries the shell finds by their full path too. */
const BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** Whether `name` exists on `machine` as a binary (machine.binaries, or the full node set). */
export function hasBinary(rt: Pick<Runtime, 'commands' | 'builtins'>, machine: Place['machine'], name: string): boolean {
  if (machine.binaries && !machine.binaries.includes(name)) return false;
  return rt.commands.has(name) || rt.builtins.get(name)?.binary === true;
}

/** Where a binary lives (`which`): sbin for the admin tools, bin for the rest. */
export function binaryPath(name: string): string {
  // As Debian 12 installs them (iproute2, procps, iptables, conntrack, traceroute in sbin).
  return /^(ip|bridge|sysctl|ip6?tables(-save|-restore|-legacy|-nft)?|conntrack|traceroute)$/.test(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

function notFound(f: Frame, name: string): string {
  if (f.flavour === 'bash') return name.includes('/') ? `${errPrefix(f)}${name}: No such file or directory` : `${errPrefix(f)}${name}: command not found`;
  return `${errPrefix(f)}${name}: not found`;
}

async function runSimple(cmd: Command & { type: 'simple' }, f: Frame, io: Io, rt: Runtime): Promise<number> {
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
    status = await dispatch(argv, f, opened.value.io, rt, assigns);
  }
  const err = opened.value.close();
  if (err) {
    io.stderr.write(`${errPrefix(f)}${argv[0] ?? ''}${argv[0] ? ': ' : ''}${err}\n`);
    status = 1;
  }
  return status;
}

/** Runs argv (already expanded) as a builtin or binary in frame `f`. */
export async function dispatch(argv: string[], f: Frame, io: Io, rt: Runtime, assigns: [string, string][] = []): Promise<number> {
  const typed = argv[0] ?? '';
  // `/usr/bin/curl` runs curl; other paths name files the simulator does not execute.
  const dir = typed.lastIndexOf('/');
  const name = dir >= 0 && BIN_DIRS.includes(typed.slice(0, dir)) ? typed.slice(dir + 1) : typed;
  const builtin = rt.builtins.get(name);
  const spec = rt.commands.get(name);
  const present = (builtin && !builtin.binary) || (!name.includes('/') && hasBinary(rt, f.place.machine, name));
  if (!present || (!builtin && !spec)) {
    io.stderr.write(notFound(f, typed) + '\n');
    return 127;
  }
  const envVars = new Map(f.vars);
  for (const [n, v] of assigns) envVars.set(n, v);
  const ctx: CommandContext = {
    machine: f.place.machine,
    netns: f.place.netns,
    world: rt.world,
    argv: [typed, ...argv.slice(1)],
    stdin: io.cursor.pos > 0 ? io.stdin.slice(io.cursor.pos) : io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    env: envVars,
    interrupted: () => rt.interrupted(),
    sleep: (ms) => rt.sleep(ms),
    ...(rt.watch ? { watch: (ms: number) => rt.watch!(ms) } : {}),
    spawn: (a, place, stdin) => spawn(a, place, stdin ?? '', f, io, rt),
    enter: (place, user, shell) => rt.enter(place, user, shell),
  };
  if (builtin) return builtin.run(ctx, hooks(f, rt, io));
  return (spec as CommandSpec).run(ctx);
}

/** `ctx.spawn`: argv in another place; 127 without a message when it does not exist there. */
async function spawn(argv: string[], place: Place, stdin: string, f: Frame, io: Io, rt: Runtime): Promise<number> {
  const name = argv[0] ?? '';
  if (!(rt.builtins.get(name)?.binary === false) && !hasBinary(rt, place.machine, name)) return 127;
  let child: Frame;
  if (place.machine === f.place.machine) {
    // `ip netns exec NS bash` typed at the prompt starts an interactive shell in NS.
    child = { ...subshell(f), place, interactive: f.interactive && stdin === '' };
  } else {
    child = loginFrame(place, place.machine.kind === 'pod' ? 'ash' : 'bash', 'root', false);
  }
  return dispatch(argv, child, { stdin, cursor: { pos: 0 }, stdout: io.stdout, stderr: io.stderr }, rt);
}

function hooks(f: Frame, rt: Runtime, io: Io): ShellHooks {
  return {
    frame: f,
    ...(rt.jobs ? { jobs: rt.jobs } : {}),
    ...(rt.task ? { task: rt.task } : {}),
    async runScript(src, opts) {
      const child: Frame = {
        ...subshell(f),
        place: opts.place,
        flavour: opts.flavour,
        argv0: opts.argv0,
        args: opts.args,
        // A child shell starts with the exported environment only.
        vars: environ(f),
        status: 0,
        line: undefined,
      };
      return runSource(src, child, { stdin: opts.stdin, cursor: { pos: 0 }, stdout: io.stdout, stderr: io.stderr }, rt);
    },
    lookup(name) {
      const b = rt.builtins.get(name);
      if (b && !b.binary) return { kind: 'builtin' };
      if (hasBinary(rt, f.place.machine, name)) return { kind: 'file', path: binaryPath(name) };
      return undefined;
    },
    history: () => rt.history(),
    readLine() {
      if (io.cursor.pos >= io.stdin.length) return undefined;
      const nl = io.stdin.indexOf('\n', io.cursor.pos);
      const end = nl < 0 ? io.stdin.length : nl + 1;
      const line = io.stdin.slice(io.cursor.pos, end);
      io.cursor.pos = end;
      return line;
    },
    enterShell(flavour) {
      const child: Frame = { ...subshell(f), flavour, vars: environ(f), interactive: true, status: 0, argv0: flavour === 'bash' ? 'bash' : 'sh' };
      rt.enterFrame(child);
    },
    exec(argv, env, clear) {
      const child = subshell(f);
      if (clear) {
        child.vars = new Map();
        child.exported = new Set();
      }
      for (const [k, v] of env) {
        child.vars.set(k, v);
        child.exported.add(k);
      }
      return dispatch(argv, child, io, rt);
    },
  };
}
