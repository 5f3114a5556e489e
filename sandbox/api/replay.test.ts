// Replay's own budget: progress before every line, a
// clean stop with a "cannot replay" report when the host's time budget is spent or the page
// stops it, and a poisoned line that cannot hang it.
import { describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.ts';
import { checkEntries, REPLAY_BUDGET_MS } from './replay.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { JournalEntry, ReplayProgress, SandboxApi } from './types.ts';

const scenario = scenarioText('default')!;
const entry = (line: string, extra: Partial<JournalEntry> = {}): JournalEntry => ({ line, at: 0, ms: 0, status: 0, ...extra });

async function out(sb: SandboxApi, line: string): Promise<string> {
  let text = '';
  await sb.exec(line, (c) => { text += c.text; });
  return text;
}

describe('replay budget', () => {
  it('reports progress before each line and at the end', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const seen: ReplayProgress[] = [];
    const r = await sb.replay([entry('X=1'), entry('ip link add d0 type dummy')], {}, (p) => seen.push(p));
    expect(r.cut).toBeUndefined();
    expect(seen).toEqual([
      { done: 0, total: 2, line: 'X=1' },
      { done: 1, total: 2, line: 'ip link add d0 type dummy' },
      { done: 2, total: 2 },
    ]);
  });

  it('stops at a line boundary once the host time budget is spent, saying so', async () => {
    // A host clock that moves 3 s per look: the budget of 10 s is spent after three lines.
    let host = 0;
    const sb = createSandbox({ now: () => (host += 3000) - 3000 });
    sb.boot({ scenario });
    const journal = ['dm1', 'dm2', 'dm3', 'dm4', 'dm5'].map((n) => entry(`ip link add ${n} type dummy`));
    const seen: ReplayProgress[] = [];
    const r = await sb.replay(journal, { budgetMs: REPLAY_BUDGET_MS }, (p) => seen.push(p));
    expect(r.replayed).toBe(3);
    expect(r.cut).toEqual({
      index: 3, line: 'ip link add dm4 type dummy',
      message: 'cannot replay: it took longer than 10 s; 3 of 5 lines replayed, stopped before `ip link add dm4 type dummy`',
    });
    expect(seen.at(-1)).toEqual({ done: 3, total: 5 });
    // The world holds the lines before the cut, and the session goes on.
    expect(await out(sb, 'ip -br link show type dummy | cut -d" " -f1')).toBe('dm1\ndm2\ndm3\n');
  });

  it('is stopped by interrupt (the page\'s Stop), cleanly', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const r = await sb.replay([entry('sleep 5'), entry('ip link add late type dummy')], {}, (p) => {
      if (p.done === 1) sb.interrupt();
    });
    expect(r.replayed).toBe(1);
    expect(r.cut?.message).toMatch(/^cannot replay: it was stopped; 1 of 2 lines replayed/);
    expect(await out(sb, 'ip link show late 2>&1')).toBe('Device "late" does not exist.\n');
  });

  it('survives a poisoned line: the endless nested loop ends on its CPU budget and replay goes on', async () => {
    const sb = createSandbox();
    sb.boot({ scenario });
    const r = await sb.replay([entry('while :; do while :; do :; done; done', { status: 130, ms: 2000, interrupted: true }), entry('ip link add after type dummy')]);
    expect(r.cut).toBeUndefined();
    expect(r.diverged).toEqual([{ index: 0, line: 'while :; do while :; do :; done; done', expected: 130, got: 152 }]);
    expect(await out(sb, 'ip -br link show after | cut -d" " -f1')).toBe('after\n');
  }, 30_000);

  it('rejects entries naming a bad session or machine before anything runs', () => {
    expect(() => checkEntries([entry('true', { session: 'two' })])).toThrow('replay: entry 0: session must be a session id');
    expect(() => checkEntries([entry('true'), entry('true', { on: '' })])).toThrow('replay: entry 1: on must be a machine name');
  });
});
