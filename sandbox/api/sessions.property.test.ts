// Random session operations (open, close, lines in any session or on any machine, Ctrl-C,
// completion, prompts) never throw, and never touch session 1: its shells, variables,
// directory, history and prompt are as they were. Lines are drawn from a pool that moves
// place (ssh, bash, exit), sets state, starts and ends jobs, fails, or stays unfinished.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSandbox } from './sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { SandboxApi } from './types.ts';
import type { ShellState } from '../shell/session.ts';

const scenario = scenarioText('default')!;

const LINES = [
  'cd /tmp', 'cd /nonexistent', 'X=5', 'export Y=$RANDOM', 'ssh node-2', 'exit', 'bash', 'sh', 'logout', 'ip route',
  'sleep 1', 'sleep 1 &', 'while true; do sleep 1; done &', 'jobs', 'kill %1', 'wait', 'echo $(hostname)', 'false',
  '"unterminated', 'cat <<EOF', 'EOF', 'ip link add pd0 type dummy', 'ip link del pd0', 'kubectl get pods',
  'kubectl exec -it toolbox -c tools -- sh', 'history', 'nosuchcmd', 'for i in 1 2; do echo $i; done', 'ping -c 1 10.244.1.3',
];

type Op =
  | { kind: 'open'; on: string | undefined }
  | { kind: 'close'; pick: number }
  | { kind: 'exec'; pick: number; line: string; on: string | undefined; wait: boolean }
  | { kind: 'interrupt'; pick: number }
  | { kind: 'complete'; pick: number; line: string };

const machine = fc.constantFrom(undefined, 'node-1', 'node-2', 'node-9');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('open' as const), on: machine }),
  fc.record({ kind: fc.constant('close' as const), pick: fc.nat(5) }),
  fc.record({ kind: fc.constant('exec' as const), pick: fc.nat(5), line: fc.constantFrom(...LINES), on: fc.constantFrom(undefined, undefined, 'node-2'), wait: fc.boolean() }),
  fc.record({ kind: fc.constant('interrupt' as const), pick: fc.nat(5) }),
  fc.record({ kind: fc.constant('complete' as const), pick: fc.nat(5), line: fc.constantFrom('hostn', 'cat /etc/ho', 'kubectl ge', '') }),
);

/** A session other than "1": an open one, or one that was closed or never opened. */
function target(sb: SandboxApi, pick: number): string {
  const others = sb.sessions().filter((s) => s !== '1');
  return others.length > 0 && pick < others.length ? others[pick]! : String(pick + 2);
}

const firstShell = (sb: SandboxApi): ShellState => (sb.snapshot().data as { shell: ShellState }).shell;

describe('sessions under random operations', () => {
  it('never throw and leave session 1 alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const sb = createSandbox();
        sb.boot({ scenario });
        await sb.exec('cd /etc; Z=one', () => undefined);
        const before = JSON.stringify(firstShell(sb));
        const prompt = sb.prompt();
        const running: Promise<unknown>[] = [];
        for (const o of ops) {
          switch (o.kind) {
            case 'open':
              sb.openSession(o.on === undefined ? {} : { on: o.on });
              break;
            case 'close':
              sb.closeSession(target(sb, o.pick));
              break;
            case 'exec': {
              const p = sb.exec(o.line, () => undefined, { session: target(sb, o.pick), ...(o.on ? { on: o.on } : {}) });
              if (o.wait) await p;
              else running.push(p);
              break;
            }
            case 'interrupt':
              sb.interrupt(target(sb, o.pick));
              break;
            case 'complete':
              sb.complete(o.line, o.line.length, target(sb, o.pick));
              sb.prompt(target(sb, o.pick));
              break;
          }
        }
        for (const s of sb.sessions()) sb.interrupt(s);
        for (const s of sb.sessions()) if (s !== '1') sb.closeSession(s);
        await Promise.all(running);
        expect(JSON.stringify(firstShell(sb))).toBe(before);
        expect(sb.prompt()).toBe(prompt);
        expect(sb.busy()).toBeUndefined();
      }),
      { numRuns: 25 },
    );
  }, 120_000);
});
