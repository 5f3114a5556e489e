import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingLockEntries, type PackageLock } from '../../scripts/lock-check.ts';

const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as PackageLock;

describe('package-lock.json installs with `npm ci` on every platform', () => {
  it('lists every dependency and optional dependency that some package declares', () => {
    expect(missingLockEntries(lock)).toEqual([]);
  });

  it('holds the native packages of macOS, Windows and ARM Linux, not only this machine', () => {
    for (const name of [
      '@astrojs/compiler-binding-darwin-arm64',
      '@astrojs/compiler-binding-win32-x64-msvc',
      '@astrojs/compiler-binding-linux-arm64-gnu',
      '@astrojs/compiler-binding-wasm32-wasi',
      '@pagefind/darwin-arm64',
      '@pagefind/windows-x64',
      '@rolldown/binding-darwin-arm64',
      '@esbuild/win32-x64',
    ]) {
      expect(Object.keys(lock.packages).some((path) => path.endsWith(`node_modules/${name}`)), name).toBe(true);
    }
  });

  it('names a platform package that a lock lacks, resolving nested copies as Node does', () => {
    const partial: PackageLock = {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { a: '1' } },
        'node_modules/a': { optionalDependencies: { 'a-darwin': '1', 'a-linux': '1' }, dependencies: { b: '1' } },
        'node_modules/a/node_modules/b': {},
        'node_modules/a-linux': {},
      },
    };
    expect(missingLockEntries(partial)).toEqual(['node_modules/a -> a-darwin']);
  });
});
