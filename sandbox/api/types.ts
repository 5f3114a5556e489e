/**
 * The sandbox's public API: small and serialisable, so a Web Worker can expose it with
 * comlink and the site, the CLI and the tests all drive the same simulator the same way.
 * The site imports only this file's types and the worker entry.
 */
import type { Hop } from '../net/datapath/types.ts';
import type { CheckReport } from '../grading/report.ts';

export type { CheckReport, CheckResult } from '../grading/report.ts';
/** One hop of a packet's walk (see the `pwru` command). */
export type TraceHop = Hop;

/** Which stream a chunk of output went to. */
export type Stream = 'stdout' | 'stderr';

/** A piece of output as a command produces it (streamed, for `ping` without `-c`). */
export interface OutputChunk {
  stream: Stream;
  text: string;
}

/** What boot needs: a scenario (parsed scenario file) and a seed. */
export interface BootOptions {
  /**
   * The scenario file's text (YAML). Callers resolve names: the site bundles content/scenarios,
   * Node tools read them with scripts/lesson-files.ts.
   */
  scenario: string;
  /** Seed of all randomness (default 1): the same seed replays the same session. */
  seed?: number;
  /** Machine the shell starts on (default: the scenario's first). */
  on?: string;
}

/** Result of booting: where the shell stands. */
export interface BootReport {
  scenario: string;
  prompt: string;
  machines: string[];
}

/** Result of one command line. */
export interface ExecReport {
  /** Exit status of the last command ($?). */
  status: number;
  /** The prompt to show next (it changes after `ssh`, `kubectl exec -it`, `exit`). */
  prompt: string;
  /**
   * The line did not complete a command (an open here-document, quote or trailing `\`): it is
   * kept, nothing ran, and `prompt` is the continuation prompt. `interrupt()` discards it.
   */
  more?: boolean;
}

/** Tab-completion answer: replace [from, cursor) of the line with one of `candidates`. */
export interface Completion {
  from: number;
  candidates: string[];
}

/** A serialised world, restorable with `restore`. */
export interface Snapshot {
  version: 1;
  data: unknown;
}

/** A packet walk: the hops of every packet a command sent, and how it ended. */
export interface Trace {
  command: string;
  hops: Hop[];
}

/** The API a worker exposes (all methods may be awaited across the worker boundary). */
export interface SandboxApi {
  /** (Re)builds the cluster from a scenario; the previous world is discarded. */
  boot(options: BootOptions): BootReport;
  /** Runs one command line in the interactive shell, streaming output to `onOutput`. */
  exec(line: string, onOutput: (chunk: OutputChunk) => void): Promise<ExecReport>;
  /** Ctrl-C: interrupts the running command, or discards the lines of an unfinished one. */
  interrupt(): void;
  /**
   * Subscribes to output that background jobs (`ping ... &`) print while no line runs (a
   * paced host keeps time flowing at the prompt); `undefined` unsubscribes. One subscriber,
   * kept across boot/restore. Without one, such output is printed at the start of the next
   * exec. Optional (added for job control): hosts that omit it get that fallback.
   */
  onOutput?(listener: ((chunk: OutputChunk) => void) | undefined): void;
  /** Tab completion for `line` with the cursor at `cursor`. */
  complete(line: string, cursor: number): Completion;
  /** The current prompt. */
  prompt(): string;
  /** Grades the world against checks (exercise specs); never changes the world. */
  check(spec: unknown): CheckReport;
  /** Copies the whole world and the shell's place. */
  snapshot(): Snapshot;
  /** Replaces the world with a snapshot's copy. */
  restore(snapshot: Snapshot): void;
  /** Packet walks recorded by the most recent commands (newest last). */
  traces(): Trace[];
}
