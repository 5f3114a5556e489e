/**
 * A lesson's saved progress and the files it is kept in, under `lessons/<slug>/` of the
 * progress repository (repo.ts):
 *
 *   journal.jsonl        every command line that ran, one JSON object a line (the sandbox's
 *                        JournalEntry + where it was typed): replayed to rebuild the cluster
 *   cells.json           each cell's last run: its `[n]`, exit status and output
 *   exercises.json       passed exercises and when
 *   manifests/<cell>.yaml  the text of an edited apply cell
 *   home/<machine>/<path>  files the learner made in the machines' home directories (a
 *                        readable mirror: the journal is what rebuilds them)
 *
 * Parsing is strict: a file that does not parse is a corrupted store, reported, never guessed.
 */
// zod/mini: the same checks as zod in a fraction of the bytes (this code loads in the page).
import { z } from 'zod/mini';
import type { JournalEntry } from '../../sandbox/api/types.ts';

/** Where a line was typed: the terminal's lines are its history after a reload. */
export type Origin = 'terminal' | 'cell';

export interface RecordedLine extends JournalEntry {
  origin: Origin;
}

export interface CellRecord {
  count: number;
  status: number;
  output: string;
}

export interface HomeFile {
  machine: string;
  path: string;
  content: string;
}

export interface LessonRecord {
  journal: RecordedLine[];
  /** By cell key (`c0`, `c1` ... in page order). */
  cells: Record<string, CellRecord>;
  /** Edited apply cells' text, by cell key. */
  manifests: Record<string, string>;
  /** Passed exercises: id -> ISO time. */
  exercises: Record<string, string>;
  home: HomeFile[];
}

export const emptyRecord = (): LessonRecord => ({ journal: [], cells: {}, manifests: {}, exercises: {}, home: [] });

/** Lesson slugs, cell keys and machine names as they appear in paths: nothing that could climb out. */
export const SLUG = /^[a-z0-9][a-z0-9._-]{0,99}$/;
const KEY = /^c[0-9]{1,4}$/;

const count = z.number().check(z.int(), z.nonnegative());
/**
 * Limits of a saved journal, far above any learner's and low enough that an imported file can
 * never make a replay that outlasts its budget by sheer size (sandbox replay budget).
 */
export const MAX_JOURNAL_LINES = 5_000;
export const MAX_LINE_CHARS = 64 * 1024;

const LineSchema = z.strictObject({
  line: z.string().check(z.maxLength(MAX_LINE_CHARS)),
  at: z.number().check(z.nonnegative()),
  ms: z.number().check(z.nonnegative()),
  status: z.int(),
  interrupted: z.optional(z.boolean()),
  changed: z.optional(z.boolean()),
  origin: z.enum(['terminal', 'cell']),
  // JournalEntry's session ("2" ...: a workbench terminal) and machine (a cell's `on`).
  session: z.optional(z.string().check(z.regex(/^[1-9][0-9]{0,5}$/))),
  on: z.optional(z.string().check(z.regex(SLUG))),
});
const CellsSchema = z.record(z.string().check(z.regex(KEY)), z.strictObject({
  count,
  status: z.int(),
  output: z.string(),
}));
const ExercisesSchema = z.record(z.string().check(z.minLength(1), z.maxLength(100)), z.string());

/** A file of the record: path relative to the lesson's folder, and its text. */
export type RecordFiles = Map<string, string>;

/** The record as files (see the module comment). */
export function toFiles(record: LessonRecord): RecordFiles {
  const files: RecordFiles = new Map();
  files.set('journal.jsonl', record.journal.map((line) => `${JSON.stringify(line)}\n`).join(''));
  files.set('cells.json', `${JSON.stringify(record.cells, null, 2)}\n`);
  files.set('exercises.json', `${JSON.stringify(record.exercises, null, 2)}\n`);
  for (const [key, text] of Object.entries(record.manifests)) files.set(`manifests/${key}.yaml`, text);
  for (const file of record.home) files.set(`home/${file.machine}${file.path}`, file.content);
  return files;
}

/** Whether `path` (relative to a lesson folder) is a file a record can have. */
export function isRecordPath(path: string): boolean {
  if (path === 'journal.jsonl' || path === 'cells.json' || path === 'exercises.json') return true;
  if (/^manifests\/c[0-9]{1,4}\.yaml$/.test(path)) return true;
  const home = /^home\/([^/]+)(\/(?:root|home)\/.+)$/.exec(path);
  return home !== null && SLUG.test(home[1]!) && !home[2]!.split('/').some((part) => part === '..' || part === '.');
}

/** Reads a record back from its files; throws an Error naming the file that is not valid. */
export function fromFiles(files: RecordFiles): LessonRecord {
  const record = emptyRecord();
  const parse = <T>(name: string, schema: z.ZodMiniType<T>, text: string): T => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error(`${name} is not valid JSON`);
    }
    const result = schema.safeParse(value);
    if (!result.success) throw new Error(`${name}: ${result.error.issues[0]?.message ?? 'invalid'} at ${result.error.issues[0]?.path.join('.') ?? ''}`);
    return result.data;
  };
  for (const [path, text] of files) {
    if (!isRecordPath(path)) throw new Error(`unexpected file ${path}`);
    if (path === 'journal.jsonl') {
      const lines = text.split('\n').filter((line) => line !== '');
      if (lines.length > MAX_JOURNAL_LINES) throw new Error(`journal.jsonl has ${lines.length} lines, more than the ${MAX_JOURNAL_LINES} a lesson keeps`);
      record.journal = lines.map((line, i) => parse(`journal.jsonl line ${i + 1}`, LineSchema, line));
    } else if (path === 'cells.json') record.cells = parse(path, CellsSchema, text);
    else if (path === 'exercises.json') record.exercises = parse(path, ExercisesSchema, text);
    else if (path.startsWith('manifests/')) record.manifests[path.slice('manifests/'.length, -'.yaml'.length)] = text;
    else {
      const [, machine, rest] = /^home\/([^/]+)(\/.*)$/.exec(path)!;
      record.home.push({ machine: machine!, path: rest!, content: text });
    }
  }
  record.home.sort((a, b) => a.machine.localeCompare(b.machine) || a.path.localeCompare(b.path));
  return record;
}
