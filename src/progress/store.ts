/**
 * Where the progress repository lives in the browser: lightning-fs, a file system in
 * IndexedDB, one per workbook and base path. The repository sits in a folder named by the
 * file `/active`, so an import is built beside it and takes its place in one write: a failed
 * import leaves the current progress as it was.
 *
 * Tabs: every use of the repository runs under a Web Lock for the store (lightning-fs's own
 * lock covers single file operations, not a git commit's several), and a lesson is saved
 * by one tab at a time (`claimLesson`).
 */
import LightningFS from '@isomorphic-git/lightning-fs';
import { init } from 'isomorphic-git';
import { openRepo, type Fs, type ProgressRepo } from './repo.ts';
import { exportBundle, importBundle, parseBundle, type Bundle } from './bundle.ts';

/** Why progress cannot be saved, in words for the learner. */
export class StorageUnavailable extends Error {
  override name = 'StorageUnavailable';
}

export interface ProgressStore {
  readonly workbook: string;
  /** Runs `body` with the repository, alone among this workbook's tabs. */
  use<T>(body: (repo: ProgressRepo) => Promise<T>): Promise<T>;
  /** The whole repository as an export file's text. */
  exportText(): Promise<string>;
  /** Replaces the repository with an export file's; returns the lessons it holds. Throws ImportError. */
  importText(text: string): Promise<string[]>;
  /**
   * Claims the right to save `slug` for this tab's life; false when another tab has it. Without
   * Web Locks (a plain-http origin) tabs cannot be told apart: every tab claims.
   */
  claimLesson(slug: string): Promise<boolean>;
}

const FULL = 'the browser\'s storage for this site is full';

/** The learner-facing reason behind a storage error. */
export function storageReason(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  if (name === 'QuotaExceededError') return FULL;
  if (name === 'SecurityError' || name === 'InvalidStateError') return 'this browser does not let the page store data (private browsing, or site data blocked)';
  return `the browser's storage failed (${error instanceof Error ? error.message : String(error)})`;
}

/** Whether IndexedDB really opens: private modes and policies can have it present but refusing. */
function probeIndexedDb(): Promise<void> {
  if (typeof indexedDB === 'undefined') {
    return Promise.reject(new StorageUnavailable('this browser gives the page no IndexedDB storage (private browsing, or site data blocked)'));
  }
  return new Promise((resolve, reject) => {
    let request: IDBOpenDBRequest;
    try {
      request = indexedDB.open('packetwalk-probe');
    } catch (error) {
      reject(new StorageUnavailable(storageReason(error)));
      return;
    }
    request.onsuccess = () => {
      request.result.close();
      resolve();
    };
    request.onerror = () => reject(new StorageUnavailable(storageReason(request.error)));
    request.onblocked = () => resolve();
  });
}

const lock = <T>(name: string, body: () => Promise<T>): Promise<T> =>
  typeof navigator !== 'undefined' && navigator.locks ? (navigator.locks.request(name, body) as Promise<T>) : body();

export async function openStore(workbook: string, base: string): Promise<ProgressStore> {
  await probeIndexedDb();
  const name = `packetwalk:${workbook}:${base}`;
  const lfs = new LightningFS(name);
  const fs = lfs as unknown as Fs;
  const storeLock = `${name}:repo`;
  const flush = (): Promise<void> => (lfs.promises as unknown as { flush(): Promise<void> }).flush();

  const activeDir = async (): Promise<string> => {
    let text: string;
    try {
      text = String(await fs.promises.readFile('/active', 'utf8'));
    } catch {
      // A new store.
      await fs.promises.writeFile('/active', 'repo-1', 'utf8');
      return '/repo-1';
    }
    if (!/^repo-\d+$/.test(text)) {
      throw new StorageUnavailable('the saved progress could not be read (the store is damaged); clearing this site\'s data in the browser starts afresh');
    }
    return `/${text}`;
  };
  const wrap = async <T>(body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (error) {
      if (error instanceof Error && (error.name === 'ImportError' || error.name === 'StorageUnavailable')) throw error;
      // lightning-fs passes IndexedDB's QuotaExceededError on, sometimes only in its message.
      if (error instanceof Error && /quota/i.test(`${error.name} ${error.message}`)) throw new StorageUnavailable(FULL);
      throw error;
    }
  };
  const removeTree = async (path: string): Promise<void> => {
    for (const entry of await fs.promises.readdir(path)) {
      const child = `${path}/${entry}`;
      if ((await fs.promises.stat(child)).isDirectory()) await removeTree(child);
      else await fs.promises.unlink(child);
    }
    await fs.promises.rmdir(path);
  };

  const store: ProgressStore = {
    workbook,
    use: (body) => lock(storeLock, () => wrap(async () => {
      const result = await body(await openRepo(fs, await activeDir()));
      // lightning-fs writes its file table lazily; a reload right after must not lose the change.
      await flush();
      return result;
    })),
    exportText: () => lock(storeLock, () => wrap(async () => JSON.stringify(await exportBundle(fs, await activeDir(), workbook)))),
    async importText(text) {
      const bundle: Bundle = parseBundle(text, workbook);
      return lock(storeLock, () => wrap(async () => {
        const current = await activeDir();
        const next = `/repo-${Number(/(\d+)$/.exec(current)?.[1] ?? '1') + 1}`;
        try {
          await removeTree(next);
        } catch {
          // No leftover from an earlier failed import: nothing to clear.
        }
        await fs.promises.mkdir(next);
        try {
          await init({ fs, dir: next, defaultBranch: 'main' });
          await importBundle(fs, next, bundle);
        } catch (error) {
          await removeTree(next).catch((cleanup: unknown) => console.warn('packetwalk: could not clear a failed import', cleanup));
          throw error;
        }
        await fs.promises.writeFile('/active', next.slice(1), 'utf8');
        await flush();
        await removeTree(current).catch((cleanup: unknown) => console.warn('packetwalk: could not remove the replaced progress', cleanup));
        return [...new Set(Object.keys(bundle.worktree).map((path) => path.split('/')[1]!))];
      }));
    },
    claimLesson(slug) {
      if (typeof navigator === 'undefined' || !navigator.locks) return Promise.resolve(true);
      return new Promise((resolve) => {
        void navigator.locks.request(`${name}:lesson:${slug}`, { ifAvailable: true }, (held) => {
          resolve(held !== null);
          // Held until the tab goes away.
          return held === null ? undefined : new Promise<void>(() => undefined);
        });
      });
    },
  };
  // A store that cannot even be read counts as unavailable, with the reason.
  await store.use(async () => undefined).catch((error: unknown) => {
    throw error instanceof StorageUnavailable ? error : new StorageUnavailable(storageReason(error));
  });
  return store;
}
