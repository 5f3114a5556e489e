/**
 * Export and import: the whole progress repository as one JSON file. It holds every commit
 * (message, author, time and the files it changed) and the work tree, so an import rebuilds
 * the same history; each rebuilt commit must hash to the exported id, which proves the file
 * arrived whole. An imported file is untrusted: it is checked (format, workbook, paths,
 * sizes, every record parses) before anything is written, and it is rebuilt in a fresh
 * folder that replaces the current one only once complete (store.ts).
 */
import { z } from 'zod/mini';
import { add, commit, log, remove } from 'isomorphic-git';
import { fromFiles, isRecordPath, SLUG, type RecordFiles } from './record.ts';
import { listFiles, treeFiles, type Fs } from './repo.ts';

export const FORMAT = 'packetwalk-progress';
/** Larger than any real progress (megabytes of commands), small enough to parse safely. */
export const MAX_BYTES = 50 * 1024 * 1024;

const Person = z.strictObject({
  name: z.string().check(z.maxLength(200)),
  email: z.string().check(z.maxLength(200)),
  timestamp: z.int().check(z.nonnegative()),
  timezoneOffset: z.int(),
});

/** A path in the repository: `lessons/<slug>/<a record's file>`. */
const RepoPath = z.string().check(z.refine((path: string) => {
  const match = /^lessons\/([^/]+)\/(.+)$/.exec(path);
  return match !== null && SLUG.test(match[1]!) && isRecordPath(match[2]!);
}, 'not a progress file path'));

const BundleSchema = z.strictObject({
  format: z.literal(FORMAT),
  version: z.literal(1),
  workbook: z.string(),
  exportedAt: z.string(),
  commits: z.array(z.strictObject({
    oid: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
    message: z.string().check(z.maxLength(10_000)),
    author: Person,
    committer: Person,
    /** Files the commit wrote (text) or deleted (null). */
    changes: z.record(RepoPath, z.nullable(z.string())),
  })),
  worktree: z.record(RepoPath, z.string()),
});

export type Bundle = z.infer<typeof BundleSchema>;

/** Why a file cannot be imported, in words for the learner. */
export class ImportError extends Error {
  override name = 'ImportError';
}

/** Every lesson file of the work tree, keyed by repository path. */
async function worktreeFiles(fs: Fs, dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const path of await listFiles(fs, `${dir}/lessons`)) {
    out[`lessons/${path}`] = String(await fs.promises.readFile(`${dir}/lessons/${path}`, 'utf8'));
  }
  return out;
}

export async function exportBundle(fs: Fs, dir: string, workbook: string, now = new Date()): Promise<Bundle> {
  let commits: Awaited<ReturnType<typeof log>> = [];
  try {
    commits = (await log({ fs, dir, ref: 'HEAD' })).reverse();
  } catch (error) {
    // A repository without commits yet exports its work tree only.
    if (!(error instanceof Error && error.name === 'NotFoundError')) throw error;
  }
  const out: Bundle['commits'] = [];
  let before: RecordFiles = new Map();
  for (const { oid, commit: c } of commits) {
    const files = await treeFiles(fs, dir, oid, 'lessons');
    const changes: Record<string, string | null> = {};
    for (const [path, text] of files) if (before.get(path) !== text) changes[`lessons/${path}`] = text;
    for (const path of before.keys()) if (!files.has(path)) changes[`lessons/${path}`] = null;
    out.push({ oid, message: c.message, author: c.author, committer: c.committer, changes });
    before = files;
  }
  return { format: FORMAT, version: 1, workbook, exportedAt: now.toISOString(), commits: out, worktree: await worktreeFiles(fs, dir) };
}

/** Checks an untrusted file's text; returns the bundle or throws ImportError saying what is wrong. */
export function parseBundle(text: string, workbook: string): Bundle {
  if (text.length > MAX_BYTES) throw new ImportError(`This file is too large to be progress (${Math.round(text.length / 1048576)} MB).`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ImportError('This file is not a packetwalk progress file (it is not JSON).');
  }
  const head = z.object({ format: z.literal(FORMAT), workbook: z.string() }).safeParse(value);
  if (!head.success) throw new ImportError('This file is not a packetwalk progress file.');
  if (head.data.workbook !== workbook) {
    throw new ImportError(`This file holds progress for another workbook ("${head.data.workbook}"), not for "${workbook}".`);
  }
  const result = BundleSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ImportError(`This progress file is damaged: ${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}.`);
  }
  // Every lesson's files must read as a record, in the work tree and after every commit.
  const check = (files: Record<string, string>, where: string): void => {
    const lessons = new Map<string, RecordFiles>();
    for (const [path, text] of Object.entries(files)) {
      const [, slug, rest] = /^lessons\/([^/]+)\/(.+)$/.exec(path)!;
      if (!lessons.has(slug!)) lessons.set(slug!, new Map());
      lessons.get(slug!)!.set(rest!, text);
    }
    for (const [slug, lesson] of lessons) {
      try {
        fromFiles(lesson);
      } catch (error) {
        throw new ImportError(`This progress file is damaged: ${where}, lesson ${slug}: ${(error as Error).message}.`);
      }
    }
  };
  const tree: Record<string, string> = {};
  result.data.commits.forEach((c, i) => {
    for (const [path, text] of Object.entries(c.changes)) {
      if (text === null) delete tree[path];
      else tree[path] = text;
    }
    check(tree, `commit ${i + 1}`);
  });
  check(result.data.worktree, 'the work tree');
  return result.data;
}

/**
 * Rebuilds a bundle's repository in `dir`, an empty folder holding a fresh `git init`. Throws
 * ImportError when a rebuilt commit does not hash to its exported id.
 */
export async function importBundle(fs: Fs, dir: string, bundle: Bundle): Promise<void> {
  const write = async (path: string, text: string): Promise<void> => {
    const parts = path.split('/');
    let at = dir;
    for (const part of parts.slice(0, -1)) {
      at += `/${part}`;
      try {
        await fs.promises.mkdir(at);
      } catch (error) {
        // Already there: the same folder holds several files.
        if ((error as { code?: string }).code !== 'EEXIST') throw error;
      }
    }
    await fs.promises.writeFile(`${dir}/${path}`, text, 'utf8');
  };
  for (const [i, c] of bundle.commits.entries()) {
    for (const [path, text] of Object.entries(c.changes)) {
      if (text === null) {
        await fs.promises.unlink(`${dir}/${path}`);
        await remove({ fs, dir, filepath: path });
      } else {
        await write(path, text);
        await add({ fs, dir, filepath: path });
      }
    }
    const oid = await commit({ fs, dir, message: c.message, author: c.author, committer: c.committer });
    if (oid !== c.oid) throw new ImportError(`This progress file is damaged: commit ${i + 1} ("${c.message.trim()}") does not match its id.`);
  }
  // The work tree: uncommitted lines since the last commit.
  const current = await worktreeFiles(fs, dir);
  for (const path of Object.keys(current)) if (!(path in bundle.worktree)) await fs.promises.unlink(`${dir}/${path}`);
  for (const [path, text] of Object.entries(bundle.worktree)) if (current[path] !== text) await write(path, text);
}
