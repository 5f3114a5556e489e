/**
 * Is package-lock.json complete for every platform? `npm ci` installs only what the lock lists
 * and refuses a lock that lacks a dependency some package declares; npm 11 writes a lock
 * without the other platforms' optional packages (@astrojs/compiler-binding-darwin-arm64,
 * @pagefind/windows-x64 ...) when it updates it over an existing node_modules, and such a lock
 * installs on this machine but fails on a Mac, Windows or an ARM machine. Regenerate with
 * `npm install --package-lock-only` (it reads the registry, not node_modules).
 */

/** The parts of a lockfileVersion 3 package-lock.json this check reads. */
export interface PackageLock {
  lockfileVersion: number;
  packages: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }>;
}

/**
 * Every declared dependency (optional or not) that no lock entry satisfies, as
 * "path -> name": resolved as Node does, from the dependant's own node_modules up to the root's.
 */
export function missingLockEntries(lock: PackageLock): string[] {
  const missing: string[] = [];
  for (const [path, entry] of Object.entries(lock.packages)) {
    const names = Object.keys({ ...entry.dependencies, ...entry.optionalDependencies });
    for (const name of names) {
      if (!resolves(lock, path, name)) missing.push(`${path || '(root)'} -> ${name}`);
    }
  }
  return missing;
}

function resolves(lock: PackageLock, from: string, name: string): boolean {
  let base = from;
  for (;;) {
    if (lock.packages[`${base === '' ? '' : `${base}/`}node_modules/${name}`]) return true;
    if (base === '') return false;
    const up = base.lastIndexOf('/node_modules/');
    base = up < 0 ? '' : base.slice(0, up);
  }
}
