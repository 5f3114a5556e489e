/**
 * The progress repository: a git repository (isomorphic-git) whose work tree holds one folder
 * per lesson (record.ts). The work tree is always the learner's latest state; a commit marks
 * each applied change, passed exercise and reset, so the history reads as the learner's story.
 * A lesson's first commit ("Start lesson ...") is its starting point: a reset writes that
 * commit's files back as a new commit, so earlier attempts stay in the history.
 *
 * Storage-agnostic: `fs` is lightning-fs in the browser (store.ts) and node:fs in the tests.
 * Callers serialise access (store.ts holds a lock around every call).
 */
import { add, commit, init, readBlob, readCommit, readTree, remove, resolveRef, type CommitObject } from 'isomorphic-git';
import { emptyRecord, fromFiles, toFiles, type LessonRecord, type RecordFiles } from './record.ts';

/** The file system calls used here: lightning-fs's `promises` and node:fs/promises both have them. */
export interface FsPromises {
  readFile(path: string, options?: { encoding: 'utf8' } | 'utf8'): Promise<string | Uint8Array>;
  writeFile(path: string, data: string | Uint8Array, options?: { encoding: 'utf8' } | 'utf8'): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(path: string): Promise<string[]>;
  mkdir(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  stat(path: string): Promise<{ isDirectory(): boolean }>;
  lstat(path: string): Promise<unknown>;
  readlink(path: string): Promise<unknown>;
  symlink(target: string, path: string): Promise<void>;
}
export interface Fs {
  promises: FsPromises;
}

export interface HistoryItem {
  oid: string;
  message: string;
  /** Seconds since the epoch. */
  time: number;
}

export interface ProgressRepo {
  readonly dir: string;
  /** The lesson's latest state (empty when it was never saved). Throws when its files are corrupt. */
  load(slug: string): Promise<LessonRecord>;
  /** Writes the lesson's state; with a message, also commits it (a first save also makes the start commit). */
  save(slug: string, record: LessonRecord, message?: string): Promise<void>;
  /** The lesson's commits, newest first. */
  history(slug: string): Promise<HistoryItem[]>;
  /** Back to the lesson's start commit's state, committed as a new commit; returns that state. */
  reset(slug: string): Promise<LessonRecord>;
  /** Back to the lesson's state at commit `oid` (one of its history), committed as a new commit; returns that state. */
  restore(slug: string, oid: string, message: string): Promise<LessonRecord>;
}

/** Who commits: the learner, anonymously (the repository never leaves the browser but by export). */
export const AUTHOR = { name: 'packetwalk learner', email: 'learner@packetwalk.invalid' };

const lessonDir = (slug: string): string => `lessons/${slug}`;

async function exists(fs: Fs, path: string): Promise<boolean> {
  try {
    await fs.promises.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function mkdirs(fs: Fs, path: string): Promise<void> {
  let at = '';
  for (const part of path.split('/').filter(Boolean)) {
    at += `/${part}`;
    if (!(await exists(fs, at))) await fs.promises.mkdir(at);
  }
}

/** Every file under `root` (relative paths), recursively. */
export async function listFiles(fs: Fs, root: string): Promise<string[]> {
  if (!(await exists(fs, root))) return [];
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await fs.promises.readdir(`${root}${rel}`)).sort()) {
      const path = `${rel}/${name}`;
      if ((await fs.promises.stat(`${root}${path}`)).isDirectory()) await walk(path);
      else out.push(path.slice(1));
    }
  };
  await walk('');
  return out;
}

/** Removes `path` and empty folders above it, up to `stop`. */
async function removeFile(fs: Fs, path: string, stop: string): Promise<void> {
  await fs.promises.unlink(path);
  for (let dir = path.slice(0, path.lastIndexOf('/')); dir.length > stop.length; dir = dir.slice(0, dir.lastIndexOf('/'))) {
    if ((await fs.promises.readdir(dir)).length > 0) break;
    await fs.promises.rmdir(dir);
  }
}

/** Opens (creating when new) the repository in `dir`. */
export async function openRepo(fs: Fs, dir: string, now: () => number = () => Date.now()): Promise<ProgressRepo> {
  if (!(await exists(fs, `${dir}/.git`))) {
    await mkdirs(fs, dir);
    await init({ fs, dir, defaultBranch: 'main' });
  }
  const who = () => ({ ...AUTHOR, timestamp: Math.floor(now() / 1000), timezoneOffset: 0 });

  const readLesson = async (slug: string): Promise<RecordFiles> => {
    const base = `${dir}/${lessonDir(slug)}`;
    const files: RecordFiles = new Map();
    for (const path of await listFiles(fs, base)) files.set(path, String(await fs.promises.readFile(`${base}/${path}`, 'utf8')));
    return files;
  };

  /** Makes the work tree's lesson folder hold exactly `files`; returns the paths that changed. */
  const writeLesson = async (slug: string, files: RecordFiles): Promise<{ written: string[]; removed: string[] }> => {
    const base = `${dir}/${lessonDir(slug)}`;
    const before = await readLesson(slug);
    const written: string[] = [];
    const removed: string[] = [];
    for (const [path, text] of files) {
      if (before.get(path) === text) continue;
      await mkdirs(fs, `${base}/${path}`.slice(0, `${base}/${path}`.lastIndexOf('/')));
      await fs.promises.writeFile(`${base}/${path}`, text, 'utf8');
      written.push(path);
    }
    for (const path of before.keys()) {
      if (files.has(path)) continue;
      await removeFile(fs, `${base}/${path}`, base);
      removed.push(path);
    }
    return { written, removed };
  };

  const hasHead = async (): Promise<boolean> => {
    try {
      await resolveRef({ fs, dir, ref: 'HEAD' });
      return true;
    } catch {
      return false;
    }
  };

  /** The lesson folder's tree id in commit `oid` (undefined where it does not exist). */
  const lessonTree = async (oid: string, slug: string): Promise<string | undefined> => {
    try {
      return (await readTree({ fs, dir, oid, filepath: lessonDir(slug) })).oid;
    } catch (error) {
      if (error instanceof Error && error.name === 'NotFoundError') return undefined;
      throw error;
    }
  };

  /**
   * The commits that changed the lesson's folder, newest first. The history is one line of
   * commits, so each is compared with its parent (isomorphic-git's `log({ filepath })` orders
   * by time and loses commits made within the same second).
   */
  const lessonLog = async (slug: string): Promise<{ oid: string; commit: CommitObject }[]> => {
    if (!(await hasHead())) return [];
    const out: { oid: string; commit: CommitObject }[] = [];
    let oid: string | undefined = await resolveRef({ fs, dir, ref: 'HEAD' });
    let tree = await lessonTree(oid, slug);
    while (oid !== undefined) {
      const { commit: c } = await readCommit({ fs, dir, oid });
      const parent: string | undefined = c.parent[0];
      const before = parent === undefined ? undefined : await lessonTree(parent, slug);
      if (tree !== before) out.push({ oid, commit: c });
      oid = parent;
      tree = before;
    }
    return out;
  };

  /** Stages the whole lesson folder as it is in the work tree and commits it. */
  const commitLesson = async (slug: string, message: string, change: { written: string[]; removed: string[] }): Promise<void> => {
    const base = lessonDir(slug);
    for (const path of change.removed) await remove({ fs, dir, filepath: `${base}/${path}` });
    // Files written earlier without a commit are staged too: `add` of the folder takes them all.
    await add({ fs, dir, filepath: base });
    await commit({ fs, dir, message, author: who(), committer: who() });
  };

  const repo: ProgressRepo = {
    dir,
    async load(slug) {
      const files = await readLesson(slug);
      return files.size === 0 ? emptyRecord() : fromFiles(files);
    },
    async save(slug, record, message) {
      if (message !== undefined && (await lessonLog(slug)).length === 0) {
        await commitLesson(slug, `Start lesson ${slug}`, await writeLesson(slug, toFiles(emptyRecord())));
      }
      const change = await writeLesson(slug, toFiles(record));
      if (message !== undefined) await commitLesson(slug, message, change);
    },
    async history(slug) {
      // A commit's subject line (a recovered commit lists its earlier changes in the body).
      return (await lessonLog(slug)).map(({ oid, commit: c }) => ({ oid, message: c.message.trim().split('\n')[0]!, time: c.committer.timestamp }));
    },
    async reset(slug) {
      const commits = await lessonLog(slug);
      const start = commits[commits.length - 1];
      const files: RecordFiles = start ? await treeFiles(fs, dir, start.oid, lessonDir(slug)) : toFiles(emptyRecord());
      const change = await writeLesson(slug, files);
      if (start) await commitLesson(slug, `Reset lesson ${slug}`, change);
      return fromFiles(files);
    },
    async restore(slug, oid, message) {
      if (!(await lessonLog(slug)).some((item) => item.oid === oid)) throw new Error(`commit ${oid.slice(0, 7)} is not in this lesson's history`);
      const files = await treeFiles(fs, dir, oid, lessonDir(slug));
      // The files must still read as a record before they replace the work tree.
      const record = fromFiles(files);
      await commitLesson(slug, message, await writeLesson(slug, files));
      return record;
    },
  };
  return repo;
}

/** The files under `prefix` in commit `oid`, relative to `prefix`. */
export async function treeFiles(fs: Fs, dir: string, oid: string, prefix: string): Promise<RecordFiles> {
  const files: RecordFiles = new Map();
  const walk = async (treeOid: string, rel: string): Promise<void> => {
    const { tree } = await readTree({ fs, dir, oid: treeOid });
    for (const entry of tree) {
      const path = rel === '' ? entry.path : `${rel}/${entry.path}`;
      if (entry.type === 'tree') await walk(entry.oid, path);
      else if (entry.type === 'blob') files.set(path, new TextDecoder().decode((await readBlob({ fs, dir, oid: entry.oid })).blob));
    }
  };
  try {
    const { oid: treeOid } = await readTree({ fs, dir, oid, filepath: prefix });
    await walk(treeOid, '');
  } catch (error) {
    if (!(error instanceof Error && error.name === 'NotFoundError')) throw error;
  }
  return files;
}
