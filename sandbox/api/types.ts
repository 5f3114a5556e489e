/**
 * The sandbox's public API: small and serialisable, so a Web Worker can expose it with
 * comlink and the site, the CLI and the tests all drive the same simulator the same way.
 * The site imports only this file's types and the worker entry.
 */
import type { Hop } from '../net/datapath/types.ts';
import type { CheckResult as GradedCheck } from '../grading/report.ts';
import type { Prediction } from '../grading/predict.ts';
import type { ScenarioSpec } from '../scenarios/schema.ts';

export type * from '../pictures/types.ts';
import type { TopologyPicture, WalkPicture } from '../pictures/types.ts';
export type { Prediction, QuestionSpec } from '../grading/predict.ts';
/** One graded check as the page shows it: grading's outcome, and a failed probe's walk drawn. */
export interface CheckResult extends Omit<GradedCheck, 'trace'> {
  /** The failed probe's walk; `dying` marks the step where it died. Absent for checks that send nothing. */
  walk?: WalkPicture;
}

/** A grading report: every check, passed or not. */
export interface CheckReport {
  passed: boolean;
  results: CheckResult[];
}

/** One hop of a packet's walk (see the `pwru` command). */
export type TraceHop = Hop;

/** Which stream a chunk of output went to. */
export type Stream = 'stdout' | 'stderr';

/** A piece of output as a command produces it (streamed, for `ping` without `-c`). */
export interface OutputChunk {
  stream: Stream;
  text: string;
  /**
   * The session whose background job printed it: set on chunks that reach the `onOutput`
   * listener (they arrive while no line of that session runs); absent on a line's own output.
   */
  session?: string;
}

/**
 * Sessions: several interactive login shells on one world and one clock, each with its own
 * prompt, history, place, jobs and running command (the workbench's terminal tabs). `boot`
 * opens session "1"; calls that name no session use it. Ids are decimal strings, never reused
 * within a boot.
 */
export interface SessionOptions {
  /** Machine the new shell starts on (default: where session "1" started). */
  on?: string;
}

/** A new session: its id and first prompt. */
export interface SessionReport {
  session: string;
  prompt: string;
}

/** A session call that could not be done (an unknown machine, closing session "1"). */
export interface SessionError {
  error: string;
}

/** Options of one `exec`. */
export interface ExecOptions {
  /** The session to run in (default "1"). */
  session?: string;
  /**
   * Runs the line on this machine in a transient login shell, as `ssh MACHINE 'line'` would
   * (a lesson's cell that names its machine): the session's own place, variables and
   * directory stay as they are. Its jobs end with the line. An unknown machine gets ssh's
   * error and status 255.
   */
  on?: string;
  /**
   * Runs the line in virtual time, as a notebook cell does: its waits (`sleep 30`, ping's
   * second between probes) take no real time, and the clock jumps over them. Without it a
   * pacing host paces them in real time, as a terminal does for what the learner types. There
   * is one clock: while such a line runs, everything on it (other sessions' commands and jobs)
   * moves in virtual time too.
   */
  instant?: boolean;
}

/** What a session is busy with (`SandboxApi.busy`): a watchdog's sign of progress. */
export interface BusyReport {
  session: string;
  /** The command line running. */
  line: string;
  /** Virtual ms it has run so far (grows while it waits for time: ping, sleep). */
  ms: number;
  /** CPU steps it has used so far (grows while it computes: loops). */
  steps: number;
}

/** Progress of a replay, reported before each line and once at the end. */
export interface ReplayProgress {
  /** Entries replayed so far. */
  done: number;
  total: number;
  /** The line about to run (absent in the final report). */
  line?: string;
}

/** Options of `replay`. */
export interface ReplayOptions {
  /** Host ms the replay may take before it is cut short (default 10,000; needs SandboxOptions.now). */
  budgetMs?: number;
}

/** Why and where a replay stopped before the end of the journal. */
export interface ReplayCut {
  /** Index of the first entry not replayed. */
  index: number;
  line: string;
  /** For the learner: starts with "cannot replay:". */
  message: string;
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
  /**
   * The world this scenario and seed build, written ahead of time by `worldImage` (the site's
   * `worlds/<scenario>.json`, made at build time): boot reads it instead of building. Ignored,
   * and the world built, when it was made from another scenario or seed.
   */
  image?: string;
}

/** Result of booting: where the shell stands. */
export interface BootReport {
  scenario: string;
  prompt: string;
  machines: string[];
  /** How the world was made: read from `BootOptions.image`, or built from the scenario. */
  from?: 'image' | 'scenario';
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
  /** The session it ran in; absent for session "1". Replay opens the session if needed. */
  session?: string;
  /** The machine it ran on through `ExecOptions.on` (replay runs it there again). */
  on?: string;
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
  /** The prompt of session "1" after replay (the shell stands where the learner stood). */
  prompt: string;
  /**
   * Replay stopped before the end (its budget was spent, or `interrupt` stopped it): the
   * world holds the lines before `cut.index`. The page offers to start from the scenario.
   */
  cut?: ReplayCut;
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
  /**
   * Opens a new session (a login shell on `options.on`, default where session "1" started);
   * an unknown machine is a SessionError.
   */
  openSession(options?: SessionOptions): SessionReport | SessionError;
  /**
   * Closes a session: its running line is interrupted and its jobs end. Closing "1" or an
   * unknown session is a SessionError.
   */
  closeSession(session: string): SessionError | undefined;
  /** The open sessions, "1" first. */
  sessions(): string[];
  /**
   * Runs one command line in a session's interactive shell (default "1"; `options.on` runs it
   * on another machine), streaming output to `onOutput`. Several sessions may run lines at the
   * same time; one session runs one line at a time: a line sent while another runs waits for
   * it, and `interrupt` discards it (it answers with the prompt and no entry, like input the
   * tty flushed on Ctrl-C). An unknown session answers status 1 with a message on stderr.
   */
  exec(line: string, onOutput: (chunk: OutputChunk) => void, options?: ExecOptions): Promise<ExecReport>;
  /**
   * What runs now: the session's line (or, without `session`, the line that has run longest),
   * undefined when idle. Cheap; the page's watchdog polls it for progress.
   */
  busy(session?: string): BusyReport | undefined;
  /**
   * Replays journal entries (from ExecReport.entry), called right after `boot` with the same
   * scenario and seed: each line runs with its output (and background jobs' output) discarded,
   * in instant virtual time even with a pacing host. Before a line, the idle time the learner's
   * prompt saw passes (it matters only with background jobs; each gap is capped at 10 minutes
   * of virtual time); an interrupted line is interrupted at its recorded instant, at + ms.
   * Afterwards the session goes on as before, paced, with the lines in its history and `$?`
   * the last status. Each entry runs in its session (opened as needed, on the start machine)
   * or, with `on`, on its machine. Replay has its own budget (`options.budgetMs` of the host's
   * time, checked between lines; each line also has its CPU budget) and stops cleanly when it
   * is spent or `interrupt` is called, with `cut` in the report; `onProgress` (a function, or
   * a comlink proxy across the worker boundary: an argument of its own for that reason)
   * hears progress before every line and at the end.
   * A malformed entry rejects the call, naming it, before anything runs.
   */
  replay(entries: JournalEntry[], options?: ReplayOptions, onProgress?: (progress: ReplayProgress) => void): Promise<ReplayReport>;
  /**
   * Regular files under /root and /home/* on every node and host that the learner created or
   * changed since boot (compared with what the scenario built), sorted by machine then path:
   * the page mirrors them into the learner's workspace.
   */
  homeFiles(): HomeFile[];
  /**
   * Ctrl-C in a session (default "1"): interrupts its running command, or discards the lines
   * of an unfinished one; during `replay` it also stops the replay (ReplayReport.cut).
   */
  interrupt(session?: string): void;
  /**
   * Subscribes to output that background jobs (`ping ... &`) print while no line of their
   * session runs (a paced host keeps time flowing at the prompt); each chunk names its
   * session. `undefined` unsubscribes. One subscriber,
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
  /** Tab completion for `line` with the cursor at `cursor`, in a session (default "1"). */
  complete(line: string, cursor: number, session?: string): Completion;
  /** A session's current prompt (default "1"; '' for an unknown session). */
  prompt(session?: string): string;
  /** Grades the world against checks (exercise specs); never changes the world. */
  check(spec: unknown): CheckReport;
  /**
   * Answers a prediction question (grading/predict.ts) from the live state, probing a copy of
   * the world, and judges the learner's answer `given` against it; never changes the world.
   * Optional (added for predict cells).
   */
  predict?(question: unknown, given?: string): Prediction;
  /** Copies the whole world and every session's place. */
  snapshot(): Snapshot;
  /** Replaces the world with a snapshot's copy. */
  restore(snapshot: Snapshot): void;
  /** Packet walks recorded by the most recent commands (newest last). */
  traces(): Trace[];
  /** The topology picture of the live world; `expand` names machines a large world draws in full (pictures/). */
  topology?(options?: { expand?: string[] }): TopologyPicture;
  /** The walk picture of a recent command that sent packets (`back` 0 = the latest), if any. */
  walk?(back?: number): WalkPicture | undefined;
}
