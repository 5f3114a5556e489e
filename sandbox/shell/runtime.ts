/**
 * The interpreter's contract with the session around it (session.ts builds one per line or
 * job): the world, the programs it knows, time and interruption, and the session's moves.
 */
import type { World } from '../fabric/world.ts';
import type { Task } from '../fabric/scheduler.ts';
import type { CommandSpec, Place } from './types.ts';
import type { Builtin, Frame } from './frame.ts';
import type { JobControl } from './jobs.ts';
import type { Io } from './redirect.ts';

/**
 * The CPU a command line may use, shared by everything it runs (nested loops, `$(...)`,
 * pipelines, `sh -c`): the simulator counts steps (a simple command, a loop turn) where a
 * kernel counts CPU seconds (RLIMIT_CPU, `ulimit -t`). Each background job has its own.
 */
export interface CpuBudget {
  /** Steps used so far. */
  used: number;
  /** Steps allowed. */
  limit: number;
  /** The limit was reached: everything of the line stops, as SIGXCPU would stop it. */
  exceeded: boolean;
}

/** Everything the interpreter needs from the session around it. */
export interface Runtime {
  world: World;
  commands: ReadonlyMap<string, CommandSpec>;
  builtins: ReadonlyMap<string, Builtin>;
  /** Ctrl-C or a spent CPU budget: the interpreter stops at its next check. */
  interrupted(): boolean;
  sleep(ms: number): Promise<void>;
  /** The budget of the line (or job) this code belongs to. */
  cpu: CpuBudget;
  /**
   * Gives the host a turn (ShellOptions.pause): the interpreter calls it every PAUSE_STEPS
   * steps, so Ctrl-C and the other sessions' calls get in even while a loop never sleeps.
   */
  pause(): Promise<void>;
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

/** Runs shell source text in a frame (interpreter.ts runSource), handed to dispatch for `sh -c` and scripts. */
export type RunSource = (src: string, f: Frame, io: Io, rt: Runtime) => Promise<number>;
