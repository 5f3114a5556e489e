/**
 * The sandbox's public API: small and serialisable, so a Web Worker can expose it with
 * comlink and the site, the CLI and the tests all drive the same simulator the same way.
 * The site imports only this file's types and the worker entry.
 */
import type { Hop } from '../net/datapath/types.ts';
import type { CheckReport } from '../grading/report.ts';
import type { Prediction } from '../grading/predict.ts';
import type { ScenarioSpec } from '../scenarios/schema.ts';

export type { CheckReport, CheckResult } from '../grading/report.ts';
export type { Prediction, QuestionSpec } from '../grading/predict.ts';
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
   * The scenario file's text (YAML), or the file already parsed and validated (the site does
   * that at build time and ships JSON, so the worker skips YAML and schema work at boot).
   * Callers resolve names: the site bundles content/scenarios, Node tools read them with
   * scripts/lesson-files.ts (`scenarioText(name)`).
   */
  scenario: string | ScenarioSpec;
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
  /** The journal's record of the line (api/journal.ts); present whenever a command line completed. */
  entry?: JournalEntry;
}

/** One completed command line as the journal keeps it: enough to replay it exactly. */
export interface JournalEntry {
  /** The whole command text that ran (the joined lines of a here-document/continuation). */
  line: string;
  /** Virtual clock (ms) when it started, and how long it ran (virtual ms). */
  at: number;
  ms: number;
  /** Exit status it ended with ($?). */
  status: number;
  /** Ctrl-C ended it (replay interrupts it at the same virtual instant, at + ms). */
  interrupted?: boolean;
  /**
   * It changed the cluster's configuration (see below); the page commits such lines. "Below":
   * a digest of the configuration taken after the line differs from the one taken after the
   * previous line (or boot/replay). It covers API objects (without status, resourceVersion,
   * timestamps), links, addresses, routes, sysctls, netfilter rules, neighbour and FDB entries
   * set by hand, machines' files and environment, and the shell's variables, directory and
   * place; not the clock, conntrack, learned entries, counters or traces (journal.ts). In a
   * world far beyond a lesson's size (over 64 namespaces or 20,000 netfilter rules: the
   * benchmarks) every non-empty line is reported changed instead of walking the world per line.
   */
  changed?: boolean;
}

/** What `replay` did. */
export interface ReplayReport {
  /** Entries replayed. */
  replayed: number;
  /** Entries whose exit status differed from the recorded one (the scenario changed since, or a bug). */
  diverged: { index: number; line: string; expected: number; got: number }[];
  /** The prompt after replay (the shell stands where the learner stood). */
  prompt: string;
}

/** A regular file of the learner's workspace (see `SandboxApi.homeFiles`). */
export interface HomeFile {
  machine: string;
  path: string;
  content: string;
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
  /**
   * Replays journal entries (from ExecReport.entry), called right after `boot` with the same
   * scenario and seed: each line runs with its output (and background jobs' output) discarded,
   * in instant virtual time even with a pacing host. Before a line, the idle time the learner's
   * prompt saw passes (it matters only with background jobs; each gap is capped at 10 minutes
   * of virtual time); an interrupted line is interrupted at its recorded instant, at + ms.
   * Afterwards the session goes on as before, paced, with the lines in its history and `$?`
   * the last status. A malformed entry rejects the call, naming it, before anything runs.
   */
  replay(entries: JournalEntry[]): Promise<ReplayReport>;
  /**
   * Regular files under /root and /home/* on every node and host that the learner created or
   * changed since boot (compared with what the scenario built), sorted by machine then path:
   * the page mirrors them into the learner's workspace.
   */
  homeFiles(): HomeFile[];
  /** Ctrl-C: interrupts the running command, or discards the lines of an unfinished one. */
  interrupt(): void;
  /**
   * Subscribes to output that background jobs (`ping ... &`) print while no line runs (a
   * paced host keeps time flowing at the prompt); `undefined` unsubscribes. One subscriber,
   * kept across boot/restore. Without one, such output is printed at the start of the next
   * exec. Optional (added for job control): hosts that omit it get that fallback.
   */
  onOutput?(listener: ((chunk: OutputChunk) => void) | undefined): void;
  /**
   * Runs command lines on machines before the learner starts (a capstone's faults,
   * capstone/generate.ts), each on its own throwaway shell in instant virtual time: nothing
   * reaches the learner's history, output or journal, and the configuration they make is the
   * baseline the journal compares with. Call it right after `boot` (and before `replay`) with
   * the same lines each time. Resolves with the lines that exited non-zero. Optional (added
   * for the capstone).
   */
  prepare?(lines: { on: string; line: string }[]): Promise<{ failed: { on: string; line: string; status: number; output: string }[] }>;
  /** Tab completion for `line` with the cursor at `cursor`. */
  complete(line: string, cursor: number): Completion;
  /** The current prompt. */
  prompt(): string;
  /** Grades the world against checks (exercise specs); never changes the world. */
  check(spec: unknown): CheckReport;
  /**
   * Answers a prediction question (grading/predict.ts) from the live state, probing a copy of
   * the world, and judges the learner's answer `given` against it; never changes the world.
   * Optional (added for predict cells).
   */
  predict?(question: unknown, given?: string): Prediction;
  /** Copies the whole world and the shell's place. */
  snapshot(): Snapshot;
  /** Replaces the world with a snapshot's copy. */
  restore(snapshot: Snapshot): void;
  /** Packet walks recorded by the most recent commands (newest last). */
  traces(): Trace[];
}
