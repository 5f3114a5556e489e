/**
 * The browser transport: a module Web Worker running src/worker/sandbox.worker.ts, wrapped
 * with comlink. The lesson page starts the worker while it parses (LessonContent.astro), so the
 * cluster is built before the learner reaches for the terminal; the first connection adopts it.
 */
import * as Comlink from 'comlink';
import type { SandboxApi } from '../../sandbox/api/types.ts';
import type { Connection, RemoteSandbox } from './kernel.ts';

declare global {
  interface Window {
    /** The worker LessonContent.astro started while the page was parsing; the first connection takes it. */
    __pwWorker?: Worker;
  }
}

export function connectWorker(): Connection {
  const early = window.__pwWorker;
  window.__pwWorker = undefined;
  const worker = early ?? new Worker(new URL('../worker/sandbox.worker.ts', import.meta.url), {
    type: 'module',
    name: 'packetwalk-sandbox',
  });
  const remote = Comlink.wrap<SandboxApi>(worker);
  const failureListeners: ((message: string) => void)[] = [];
  const report = (message: string): void => {
    for (const listener of failureListeners) listener(message);
  };
  worker.addEventListener('error', (event) => {
    // An uncaught error in the worker (e.g. its script failed to load): the kernel is gone.
    event.preventDefault();
    report(event.message || 'the worker failed');
  });
  worker.addEventListener('messageerror', () => report('a message could not be decoded'));
  const api: RemoteSandbox = {
    boot: (options) => remote.boot(options),
    // The callback crosses the boundary as a comlink proxy; the worker awaits its delivery.
    exec: (line, onOutput, options) => remote.exec(line, Comlink.proxy(onOutput), options),
    interrupt: (session) => remote.interrupt(session),
    // Optional in SandboxApi, always present in our worker; comlink's Remote type loses the call signature.
    onOutput: (listener) => (remote as unknown as { onOutput(l: typeof listener): Promise<void> }).onOutput(Comlink.proxy(listener)),
    complete: (line, cursor, session) => remote.complete(line, cursor, session),
    prompt: (session) => remote.prompt(session),
    openSession: (options) => remote.openSession(options),
    closeSession: (session) => remote.closeSession(session),
    busy: (session) => remote.busy(session),
    check: (spec) => remote.check(spec),
    // Optional in SandboxApi (predict cells, the capstone), always present in our worker.
    predict: (question, given) => (remote as unknown as { predict(q: unknown, g?: string): ReturnType<NonNullable<RemoteSandbox['predict']>> }).predict(question, given),
    prepare: (lines) => (remote as unknown as { prepare(l: typeof lines): ReturnType<NonNullable<RemoteSandbox['prepare']>> }).prepare(lines),
    replay: (entries, onProgress) => remote.replay(entries, undefined, onProgress ? Comlink.proxy(onProgress) : undefined),
    homeFiles: () => remote.homeFiles(),
    // Pictures (src/pictures/): optional in SandboxApi, present in our worker.
    topology: (options) => (remote as unknown as Required<RemoteSandbox>).topology(options),
    walk: (back) => (remote as unknown as Required<RemoteSandbox>).walk(back),
  };
  return {
    api,
    terminate() {
      remote[Comlink.releaseProxy]();
      worker.terminate();
    },
    onFailure(listener) {
      failureListeners.push(listener);
    },
  };
}
