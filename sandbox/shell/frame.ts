/**
 * A shell process's state (a frame): where it runs, its variables, its working directory,
 * its `$?`. The interactive session is a stack of frames (ssh, kubectl exec -it push one,
 * exit pops it); `sh -c`, `( )`, `$( )` and pipeline members run in frames of their own.
 * Builtins are commands that need the frame itself (cd, export, exit, sh ...).
 */
import type { JobControl } from './jobs.ts';
import type { Task } from '../fabric/scheduler.ts';
import type { CommandContext, Place } from './types.ts';

/**
 * Which shell this is, for its messages: bash on nodes, dash as a node's /bin/sh (Debian,
 * Ubuntu), busybox ash in a pod's `sh`.
 */
export type Flavour = 'bash' | 'dash' | 'ash';

/** One shell process. */
export interface Frame {
  flavour: Flavour;
  place: Place;
  user: string;
  /** Shell variables, exported or not. */
  vars: Map<string, string>;
  /** Names of exported variables (what a child process and `printenv` see). */
  exported: Set<string>;
  cwd: string;
  /** `$?` */
  status: number;
  /** Line of the script the running command is on (dash's messages name it). */
  line?: number;
  /** `$0` */
  argv0: string;
  /** `$1`..`$n` */
  args: string[];
  interactive: boolean;
  /** A login shell says `logout` when it exits (bash's exit builtin). */
  login: boolean;
  /** Set by `exit`: the frame unwinds and ends with this status. */
  exiting?: number;
  /**
   * Set by an expansion error (`$((1/0))`, `${x:?}`): the rest of the line is abandoned; a
   * non-interactive shell exits with status 1 (XCU 2.8.1), an interactive one returns to the prompt.
   */
  aborting?: boolean;
  /** Set by `break`/`continue` inside a loop: how many levels to unwind. */
  loopJump?: { kind: 'break' | 'continue'; levels: number };
}

/** What a builtin may ask of the shell that runs it. */
export interface ShellHooks {
  frame: Frame;
  /** The session's jobs table (absent where the shell has no job control). */
  jobs?: JobControl;
  /** The scheduler task running this builtin (`wait` and `fg` block it). */
  task?: Task;
  /** Runs source text in a new non-interactive shell at `place` (for `sh -c`). */
  runScript(src: string, opts: { flavour: Flavour; argv0: string; args: string[]; place: Place; stdin: string }): Promise<number>;
  /** Every name that runs here (true builtins and the machine's programs), sorted. */
  programs(): string[];
  /** How `name` would run here: a builtin, a binary's path, or not at all. */
  lookup(name: string): { kind: 'builtin' } | { kind: 'file'; path: string } | undefined;
  /** Lines typed in this session, oldest first (`history`). */
  history(): string[];
  /** The next line of standard input with its newline (`read`), or undefined at its end. */
  readLine(): string | undefined;
  /** Starts a nested interactive shell here (`bash` or `sh` typed at a prompt); `exit` leaves it. */
  enterShell(flavour: Flavour): void;
  /** Runs argv (already expanded) in this shell with extra environment (`env X=1 cmd`). */
  exec(argv: string[], env: Map<string, string>, clear: boolean): Promise<number>;
}

/** A builtin: runs inside the shell with access to its frame. */
export interface Builtin {
  name: string;
  /**
   * True for programs that are files on a real system (sh, ssh, printenv, which): they exist
   * only where `machine.binaries` lists them. False for true builtins (cd, export, exit).
   */
  binary: boolean;
  run(ctx: CommandContext, sh: ShellHooks): number | Promise<number>;
}

/** Whether `name` is a valid shell variable name (XCU 3.235). */
export const isName = (name: string) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);

/** A copy of a frame for a subshell: same variables and place, its own changes. */
export function subshell(f: Frame): Frame {
  return { ...f, vars: new Map(f.vars), exported: new Set(f.exported), interactive: false, login: false, exiting: undefined, loopJump: undefined, aborting: undefined };
}

/** The exported variables, as a child process's environment. */
export function environ(f: Frame): Map<string, string> {
  const env = new Map<string, string>();
  for (const n of f.exported) {
    const v = f.vars.get(n);
    if (v !== undefined) env.set(n, v);
  }
  return env;
}
