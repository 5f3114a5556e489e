/**
 * The worker entry: the only place the simulator runs in the browser, and the only place that
 * catches exceptions thrown by it. A thrown exception is always a simulator bug (commands
 * return errors, they never throw for bad input), so it is reported as one: on the command's
 * stderr, on the console (which fails the e2e tests), and as a rejected call for the page.
 */
import * as Comlink from 'comlink';
import { createSandbox } from '../../sandbox/api/sandbox.ts';
import type { OutputChunk, SandboxApi } from '../../sandbox/api/types.ts';

// Boot phases for the bench (bench/site.bench.ts reads them from the worker): its modules are
// evaluated here, then `boot` runs between pw:boot-start and pw:boot-end.
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

const sandbox: SandboxApi = createSandbox({ wait });

function bugMessage(where: string, error: unknown): string {
  const detail = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return `packetwalk: simulator bug in ${where}: ${detail}`;
}

const exposed: SandboxApi = {
  boot: (options) =>
    guardedSync('boot', () => {
      performance.mark('pw:boot-start');
      const report = sandbox.boot(options);
      performance.mark('pw:boot-end');
      return report;
    }),
  async exec(line, onOutput) {
    // Output goes through comlink's proxy port and the answer through the worker's own port;
    // messages on two ports are not ordered, so wait until the page has taken every chunk
    // before answering, or the prompt could overtake the command's last lines.
    const delivered: Promise<unknown>[] = [];
    const forward = (chunk: OutputChunk): void => {
      delivered.push(Promise.resolve(onOutput({ stream: chunk.stream, text: chunk.text })));
    };
    try {
      const report = await sandbox.exec(line, forward);
      await Promise.all(delivered);
      return report;
    } catch (error) {
      const message = bugMessage(`exec ${JSON.stringify(line)}`, error);
      console.error(message);
      forward({ stream: 'stderr', text: `${message.split('\n')[0]}\n` });
      await Promise.all(delivered);
      return { status: EX_SOFTWARE, prompt: safePrompt() };
    }
  },
  // Replay after a reload (journal.ts): a thrown error is a simulator bug, reported as exec's are
  // (console, message naming the call) and rejected so the page can say progress was not restored.
  async replay(entries) {
    try {
      return await sandbox.replay(entries);
    } catch (error) {
      const message = bugMessage(`replay of ${Array.isArray(entries) ? entries.length : '?'} entries`, error);
      console.error(message);
      throw new Error(message);
    }
  },
  homeFiles: () => guardedSync('homeFiles', () => sandbox.homeFiles()),
  interrupt: () => guardedSync('interrupt', () => sandbox.interrupt()),
  // Background jobs' output while no line runs (job control): the listener is a comlink proxy.
  onOutput: (listener) =>
    guardedSync('onOutput', () => sandbox.onOutput?.(listener ? (chunk) => void listener({ stream: chunk.stream, text: chunk.text }) : undefined)),
  complete: (line, cursor) => guardedSync('complete', () => sandbox.complete(line, cursor)),
  prompt: () => guardedSync('prompt', () => sandbox.prompt()),
  check: (spec) => guardedSync('check', () => sandbox.check(spec)),
  async prepare(lines) {
    try {
      return await sandbox.prepare!(lines);
    } catch (error) {
      const message = bugMessage(`prepare of ${Array.isArray(lines) ? lines.length : '?'} lines`, error);
      console.error(message);
      throw new Error(message);
    }
  },
  predict: (question, given) => guardedSync('predict', () => sandbox.predict!(question, given)),
  snapshot: () => guardedSync('snapshot', () => sandbox.snapshot()),
  restore: (snapshot) => guardedSync('restore', () => sandbox.restore(snapshot)),
  traces: () => guardedSync('traces', () => sandbox.traces()),
};

/** The synchronous methods: same reporting, no promise in between. */
function guardedSync<T>(where: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const message = bugMessage(where, error);
    console.error(message);
    throw new Error(message);
  }
}

/** The prompt after a crashed command; if even that throws, a neutral one. */
function safePrompt(): string {
  try {
    return sandbox.prompt();
  } catch (error) {
    console.error(bugMessage('prompt', error));
    return '$ ';
  }
}

Comlink.expose(exposed);
