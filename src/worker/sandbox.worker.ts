/**
 * The worker entry: the only place the simulator runs in the browser, and the only place that
 * catches exceptions thrown by it. A thrown exception is always a simulator bug (commands
 * return errors, they never throw for bad input), so it is reported as one: on the command's
 * stderr, on the console (which fails the e2e tests), and as a rejected call for the page.
 */
import * as Comlink from 'comlink';
import { createSandbox } from '../../sandbox/api/sandbox.ts';
import type { OutputChunk, SandboxApi } from '../../sandbox/api/types.ts';
import { earlyBoot } from './early-boot.ts';

// Boot phases for the bench (bench/site.bench.ts reads them from the worker): its modules are
// evaluated here, then `boot` runs between pw:boot-start and pw:boot-end (early-boot.ts).
performance.mark('pw:worker-evaluated');

/** Exit status for an internal error (sysexits.h EX_SOFTWARE). */
const EX_SOFTWARE = 70;

/**
 * Simulated time passes in real time here (ping prints once a second, `sleep 2` takes two
 * seconds), checking for Ctrl-C every 50 ms; returns the ms that really passed.
 */
function wait(ms: number, interrupted: () => boolean): Promise<number> {
  const start = performance.now();
  return new Promise((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - start;
      if (interrupted() || elapsed >= ms) resolve(Math.min(elapsed, ms));
      else setTimeout(tick, Math.min(50, ms - elapsed));
    };
    tick();
  });
}

/**
 * A turn for the page while a command computes (a loop that never sleeps): a MessageChannel
 * message is a macrotask that, unlike a nested zero-delay timer, is not clamped to 4 ms, so
 * Ctrl-C and the other terminals' calls land between steps.
 */
const turn = new MessageChannel();
const turnWaiters: (() => void)[] = [];
turn.port1.onmessage = () => turnWaiters.shift()?.();
function pause(): Promise<void> {
  return new Promise((resolve) => {
    turnWaiters.push(resolve);
    turn.port2.postMessage(0);
  });
}

const sandbox: SandboxApi = createSandbox({ wait, pause, now: () => performance.now() });
// Before comlink's listener: the page's early boot message is not a comlink call.
const boot = earlyBoot(self, sandbox);

function bugMessage(where: string, error: unknown): string {
  const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return `packetwalk: simulator bug in ${where}: ${detail}`;
}

const exposed: SandboxApi = {
  boot: (options) => guardedSync('boot', () => boot(options)),
  openSession: (options) => guardedSync('openSession', () => sandbox.openSession(options)),
  closeSession: (session) => guardedSync('closeSession', () => sandbox.closeSession(session)),
  sessions: () => guardedSync('sessions', () => sandbox.sessions()),
  busy: (session) => guardedSync('busy', () => sandbox.busy(session)),
  async exec(line, onOutput, options) {
    // Output goes through comlink's proxy port and the answer through the worker's own port;
    // messages on two ports are not ordered, so wait until the page has taken every chunk
    // before answering, or the prompt could overtake the command's last lines.
    const delivered: Promise<unknown>[] = [];
    const forward = (chunk: OutputChunk): void => {
      delivered.push(Promise.resolve(onOutput({ ...chunk })));
    };
    try {
      const report = await sandbox.exec(line, forward, options);
      await Promise.all(delivered);
      return report;
    } catch (error) {
      const message = bugMessage(`exec ${JSON.stringify(line)}`, error);
      console.error(message);
      forward({ stream: 'stderr', text: `${message.split('\n')[0]}\n` });
      await Promise.all(delivered);
      return { status: EX_SOFTWARE, prompt: safePrompt(options?.session) };
    }
  },
  // Replay after a reload (journal.ts): a thrown error is a simulator bug, reported as exec's are
  // (console, message naming the call) and rejected so the page can say progress was not restored.
  replay: (entries, options, onProgress) =>
    guarded(`replay of ${Array.isArray(entries) ? entries.length : '?'} entries`, () =>
      sandbox.replay(entries, options, onProgress ? (p) => void onProgress({ ...p }) : undefined)),
  homeFiles: () => guardedSync('homeFiles', () => sandbox.homeFiles()),
  interrupt: (session) => guardedSync('interrupt', () => sandbox.interrupt(session)),
  // Background jobs' output while no line runs (job control): the listener is a comlink proxy.
  onOutput: (listener) =>
    guardedSync('onOutput', () => sandbox.onOutput?.(listener ? (chunk) => void listener({ ...chunk }) : undefined)),
  complete: (line, cursor, session) => guardedSync('complete', () => sandbox.complete(line, cursor, session)),
  prompt: (session) => guardedSync('prompt', () => sandbox.prompt(session)),
  check: (spec) => guardedSync('check', () => sandbox.check(spec)),
  prepare: (lines) => guarded(`prepare of ${Array.isArray(lines) ? lines.length : '?'} lines`, () => sandbox.prepare!(lines)),
  predict: (question, given) => guardedSync('predict', () => sandbox.predict!(question, given)),
  snapshot: () => guardedSync('snapshot', () => sandbox.snapshot()),
  restore: (snapshot) => guardedSync('restore', () => sandbox.restore(snapshot)),
  traces: () => guardedSync('traces', () => sandbox.traces()),
  topology: (options) => guardedSync('topology', () => sandbox.topology!(options)),
  walk: (back) => guardedSync('walk', () => sandbox.walk!(back)),
};

/** A call's error is a simulator bug: logged with the call named, and rejected with that message. */
function bugError(where: string, error: unknown): Error {
  const message = bugMessage(where, error);
  console.error(message);
  return new Error(message);
}

/** The synchronous methods: same reporting, no promise in between. */
function guardedSync<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw bugError(where, error);
  }
}

/** The asynchronous methods: the same reporting, as a rejected promise. */
async function guarded<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw bugError(where, error);
  }
}

/** The prompt after a crashed command; if even that throws, a neutral one. */
function safePrompt(session?: string): string {
  try {
    return sandbox.prompt(session);
  } catch (error) {
    console.error(bugMessage('prompt', error));
    return '$ ';
  }
}

Comlink.expose(exposed);
