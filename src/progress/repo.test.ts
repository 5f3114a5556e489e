import { mkdtempSync, rmSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { init, log } from 'isomorphic-git';
import { openRepo, type Fs } from './repo.ts';
import { emptyRecord, fromFiles, toFiles, type LessonRecord } from './record.ts';
import { exportBundle, importBundle, ImportError, parseBundle } from './bundle.ts';

const fs = nodeFs as unknown as Fs;
const dirs: string[] = [];
const tmp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'pw-progress-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

let clock = 1_700_000_000_000;
const now = (): number => (clock += 1000);

const line = (text: string, changed: boolean): LessonRecord['journal'][number] => ({
  line: text, at: 0, ms: 0, status: 0, origin: 'terminal', ...(changed ? { changed } : {}),
});

function progressed(): LessonRecord {
  const record = emptyRecord();
  record.journal.push(line('kubectl scale deployment web --replicas=3', true), line('kubectl get pods', false));
  record.cells.c0 = { count: 1, status: 0, output: 'default via 10.0.0.1 dev eth0\n' };
  record.manifests.c2 = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
  record.exercises['scale-web'] = '2026-11-23T12:00:00.000Z';
  record.home.push({ machine: 'node-1', path: '/root/notes.txt', content: 'veth pairs\n' });
  return record;
}

describe('lesson records as files', () => {
  it('round-trip through their files', () => {
    const record = progressed();
    expect(fromFiles(toFiles(record))).toEqual(record);
  });

  it('refuse files that do not parse or do not belong, naming them', () => {
    expect(() => fromFiles(new Map([['journal.jsonl', '{"line":"ls"}\n']]))).toThrow(/journal.jsonl line 1/);
    expect(() => fromFiles(new Map([['cells.json', '{']]))).toThrow(/cells.json is not valid JSON/);
    expect(() => fromFiles(new Map([['home/node-1/../../etc/passwd', 'x']]))).toThrow(/unexpected file/);
    expect(() => fromFiles(new Map([['home/node-1/etc/shadow', 'x']]))).toThrow(/unexpected file/);
  });
});

describe('the progress repository', () => {
  it('keeps the work tree, commits changes, and lists a lesson\'s history newest first', async () => {
    const repo = await openRepo(fs, tmp(), now);
    expect(await repo.load('01-pods')).toEqual(emptyRecord());
    const record = progressed();
    await repo.save('01-pods', record);
    expect(await repo.history('01-pods')).toEqual([]);
    expect(await repo.load('01-pods')).toEqual(record);
    await repo.save('01-pods', record, 'Run kubectl scale deployment web --replicas=3');
    record.exercises.other = '2026-11-23T12:01:00.000Z';
    await repo.save('01-pods', record, 'Pass exercise other');
    const veth = emptyRecord();
    veth.journal.push(line('ip link add v0 type veth peer name v1', true));
    await repo.save('02-veth', veth, 'Run ip link add v0 type veth peer name v1');
    const history = await repo.history('01-pods');
    expect(history.map((h) => h.message)).toEqual(['Pass exercise other', 'Run kubectl scale deployment web --replicas=3', 'Start lesson 01-pods']);
    expect((await repo.history('02-veth')).map((h) => h.message)).toEqual(['Run ip link add v0 type veth peer name v1', 'Start lesson 02-veth']);
  });

  it('restores an earlier commit of the lesson as a new commit; a foreign commit is refused', async () => {
    const repo = await openRepo(fs, tmp(), now);
    const first = progressed();
    await repo.save('01-pods', first, 'Run: kubectl scale deployment web --replicas=3');
    const [saved] = await repo.history('01-pods');
    await repo.reset('01-pods');
    expect(await repo.load('01-pods')).toEqual(emptyRecord());
    expect(await repo.restore('01-pods', saved!.oid, 'Restore: the scale')).toEqual(first);
    expect(await repo.load('01-pods')).toEqual(first);
    expect((await repo.history('01-pods')).map((item) => item.message)).toEqual([
      'Restore: the scale', 'Reset lesson 01-pods', 'Run: kubectl scale deployment web --replicas=3', 'Start lesson 01-pods',
    ]);
    await expect(repo.restore('02-other', saved!.oid, 'x')).rejects.toThrow(/not in this lesson's history/);
  });

  it('resets a lesson to its start commit as a new commit, keeping the attempt in history', async () => {
    const dir = tmp();
    const repo = await openRepo(fs, dir, now);
    await repo.save('01-pods', progressed(), 'Run kubectl scale deployment web --replicas=3');
    await repo.save('02-veth', progressed(), 'Run ip link');
    expect(await repo.reset('01-pods')).toEqual(emptyRecord());
    expect(await repo.load('01-pods')).toEqual(emptyRecord());
    expect(await repo.load('02-veth')).toEqual(progressed());
    expect((await repo.history('01-pods')).map((h) => h.message)).toEqual([
      'Reset lesson 01-pods', 'Run kubectl scale deployment web --replicas=3', 'Start lesson 01-pods',
    ]);
    // The removed files are gone from the work tree, not just emptied.
    expect(nodeFs.existsSync(join(dir, 'lessons/01-pods/home'))).toBe(false);
  });

  it('lists every commit of a lesson even when several fall in the same second', async () => {
    const repo = await openRepo(fs, tmp(), () => 1_700_000_000_000);
    await repo.save('01-pods', progressed(), 'Run kubectl scale deployment web --replicas=3');
    const more = progressed();
    more.exercises.other = '2026-11-23T12:01:00.000Z';
    await repo.save('01-pods', more, 'Pass exercise other');
    await repo.reset('01-pods');
    await repo.save('01-pods', progressed(), 'Run kubectl scale deployment web --replicas=3');
    expect((await repo.history('01-pods')).map((h) => h.message)).toEqual([
      'Run kubectl scale deployment web --replicas=3', 'Reset lesson 01-pods', 'Pass exercise other',
      'Run kubectl scale deployment web --replicas=3', 'Start lesson 01-pods',
    ]);
  });

  it('reports a corrupted lesson file instead of guessing', async () => {
    const dir = tmp();
    const repo = await openRepo(fs, dir, now);
    await repo.save('01-pods', progressed(), 'Run it');
    nodeFs.writeFileSync(join(dir, 'lessons/01-pods/cells.json'), '{"c0": 3}');
    await expect(repo.load('01-pods')).rejects.toThrow(/cells.json/);
  });
});

describe('export and import', () => {
  async function exported(): Promise<{ dir: string; text: string }> {
    const dir = tmp();
    const repo = await openRepo(fs, dir, now);
    await repo.save('01-pods', progressed(), 'Run kubectl scale deployment web --replicas=3');
    await repo.reset('01-pods');
    const record = progressed();
    record.journal.push(line('ip route', false));
    await repo.save('01-pods', record);
    return { dir, text: JSON.stringify(await exportBundle(fs, dir, 'packetwalk')) };
  }

  it('rebuilds the same history (same commit ids) and work tree', async () => {
    const { dir, text } = await exported();
    const target = tmp();
    await init({ fs, dir: target, defaultBranch: 'main' });
    await importBundle(fs, target, parseBundle(text, 'packetwalk'));
    const ids = async (d: string) => (await log({ fs, dir: d, ref: 'HEAD' })).map((c) => c.oid);
    expect(await ids(target)).toEqual(await ids(dir));
    const a = await openRepo(fs, dir);
    const b = await openRepo(fs, target);
    expect(await b.load('01-pods')).toEqual(await a.load('01-pods'));
    expect((await b.load('01-pods')).journal.at(-1)?.line).toBe('ip route');
  });

  it('rejects a file that is not progress, or another workbook\'s, with a clear message', async () => {
    const { text } = await exported();
    expect(() => parseBundle('PK\u0003\u0004 binary', 'packetwalk')).toThrow(new ImportError('This file is not a packetwalk progress file (it is not JSON).'));
    expect(() => parseBundle('{"hello": 1}', 'packetwalk')).toThrow(/not a packetwalk progress file/);
    expect(() => parseBundle(text, 'kubecon-lab')).toThrow(/another workbook \("packetwalk"\), not for "kubecon-lab"/);
  });

  it('rejects damaged files: bad paths, bad records, tampered commits', async () => {
    const { text } = await exported();
    const bundle = JSON.parse(text) as { commits: { changes: Record<string, string | null>; message: string }[]; worktree: Record<string, string> };
    const escape = structuredClone(bundle);
    escape.worktree['lessons/01-pods/../../x'] = 'boom';
    expect(() => parseBundle(JSON.stringify(escape), 'packetwalk')).toThrow(/damaged: worktree/);
    const badRecord = structuredClone(bundle);
    badRecord.worktree['lessons/01-pods/cells.json'] = '{"c0": {"count": "one"}}';
    expect(() => parseBundle(JSON.stringify(badRecord), 'packetwalk')).toThrow(/damaged: the work tree, lesson 01-pods: cells.json/);
    const tampered = structuredClone(bundle);
    tampered.commits[1]!.message = 'Run rm -rf /\n';
    const target = tmp();
    await init({ fs, dir: target, defaultBranch: 'main' });
    await expect(importBundle(fs, target, parseBundle(JSON.stringify(tampered), 'packetwalk'))).rejects.toThrow(/commit 2 .* does not match its id/);
  });
});
