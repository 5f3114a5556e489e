/**
 * The workbench's "nothing wedges" figures, with the host turn Node gets by
 * default (setImmediate; the worker's MessageChannel turn is of the same kind):
 *  - Ctrl-C latency in `while :; do while :; do :; done; done`: ms from interrupt() until exec
 *    returns, p50 and max of 20;
 *  - how long a line that exhausts its CPU budget runs before `CPU time limit exceeded`;
 *  - a second session's `ip route` while the first computes in a loop;
 *  - replaying the journal of three `kubectl create deployment X --image=nginx
 *    --replicas=9000` lines with the default budget: ms, and whether it was cut short.
 * Prints figures only.
 */
import { createSandbox } from '../sandbox/api/sandbox.ts';
import type { JournalEntry } from '../sandbox/api/types.ts';
import { scenarioText } from '../scripts/lesson-files.ts';

const scenario = scenarioText('default')!;
const ms = (x: number): string => x.toFixed(1);
const sleep = (t: number): Promise<void> => new Promise((r) => setTimeout(r, t));

const sb = createSandbox({ now: () => performance.now() });
sb.boot({ scenario });

const latencies: number[] = [];
for (let i = 0; i < 20; i++) {
  const running = sb.exec('while :; do while :; do :; done; done', () => undefined);
  await sleep(20 + (i % 5) * 7);
  const t = performance.now();
  sb.interrupt();
  await running;
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
console.log(`Ctrl-C in a nested CPU loop: p50 ${ms(latencies[10]!)} ms, max ${ms(latencies[19]!)} ms (20 runs)`);

let t = performance.now();
const spent = await sb.exec('while :; do :; done', () => undefined);
console.log(`a line that spends its CPU budget: ${ms(performance.now() - t)} ms, status ${spent.status}`);

sb.openSession();
const loop = sb.exec('while :; do :; done', () => undefined);
await sleep(30);
t = performance.now();
await sb.exec('ip route', () => undefined, { session: '2' });
console.log(`session 2's ip route while session 1 computes: ${ms(performance.now() - t)} ms`);
sb.interrupt('1');
await loop;

const journal: JournalEntry[] = ['x', 'y', 'z'].map((n) => ({ line: `kubectl create deployment ${n} --image=nginx --replicas=9000`, at: 0, ms: 0, status: 0, changed: true }));
const fresh = createSandbox({ now: () => performance.now() });
fresh.boot({ scenario });
t = performance.now();
const report = await fresh.replay(journal);
console.log(`replay of three 9,000-replica deployments: ${ms(performance.now() - t)} ms, ${report.replayed} of 3 lines, ${report.cut ? report.cut.message : 'not cut'}`);
