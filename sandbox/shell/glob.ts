/**
 * Pathname expansion (XCU 2.13.3) over the machine's files: each `/`-separated piece of a
 * pattern with `*`, `?` or `[...]` is matched against a directory's entries; names starting
 * with `.` match only an explicit dot. Results are sorted; no match leaves the word as typed.
 */
import type { Place } from './types.ts';
import { globToRegExp } from './expand.ts';
import { exists, isDir, listDir, resolvePath } from './fs.ts';

const live = (s: string) => /(^|[^\\])[*?[]/.test(s);
const unescape = (s: string) => s.replace(/\\(.)/g, '$1');

/** Paths matching `pattern` (relative patterns give relative paths, as bash does). */
export function globPaths(place: Place, cwd: string, pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const pieces = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let found: string[] = [absolute ? '' : '.'];
  for (const piece of absolute ? pieces.slice(1) : pieces) {
    const next: string[] = [];
    for (const base of found) {
      const dir = resolvePath(cwd, base === '' ? '/' : base);
      if (!live(piece)) {
        const cand = base === '' ? '/' + unescape(piece) : base + '/' + unescape(piece);
        const abs = resolvePath(cwd, cand);
        if (exists(place, abs)) next.push(cand);
        continue;
      }
      if (!isDir(place, dir)) continue;
      const re = globToRegExp(piece);
      if (!re) continue;
      for (const name of listDir(place, dir)) {
        if (name.startsWith('.') && !piece.startsWith('.')) continue;
        if (re.test(name)) next.push(base === '' ? '/' + name : base + '/' + name);
      }
    }
    found = next;
    if (found.length === 0) return [];
  }
  return found.map((p) => (!absolute && p.startsWith('./') ? p.slice(2) : p)).sort();
}
