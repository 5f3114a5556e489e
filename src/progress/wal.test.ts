import { describe, expect, it } from 'vitest';
import { openWal } from './wal.ts';
import { emptyRecord } from './record.ts';

/** localStorage's three calls over a Map. */
function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe('the write-ahead log of progress', () => {
  it('keeps a change and the commit it owes until the repository has it', () => {
    const storage = memoryStorage();
    const wal = openWal('k', storage);
    const record = emptyRecord();
    record.exercises['fix-route'] = '2026-12-07T12:00:00.000Z';
    const seq = wal.append(record, { message: 'Pass exercise: Fix the route' });
    // A reload now: a new page reads what the old one logged.
    const read = openWal('k', storage).read();
    expect(read?.record.exercises).toEqual({ 'fix-route': '2026-12-07T12:00:00.000Z' });
    expect(read?.owed).toEqual([{ seq, message: 'Pass exercise: Fix the route' }]);
    wal.written(seq);
    expect(storage.map.size).toBe(0);
  });

  it('a write of an older state leaves the newer change and its debt logged', () => {
    const storage = memoryStorage();
    const wal = openWal('k', storage);
    const first = wal.append(emptyRecord(), { message: 'Run: a' });
    const record = emptyRecord();
    record.journal.push({ line: 'b', at: 0, ms: 0, status: 0, origin: 'terminal' });
    const second = wal.append(record, { reset: true });
    wal.written(first);
    const read = openWal('k', storage).read();
    expect(read?.owed).toEqual([{ seq: second, reset: true }]);
    expect(read?.record.journal.map((line) => line.line)).toEqual(['b']);
  });

  it('says so when the log is damaged, instead of guessing', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{"seq":1,"files":{"journal.jsonl":"not json\\n"},"owed":[]}');
    expect(() => openWal('k', storage).read()).toThrow(/journal.jsonl line 1 is not valid JSON/);
    storage.setItem('k', '{"seq":"x"}');
    expect(() => openWal('k', storage).read()).toThrow(/damaged/);
  });
});
