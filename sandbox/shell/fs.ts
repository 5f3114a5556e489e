/**
 * The files a shell sees on a machine: `machine.files` (absolute path -> content), a few
 * device files (/dev/null, /dev/stdout ...), and /proc/sys derived from the namespace's
 * sysctls (proc-sys.ts). Directories are implied by the paths of the files under them, plus
 * the usual skeleton of a Linux root. Errors are errno names; the caller prints them as the
 * tool does (`cat: x: No such file or directory`).
 */
import type { Place } from './types.ts';
import { procSysList, procSysRead, procSysWrite } from './proc-sys.ts';

/** Directories every machine has even when no file lives in them. */
const SKELETON = ['/', '/root', '/tmp', '/etc', '/proc', '/proc/sys', '/dev', '/bin', '/usr', '/usr/bin', '/sbin', '/var', '/run', '/home'];

/**
 * /run/netns (and its old name /var/run/netns) holds one file per namespace `ip netns add`
 * named (ip-netns(8)); they are nsfs mounts, which read(2) refuses with EINVAL.
 */
const NETNS_DIRS = ['/run/netns', '/var/run/netns'];
const netnsEntry = (place: Place, path: string): string | undefined => {
  const dir = NETNS_DIRS.find((d) => path.startsWith(d + '/'));
  if (!dir) return undefined;
  const name = path.slice(dir.length + 1);
  return place.machine.namedNetns.has(name) ? name : undefined;
};

/** Errno texts as strerror(3) words them. */
export const ERRNO_TEXT = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  ENOTDIR: 'Not a directory',
  EINVAL: 'Invalid argument',
  EACCES: 'Permission denied',
} as const;

/** A file-system errno. */
export type FsErrno = keyof typeof ERRNO_TEXT;

/** A file operation's outcome. */
export type FsResult<T> = { ok: true; value: T } | { ok: false; errno: FsErrno };

/** Makes `path` absolute against `cwd` and removes `.`, `..` and repeated slashes. */
export function resolvePath(cwd: string, path: string): string {
  const abs = path.startsWith('/') ? path : cwd.replace(/\/$/, '') + '/' + path;
  const out: string[] = [];
  for (const seg of abs.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

const isProcSys = (p: string) => p === '/proc/sys' || p.startsWith('/proc/sys/');

/** True when `path` (absolute) is a directory on this machine. */
export function isDir(place: Place, path: string): boolean {
  if (SKELETON.includes(path)) return true;
  if (NETNS_DIRS.includes(path) || path === '/var/run') return place.machine.namedNetns.size > 0 || path === '/var/run';
  if (isProcSys(path)) return procSysList(place, path) !== undefined;
  const prefix = path + '/';
  for (const f of place.machine.files.keys()) if (f.startsWith(prefix)) return true;
  return false;
}

/** True when `path` (absolute) names a file or directory here. */
export function exists(place: Place, path: string): boolean {
  return isDir(place, path) || readFile(place, path).ok || netnsEntry(place, path) !== undefined;
}

/** Reads a file (absolute path). */
export function readFile(place: Place, path: string): FsResult<string> {
  if (path === '/dev/null') return { ok: true, value: '' };
  if (isDir(place, path)) return { ok: false, errno: 'EISDIR' };
  if (netnsEntry(place, path) !== undefined) return { ok: false, errno: 'EINVAL' };
  if (isProcSys(path)) {
    const v = procSysRead(place, path);
    return v === undefined ? { ok: false, errno: 'ENOENT' } : { ok: true, value: v };
  }
  const v = place.machine.files.get(path);
  if (v !== undefined) return { ok: true, value: v };
  return { ok: false, errno: parentIsFile(place, path) ? 'ENOTDIR' : 'ENOENT' };
}

function parentIsFile(place: Place, path: string): boolean {
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  return place.machine.files.has(parent);
}

/**
 * Writes (or appends to) a file. Its directory must exist; /proc/sys files set the sysctl
 * (the kernel parses the value and rejects a bad one with EINVAL).
 */
export function writeFile(place: Place, path: string, content: string, append: boolean): FsResult<void> {
  if (path === '/dev/null') return { ok: true, value: undefined };
  if (isDir(place, path)) return { ok: false, errno: 'EISDIR' };
  if (isProcSys(path)) return procSysWrite(place, path, content);
  const parent = path.slice(0, path.lastIndexOf('/')) || '/';
  if (!isDir(place, parent)) return { ok: false, errno: parentIsFile(place, path) ? 'ENOTDIR' : 'ENOENT' };
  const files = place.machine.files;
  files.set(path, append ? (files.get(path) ?? '') + content : content);
  return { ok: true, value: undefined };
}

/** Names in a directory (sorted as `ls` and globbing sort them in the C locale). */
export function listDir(place: Place, dir: string): string[] {
  if (isProcSys(dir)) return procSysList(place, dir) ?? [];
  if (NETNS_DIRS.includes(dir)) return [...place.machine.namedNetns.keys()].sort();
  const prefix = dir === '/' ? '/' : dir + '/';
  const names = new Set<string>();
  for (const p of [...SKELETON, ...place.machine.files.keys()]) {
    if (p.startsWith(prefix) && p.length > prefix.length) names.add(p.slice(prefix.length).split('/')[0] ?? '');
  }
  if (dir === '/') names.add('proc');
  if (dir === '/run' && place.machine.namedNetns.size > 0) names.add('netns');
  if (dir === '/var') names.add('run');
  return [...names].filter((n) => n !== '').sort();
}
