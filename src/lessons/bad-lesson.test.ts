/**
 * A bad lesson fails the build with a message naming the file, the field and the fix: runs
 * `astro sync` (the content-validation step of `astro build`) on a scratch copy of the site
 * holding one broken lesson.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'packetwalk-bad-lesson-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function syncWith(lesson: string): string {
  rmSync(join(scratch, 'content'), { recursive: true, force: true });
  mkdirSync(join(scratch, 'content', 'lessons'), { recursive: true });
  writeFileSync(join(scratch, 'content', 'lessons', 'broken.mdx'), lesson);
  // NO_COLOR: Astro colours its messages under CI (CI=true), which would split the text.
  const result = spawnSync(join(repo, 'node_modules', '.bin', 'astro'), ['sync'], { cwd: scratch, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  expect(result.status, 'astro sync must fail').not.toBe(0);
  return `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
}

describe('a bad lesson fails the build', () => {
  for (const name of ['src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(repo, name), join(scratch, name), { recursive: true });
  }
  for (const name of ['node_modules', 'sandbox']) symlinkSync(join(repo, name), join(scratch, name));

  it('names the file, the field and how to fix it', () => {
    const out = syncWith('---\ntitle: Broken\ndescription: A lesson whose order is not a number.\nscenario: default\norder: first\n---\nText\n');
    expect(out).toContain('content/lessons/broken.mdx');
    expect(out).toMatch(/order: order must be a whole number, e\.g\. `order: 1`/);
  }, 120_000);

  it('reports a missing scenario', () => {
    const out = syncWith('---\ntitle: Broken\ndescription: A lesson without a scenario.\norder: 2\n---\nText\n');
    expect(out).toContain('content/lessons/broken.mdx');
    expect(out).toMatch(/scenario: scenario is required/);
  }, 120_000);
});
