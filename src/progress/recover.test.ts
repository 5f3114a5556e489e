import { mkdtempSync, rmSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepo, type Fs } from './repo.ts';
import { emptyRecord, fromFiles, toFiles, type LessonRecord } from './record.ts';
import { payOwed } from './recover.ts';

const fs = nodeFs as unknown as Fs;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
async function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'pw-recover-'));
  dirs.push(dir);
  let clock = 1_700_000_000_000;
  return openRepo(fs, dir, () => (clock += 1000));
}

const SLUG = '03-between-nodes';
const RUN = 'Run: ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink';
const PASS = 'Pass exercise: Pods on node-1 cannot reach pods on node-3';

/**
 * The record after the fix was typed, and after its exercise passed too, each as the log reads
 * it back (wal.ts: through its files, so in the repository's own field order).
 */
function states(): { ran: LessonRecord; passed: LessonRecord } {
  const ran = emptyRecord();
  ran.journal.push({ line: RUN.slice(5), at: 0, ms: 0, status: 0, origin: 'terminal', changed: true });
  const passed = structuredClone(ran);
  passed.exercises['cross-node'] = '2026-12-08T00:00:00.000Z';
  return { ran: fromFiles(toFiles(ran)), passed: fromFiles(toFiles(passed)) };
}

describe('paying the commits the write-ahead log owes after a reload', () => {
  it('commits the pass even when a write without a message had put its state in the work tree first', async () => {
    const r = await repo();
    const { ran, passed } = states();
    await r.save(SLUG, ran, RUN);
    // The debounced save wrote the newer state, without a commit; the pass's own commit was cut by the reload.
    await r.save(SLUG, passed);
    await payOwed(r, SLUG, { record: passed, owed: [{ seq: 1, message: RUN }, { seq: 2, message: PASS }] });
    expect((await r.history(SLUG)).map((c) => c.message)).toEqual([PASS, RUN, `Start lesson ${SLUG}`]);
    expect(await r.load(SLUG)).toEqual(passed);
  });

  it('adds nothing when the repository got every owed commit before the reload', async () => {
    const r = await repo();
    const { ran, passed } = states();
    await r.save(SLUG, ran, RUN);
    await r.save(SLUG, passed, PASS);
    await payOwed(r, SLUG, { record: passed, owed: [{ seq: 1, message: RUN }, { seq: 2, message: PASS }] });
    expect((await r.history(SLUG)).map((c) => c.message)).toEqual([PASS, RUN, `Start lesson ${SLUG}`]);
  });

  it('folds several unpaid commits into one: the newest the subject, the earlier ones its body', async () => {
    const r = await repo();
    const { passed } = states();
    const looked = emptyRecord();
    looked.journal.push({ line: 'ip route', at: 0, ms: 0, status: 0, origin: 'terminal' });
    await r.save(SLUG, looked, 'Run: ip route');
    await payOwed(r, SLUG, { record: passed, owed: [{ seq: 1, message: RUN }, { seq: 2, message: PASS }] });
    expect((await r.history(SLUG)).map((c) => c.message)).toEqual([PASS, 'Run: ip route', `Start lesson ${SLUG}`]);
    expect(await r.load(SLUG)).toEqual(passed);
  });

  it('an owed reset goes first, then what came after it', async () => {
    const r = await repo();
    const { ran, passed } = states();
    await r.save(SLUG, ran, RUN);
    await payOwed(r, SLUG, { record: passed, owed: [{ seq: 1, reset: true }, { seq: 2, message: PASS }] });
    expect((await r.history(SLUG)).map((c) => c.message).slice(0, 2)).toEqual([PASS, `Reset lesson ${SLUG}`]);
  });
});
