// The class table on generated exports: three learners' repositories are made with the real
// progress code (repo.ts) on node:fs, exported (bundle.ts) and read back as a workshop folder;
// passes come from the commits that added them, with those commits' times.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { init } from 'isomorphic-git';
import { openRepo, type Fs } from './repo.ts';
import { emptyRecord } from './record.ts';
import { exportBundle } from './bundle.ts';
import { classTable, formatClassTable, learnerOf } from './class-table.ts';

const fs = nodeFs as unknown as Fs;
const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-class-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A learner's export: passes (lesson, exercise) at the given epoch seconds, in order. */
async function exported(passes: [string, string, number][], workbook = 'kubecon'): Promise<string> {
  const dir = tmp();
  await init({ fs, dir, defaultBranch: 'main' });
  let clock = 0;
  const repo = await openRepo(fs, dir, () => clock * 1000);
  const records = new Map<string, ReturnType<typeof emptyRecord>>();
  for (const [lesson, id, at] of passes) {
    clock = at;
    const record = records.get(lesson) ?? emptyRecord();
    records.set(lesson, record);
    record.journal.push({ line: 'ip route', at: 0, ms: 0, status: 0, origin: 'terminal', changed: true });
    await repo.save(lesson, record, 'ip route');
    record.exercises[id] = new Date(at * 1000).toISOString();
    await repo.save(lesson, record, `Pass exercise: ${id}`);
  }
  return JSON.stringify(await exportBundle(fs, dir, workbook, new Date(1_800_000_000_000)));
}

const T = 1_790_000_000; // 2026-09-21T..., whole seconds

describe('the class table', { timeout: 60_000 }, () => {
  it('names learners after their files', () => {
    expect(learnerOf('alice.json')).toBe('alice');
    expect(learnerOf('/x/packetwalk-progress-kubecon-2026-12-07.json')).toBe('kubecon-2026-12-07');
  });

  it('reads who passed what, and when, from generated exports', async () => {
    const files = [
      { name: 'bob.json', text: await exported([['01-pod-ip-model', 'fix-route-node-3', T + 60]]) },
      { name: 'alice.json', text: await exported([['01-pod-ip-model', 'fix-route-node-3', T], ['03-between-nodes', 'unblock-node-2', T + 600], ['09-capstone-seed-7', 'symptom-1', T + 1200]]) },
      { name: 'carol.json', text: await exported([]) },
      { name: 'mallory.json', text: '{"format":"packetwalk-progress","workbook":"kubecon","commits":"no"}' },
      { name: 'other.json', text: await exported([['01-pod-ip-model', 'two-containers', T]], 'elsewhere') },
    ];
    const table = classTable(files);
    expect(table.workbook).toBe('kubecon');
    expect(table.columns).toEqual([
      { lesson: '01-pod-ip-model', exercise: 'fix-route-node-3' },
      { lesson: '03-between-nodes', exercise: 'unblock-node-2' },
      { lesson: '09-capstone-seed-7', exercise: 'symptom-1' },
    ]);
    expect(table.rows.map((r) => r.learner)).toEqual(['alice', 'bob', 'carol', 'mallory', 'other']);
    const [alice, bob, carol, mallory, other] = table.rows;
    expect(alice!.passed['01-pod-ip-model/fix-route-node-3']).toEqual({ at: new Date(T * 1000).toISOString(), message: 'Pass exercise: fix-route-node-3' });
    expect(alice!.passed['03-between-nodes/unblock-node-2']!.at).toBe(new Date((T + 600) * 1000).toISOString());
    expect(Object.keys(alice!.passed)).toHaveLength(3);
    expect(alice!.last).toBe(new Date((T + 1200) * 1000).toISOString());
    expect(Object.keys(bob!.passed)).toEqual(['01-pod-ip-model/fix-route-node-3']);
    expect(carol!.passed).toEqual({});
    expect(carol!.commits).toBe(0);
    expect(mallory!.error).toMatch(/damaged/);
    expect(other!.error).toMatch(/another workbook \("elsewhere"\)/);
    const text = formatClassTable(table);
    expect(text.split('\n')[0]).toBe('workbook kubecon: 5 learners, 3 exercises passed by someone');
    expect(text).toMatch(new RegExp(`^alice\\s+✓ ${new Date(T * 1000).toISOString().slice(11, 16)}\\s+✓ `, 'm'));
    expect(text).toMatch(/^mallory\s.*unreadable: /m);
  });

  it('is a command over a folder of exports', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'class'));
    writeFileSync(join(dir, 'class', 'dana.json'), await exported([['02-veth-and-bridge', 'plug-in-green', T]]));
    const out = execFileSync(process.execPath, ['scripts/class-table.ts', join(dir, 'class')], { encoding: 'utf8' });
    expect(out).toMatch(/^workbook kubecon: 1 learner, 1 exercise passed by someone$/m);
    expect(out).toMatch(/^dana\s+✓ \d\d:\d\d\s+1\s+\d{4}-/m);
  });
});
