/**
 * The class table page: an instructor drops generated exports (made here with the real
 * progress code on node:fs) and reads who passed what, and when.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init } from 'isomorphic-git';
import { openRepo, type Fs } from '../../src/progress/repo.ts';
import { emptyRecord } from '../../src/progress/record.ts';
import { exportBundle } from '../../src/progress/bundle.ts';
import { expect, test } from './fixtures.ts';

const fs = nodeFs as unknown as Fs;
const T = 1_790_000_000;

async function exported(passes: [string, string, number][]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'pw-class-e2e-'));
  try {
    await init({ fs, dir, defaultBranch: 'main' });
    let clock = 0;
    const repo = await openRepo(fs, dir, () => clock * 1000);
    const record = emptyRecord();
    for (const [lesson, id, at] of passes) {
      clock = at;
      record.exercises[id] = new Date(at * 1000).toISOString();
      await repo.save(lesson, record, `Pass exercise: ${id}`);
    }
    return JSON.stringify(await exportBundle(fs, dir, 'packetwalk'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the class table page reads dropped exports in the browser', async ({ lesson: page }) => {
  await page.goto('/class-table/');
  const files = [
    { name: 'alice.json', mimeType: 'application/json', buffer: Buffer.from(await exported([['01-pod-ip-model', 'fix-route-node-3', T], ['01-pod-ip-model', 'two-containers', T + 300]])) },
    { name: 'bob.json', mimeType: 'application/json', buffer: Buffer.from(await exported([['01-pod-ip-model', 'two-containers', T + 60]])) },
    { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"not":"progress"}') },
  ];
  await page.locator('.pw-drop-input').setInputFiles(files);
  await expect(page.locator('.pw-class-summary')).toHaveText('Workbook packetwalk: 3 learners, 2 exercises passed by someone.');
  const rows = page.locator('.pw-class-table tbody tr');
  await expect(rows).toHaveCount(3);
  const hhmm = (s: number): string => new Date(s * 1000).toISOString().slice(11, 16);
  await expect(rows.nth(0)).toHaveText(new RegExp(`^alice✓ ${hhmm(T)}✓ ${hhmm(T + 300)}2`));
  await expect(rows.nth(1)).toHaveText(new RegExp(`^bob·✓ ${hhmm(T + 60)}1`));
  await expect(rows.nth(2)).toContainText('broken.json: This file is not a packetwalk progress file.');
  await page.screenshot({ path: 'test-results/class-table.png' });
});
