/**
 * Job control of the interactive shell (bash(1) JOB CONTROL): `cmd &` runs as its own task
 * on the session's virtual-time scheduler (fabric/scheduler.ts), numbered like bash's jobs
 * table (lowest free number above the highest in use), with a deterministic pid. The
 * notices are bash's `pretty_print_job` lines (jobs.c): `[N]±  STATE<pad to 24>TEXT`, on
 * stderr before the next prompt; `jobs` prints them on stdout.
 */
import type { Scheduler, Task } from '../fabric/scheduler.ts';
import type { Output } from './types.ts';

export interface Job {
  n: number;
  pid: number;
  /** The command as typed, without the `&`. */
  text: string;
  task: Task;
  /** Exit status once ended (143 after SIGTERM, as 128 + 15). */
  status?: number;
  signalled?: boolean;
  /** A notice for this job is held back until exec number > this (kill's SIGCHLD comes late). */
  holdUntil: number;
  /** Started by a script or subshell (`sh -c 'x &'`): not the interactive shell's job, never listed or reported. */
  silent: boolean;
  done: Promise<void>;
}

/** What the interpreter and the builtins use. */
export interface JobControl {
  /** Starts `run` as job; prints `[N] PID` on `notice` when given (interactive shells). */
  start(text: string, run: (task: Task) => Promise<number>, notice?: Output, silent?: boolean): Job;
  /** The jobs table, by number. */
  list(): Job[];
  /** Resolves a jobspec (`%1`, `%%`, `%+`, `%-`, `%ping`, `%?str`) or a pid. */
  find(spec: string): Job | undefined;
  /** `+` for the current job, `-` for the previous one, else a space. */
  mark(job: Job): string;
  /** SIGTERM: the job's commands stop at their next wait, printing nothing more. */
  terminate(job: Job): void;
  /** SIGTERM to every job, the silent ones (`sh -c 'x &'`) too: the session ends. */
  terminateAll(): void;
  /** Forgets an ended job (reported by `jobs`, waited for, or brought to the foreground). */
  forget(job: Job): void;
  /** The pid of the last background job (`$!`). */
  lastPid(): number | undefined;
  /** Notices of jobs that ended since the last prompt (they leave the table). */
  notices(): string;
  scheduler: Scheduler;
}

/** One line of `jobs` / a notice, as bash formats it. */
export function jobLine(job: Job, mark: string, listing: boolean): string {
  let state = 'Running';
  if (job.status !== undefined) state = job.signalled ? 'Terminated' : job.status === 0 ? 'Done' : `Exit ${job.status}`;
  const text = job.status === undefined && listing ? `${job.text} &` : job.text;
  return `[${job.n}]${mark}  ${state.padEnd(24)}${text}\n`;
}

/**
 * The last pid handed out on a machine's pid space: sessions of one sandbox share one, so
 * their jobs never get the same pid.
 */
export interface PidCounter {
  last: number;
}

/** A jobs table for session `owner`, its tasks on `scheduler`, pids from `pids`. */
export function createJobs(scheduler: Scheduler, pids: PidCounter, execNo: () => number, owner = ''): JobControl {
  const table: Job[] = [];
  let last: number | undefined;

  const sorted = () => table.filter((j) => !j.silent).sort((a, b) => a.n - b.n);
  const control: JobControl = {
    scheduler,
    start(text, run, notice, silent = false) {
      const n = table.reduce((m, j) => (j.silent ? m : Math.max(m, j.n)), 0) + 1;
      const task = scheduler.spawn(owner);
      pids.last += 1 + (pids.last % 3 === 0 ? 1 : 0);
      const pid = pids.last;
      let finish = () => {};
      const job: Job = { n, pid, text, task, holdUntil: -1, silent, done: new Promise<void>((r) => (finish = r)) };
      table.push(job);
      last = pid;
      notice?.write(`[${n}] ${pid}\n`);
      void run(task).then(
        (status) => {
          job.status = task.interrupted && job.signalled ? 143 : status;
          scheduler.end(task);
          finish();
        },
        (err: unknown) => {
          // A simulator bug in a job must not vanish: it ends the job like a crash would.
          job.status = 139;
          scheduler.end(task);
          finish();
          throw err;
        },
      );
      return job;
    },
    list: sorted,
    find(spec) {
      const js = sorted();
      if (/^[0-9]+$/.test(spec)) return js.find((j) => String(j.pid) === spec);
      if (!spec.startsWith('%')) return undefined;
      const s = spec.slice(1);
      if (s === '' || s === '%' || s === '+') return js[js.length - 1];
      if (s === '-') return js[js.length - 2] ?? js[js.length - 1];
      if (/^[0-9]+$/.test(s)) return js.find((j) => j.n === Number(s));
      if (s.startsWith('?')) return js.find((j) => j.text.includes(s.slice(1)));
      return js.find((j) => j.text.startsWith(s));
    },
    mark(job) {
      const js = sorted();
      if (job === js[js.length - 1]) return '+';
      if (job === js[js.length - 2]) return '-';
      return ' ';
    },
    terminateAll() {
      for (const job of table) control.terminate(job);
    },
    terminate(job) {
      if (job.status !== undefined) return;
      job.signalled = true;
      job.holdUntil = execNo();
      scheduler.interrupt(job.task);
    },
    forget(job) {
      const i = table.indexOf(job);
      if (i >= 0) table.splice(i, 1);
    },
    lastPid: () => last,
    notices() {
      // Called after every foreground command: cheap when nothing ended.
      if (!table.some((j) => j.status !== undefined)) return '';
      for (const job of [...table]) if (job.silent && job.status !== undefined) control.forget(job);
      let out = '';
      for (const job of sorted()) {
        if (job.status === undefined || job.holdUntil >= execNo()) continue;
        out += jobLine(job, control.mark(job), false);
      }
      for (const job of [...table]) if (job.status !== undefined && (job.silent || job.holdUntil < execNo())) control.forget(job);
      return out;
    },
  };
  return control;
}
