/**
 * The browser transport: a module Web Worker running src/worker/sandbox.worker.ts, wrapped
 * with comlink. The worker is created only when a lesson first needs the cluster (first Run,
 * or the terminal coming into view), so it costs nothing before.
 */
import * as Comlink from 'comlink';
import type { SandboxApi } from '../../sandbox/api/types.ts';
import type { Connection, RemoteSandbox } from './kernel.ts';

export function connectWorker(): Connection {
  const worker = new Worker(new URL('../worker/sandbox.worker.ts', import.meta.url), {
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
    exec: (line, onOutput) => remote.exec(line, Comlink.proxy(onOutput)),
    interrupt: () => remote.interrupt(),
    // Optional in SandboxApi, always present in our worker; comlink's Remote type loses the call signature.
    onOutput: (listener) => (remote as unknown as { onOutput(l: typeof listener): Promise<void> }).onOutput(Comlink.proxy(listener)),
    complete: (line, cursor) => remote.complete(line, cursor),
    prompt: () => remote.prompt(),
    check: (spec) => remote.check(spec),
    // Optional in SandboxApi (predict cells, the capstone), always present in our worker.
    predict: (question, given) => (remote as unknown as { predict(q: unknown, g?: string): ReturnType<NonNullable<RemoteSandbox['predict']>> }).predict(question, given),
    prepare: (lines) => (remote as unknown as { prepare(l: typeof lines): ReturnType<NonNullable<RemoteSandbox['prepare']>> }).prepare(lines),
    replay: (entries) => remote.replay(entries),
    homeFiles: () => remote.homeFiles(),
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
