/**
 * /proc/sys as files (proc(5)): each sysctl `a.b.c` is the file /proc/sys/a/b/c, holding
 * the value and a newline. Values belong to the namespace the shell stands in; reading and
 * writing go through the net layer's sysctl model (../net/sysctl.ts), so `echo 1 >
 * /proc/sys/net/ipv4/ip_forward` and `sysctl -w` change the same state.
 */
import type { Place } from './types.ts';
import { getSysctl, setSysctl, sysctlDirEntries, sysctlFromPath } from '../net/sysctl.ts';

/** The content of a /proc/sys file, or undefined when there is no such sysctl. */
export function procSysRead(place: Place, path: string): string | undefined {
  const key = sysctlFromPath(path);
  const v = key === undefined ? undefined : getSysctl(place.netns, key);
  return v === undefined ? undefined : v + '\n';
}

/**
 * Writes a sysctl through its /proc/sys file; the kernel rejects a bad value with EINVAL. In
 * a container /proc/sys is mounted read-only (EROFS, at open: before the value is looked at).
 */
export function procSysWrite(place: Place, path: string, content: string): { ok: true; value: void } | { ok: false; errno: 'ENOENT' | 'EINVAL' | 'EROFS' } {
  const key = sysctlFromPath(path);
  if (key === undefined) return { ok: false, errno: 'ENOENT' };
  if (place.machine.procSysReadOnly && getSysctl(place.netns, key) !== undefined) return { ok: false, errno: 'EROFS' };
  const r = setSysctl(place.netns, key, content);
  if (r.ok) return { ok: true, value: undefined };
  return { ok: false, errno: r.errno === 'ENOENT' ? 'ENOENT' : 'EINVAL' };
}

/** Entries of a /proc/sys directory, or undefined when it is not one. */
export function procSysList(place: Place, dir: string): string[] | undefined {
  if (dir === '/proc/sys') return sysctlDirEntries(place.netns, dir) ?? [];
  return sysctlDirEntries(place.netns, dir);
}
