/**
 * The class table for a workshop: the instructor collects learners' exported progress files
 * (bundle.ts; one per learner, named after them) and gets who passed which exercise, and when,
 * read from the commits themselves: the commit that first adds an exercise to a lesson's
 * `exercises.json` is when it was passed (its committer time). Each file is validated as an
 * import would be (parseBundle); a file that does not parse becomes a row with its error. Pure:
 * the CLI (scripts/class-table.ts) and the page (src/pages/class-table.astro) share it.
 */
import { parseBundle } from './bundle.ts';

/** One passed exercise: when (ISO time of the commit) and the commit's subject. */
export interface Pass {
  at: string;
  message: string;
}

/** One learner's file. */
export interface ClassRow {
  learner: string;
  file: string;
  /** Key `LESSON/EXERCISE` -> the pass; absent: not passed. */
  passed: Record<string, Pass>;
  /** Commits in the file (the learner's changes, passes and resets). */
  commits: number;
  /** Time of the last commit (ISO), '' without commits. */
  last: string;
  /** Why the file could not be read. */
  error?: string;
}

/** The table: one column per exercise anyone passed (lesson order, then id), one row per file. */
export interface ClassTable {
  workbook: string;
  columns: { lesson: string; exercise: string }[];
  rows: ClassRow[];
}

/** A learner's name from an export's file name (`alice.json`, `packetwalk-progress-...-alice.json`). */
export function learnerOf(file: string): string {
  const base = file.replace(/^.*[\\/]/, '').replace(/\.json$/i, '');
  return base.replace(/^packetwalk-progress-/, '') || base;
}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Passes found in a bundle's commits, in commit order. */
function passesOf(commits: { message: string; committer: { timestamp: number }; changes: Record<string, string | null> }[]): Record<string, Pass> {
  const known = new Map<string, Set<string>>();
  const out: Record<string, Pass> = {};
  for (const c of commits) {
    for (const [path, text] of Object.entries(c.changes)) {
      const m = /^lessons\/([^/]+)\/exercises\.json$/.exec(path);
      if (!m) continue;
      const ids = text === null ? new Set<string>() : new Set(Object.keys(JSON.parse(text) as Record<string, string>));
      const before = known.get(m[1]!) ?? new Set<string>();
      for (const id of ids) {
        const key = `${m[1]}/${id}`;
        if (!before.has(id) && out[key] === undefined) out[key] = { at: iso(c.committer.timestamp), message: c.message.trim() };
      }
      known.set(m[1]!, ids);
    }
  }
  return out;
}

/**
 * Builds the table from files (name and text). The workbook is the one most files name; a file
 * of another workbook is a row with an error, as an import would refuse it.
 */
export function classTable(files: { name: string; text: string }[]): ClassTable {
  const workbookOf = (text: string): string | undefined => {
    try {
      const w = (JSON.parse(text) as { workbook?: unknown }).workbook;
      return typeof w === 'string' ? w : undefined;
    } catch {
      return undefined;
    }
  };
  const counts = new Map<string, number>();
  for (const f of files) {
    const w = workbookOf(f.text);
    if (w !== undefined) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const workbook = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? 'packetwalk';
  const rows: ClassRow[] = [...files].sort((a, b) => learnerOf(a.name).localeCompare(learnerOf(b.name))).map((f) => {
    const learner = learnerOf(f.name);
    try {
      const bundle = parseBundle(f.text, workbook);
      const last = bundle.commits.at(-1);
      return { learner, file: f.name, passed: passesOf(bundle.commits), commits: bundle.commits.length, last: last ? iso(last.committer.timestamp) : '' };
    } catch (error) {
      return { learner, file: f.name, passed: {}, commits: 0, last: '', error: error instanceof Error ? error.message : String(error) };
    }
  });
  const keys = new Set(rows.flatMap((r) => Object.keys(r.passed)));
  const columns = [...keys].sort().map((k) => ({ lesson: k.split('/')[0]!, exercise: k.split('/').slice(1).join('/') }));
  return { workbook, columns, rows };
}

/** The table as text: a row per learner, ✓ and the time (UTC, HH:MM) per passed exercise. */
export function formatClassTable(t: ClassTable): string {
  const head = ['learner', ...t.columns.map((c) => `${c.lesson.replace(/^(\d+)-.*$/, '$1')}/${c.exercise}`), 'passed', 'last commit'];
  const body = t.rows.map((r) => r.error !== undefined
    ? [r.learner, ...t.columns.map(() => ''), '-', `unreadable: ${r.error}`]
    : [r.learner, ...t.columns.map((c) => {
      const p = r.passed[`${c.lesson}/${c.exercise}`];
      return p ? `✓ ${p.at.slice(11, 16)}` : '·';
    }), String(Object.keys(r.passed).length), r.last.replace('T', ' ').slice(0, 16)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [`workbook ${t.workbook}: ${t.rows.length} learner${t.rows.length === 1 ? '' : 's'}, ${t.columns.length} exercise${t.columns.length === 1 ? '' : 's'} passed by someone`, line(head), ...body.map(line)].join('\n');
}
