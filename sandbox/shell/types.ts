/**
 * The contract between the shell and the commands it runs. A command is named exactly after
 * the real binary, lives in commands/<binary>/, and returns the exit status the real tool
 * would; it writes what the real tool writes to stdout and stderr. It never throws for bad
 * input: a thrown exception is a simulator bug (the worker entry reports it as one).
 */
import type { Machine, World } from '../fabric/world.ts';
import type { Netns } from '../net/types.ts';

/** A stream a command writes to. */
export interface Output {
  write(text: string): void;
}

/** Where a command runs: a machine and the namespace it is in (`ip netns exec` changes it). */
export interface Place {
  machine: Machine;
  netns: Netns;
}

/** Everything a command sees while it runs. */
export interface CommandContext extends Place {
  world: World;
  /** argv[0] is the command name as typed. */
  argv: string[];
  /** Everything piped or redirected into the command. */
  stdin: string;
  stdout: Output;
  stderr: Output;
  /** The shell's variables (exported and not), read-only for commands. */
  env: ReadonlyMap<string, string>;
  /**
   * The environment a program really receives (execve): the exported variables plus the
   * command's own `NAME=value` assignments. Programs that read their environment (the CNI
   * plugins) use this; absent in contexts built outside the shell's dispatch.
   */
  environ?: ReadonlyMap<string, string>;
  /** True once the learner pressed Ctrl-C; long-running commands poll it. */
  readonly interrupted: () => boolean;
  /**
   * Lets `ms` of simulated time pass (timers, timeouts, ping intervals). Resolves early when
   * interrupted. The host decides how much real time that takes (none in tests).
   */
  sleep(ms: number): Promise<void>;
  /**
   * Sleeps like `sleep` but returns early at the virtual instant the network runs any event
   * (fabric/time.ts waitFor: a process blocked on its socket or capture). Optional:
   * without it waitFor falls back to `sleep`.
   */
  watch?(ms: number): Promise<void>;
  /**
   * Gives the host a turn during a long computation (kubectl's control loop after a huge
   * write: cluster/reconcile.ts reconcileYielding), so Ctrl-C and the page's calls get in.
   * Optional: without it a zero-delay timer gives the turn (fabric/scheduler.ts hostTurn).
   */
  pause?(): Promise<void>;
  /** Runs argv as a nested command in `place` (for `ip netns exec`, `sh -c`, `kubectl exec`). */
  spawn(argv: string[], place: Place, stdin?: string): Promise<number>;
  /**
   * Moves the interactive shell to another place (`ssh`, `kubectl exec -it`); `exit` pops it.
   * `shell` names the program started there (`bash`, `sh`; default: a node's login bash, a
   * pod's sh): it decides the prompt and the messages (`bash: x: command not found` vs
   * `sh: x: not found`).
   */
  enter(place: Place, user?: string, shell?: string): void;
}

/** A command: its name, how it runs, and optional completion of its arguments. */
export interface CommandSpec {
  /** The binary's name (`ip`, `iptables-save`, `kubectl`). */
  name: string;
  run(ctx: CommandContext): number | Promise<number>;
  /**
   * Candidates for the word being typed, given the words before it (argv[0] excluded) and
   * the partial word; the shell filters by prefix.
   */
  complete?(words: string[], partial: string, place: Place & { world: World }): string[];
}
