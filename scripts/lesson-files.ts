/**
 * Reading lesson and scenario files from disk for Node tools (check-lessons, the CLI's
 * `--scenario NAME`, benchmarks, tests): frontmatter, the runnable cells in document order,
 * and scenario texts by name. The site reads the same files through Astro instead.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { extendScenario } from '../sandbox/api/index.ts';

/** The repository root (this file lives in scripts/). */
export const ROOT = new URL('..', import.meta.url).pathname;
const LESSONS = join(ROOT, 'content/lessons');
const SCENARIOS = join(ROOT, 'content/scenarios');

/** A runnable cell: the machine it runs on ('' = where the shell is) and its command lines. */
export interface CellSource {
  on: string;
  command: string;
  /** `apply` cells run `kubectl apply -f -` with the manifest. */
  kind: 'command' | 'apply';
}

/** A predict cell: the question (parsed from its `ask` YAML), its choices, and its command. */
export interface PredictSource {
  on: string;
  /** The `ask` attribute parsed as YAML (a grading/predict.ts question), or the YAML error. */
  ask: unknown;
  /** The `choices` attribute split on `|`; empty for a free answer. */
  choices: string[];
  /** The command it runs after the answer ('' for none). */
  command: string;
}

/** What a lesson page holds, in page order: cells, predict cells and exercises. */
export type PageItem =
  | { kind: 'cell'; cell: CellSource }
  | { kind: 'predict'; predict: PredictSource }
  | { kind: 'exercise'; id: string };

/** One lesson file, parsed just enough to replay it. */
export interface LessonSource {
  file: string;
  frontmatter: Record<string, unknown>;
  /** The runnable cells in order (predict cells' commands included, as kind `command`). */
  cells: CellSource[];
  /** Everything the page walks through, in order. */
  items: PageItem[];
}

/** Every lesson file (content/lessons/*.mdx, drafts starting with `_` excluded), by name. */
export function lessonFiles(): string[] {
  return readdirSync(LESSONS).filter((f) => /^[^_].*\.mdx?$/.test(f)).sort().map((f) => join(LESSONS, f));
}

const attr = (attrs: string, name: string): string | undefined =>
  new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1] ?? new RegExp(`\\b${name}=\\{\`([\\s\\S]*?)\`\\}`).exec(attrs)?.[1];

/** The text of a JSX child: a template literal `{`...`}` or plain text lines. */
function childText(children: string): string {
  const literal = /^\s*\{`([\s\S]*)`\}\s*$/.exec(children);
  const text = literal ? literal[1]!.replace(/\\`/g, '`').replace(/\\\$/g, '$') : children;
  return text.split('\n').map((l) => (literal ? l : l.trim())).filter((l) => l.trim() !== '').join('\n');
}

/** Parses a lesson file: YAML frontmatter and its <Cell> / <ApplyCell> components in order. */
export function readLesson(file: string): LessonSource {
  const src = readFileSync(file, 'utf8');
  const fm = /^---\n([\s\S]*?)\n---\n/.exec(src);
  const frontmatter = (fm ? parseYaml(fm[1]!) : {}) as Record<string, unknown>;
  const cells: CellSource[] = [];
  const items: PageItem[] = [];
  const re = /<(Cell|ApplyCell|Predict|Exercise)\b((?:[^>`"]|`[^`]*`|"[^"]*")*?)(\/>|>([\s\S]*?)<\/\1>)/g;
  for (const m of src.matchAll(re)) {
    const attrs = m[2]!;
    const on = attr(attrs, 'on') ?? '';
    if (m[1] === 'Exercise') {
      items.push({ kind: 'exercise', id: attr(attrs, 'id') ?? '' });
      continue;
    }
    if (m[1] === 'Predict') {
      const text = attr(attrs, 'ask') ?? '';
      let ask: unknown;
      try {
        ask = parseYaml(text);
      } catch (e) {
        ask = { error: (e as Error).message };
      }
      const choices = (attr(attrs, 'choices') ?? '').split('|').map((c) => c.trim()).filter((c) => c !== '');
      const command = attr(attrs, 'cmd') ?? '';
      items.push({ kind: 'predict', predict: { on, ask, choices, command } });
      if (command !== '') cells.push({ on, kind: 'command', command });
      continue;
    }
    const cell: CellSource = m[1] === 'ApplyCell'
      ? { on, kind: 'apply', command: attr(attrs, 'manifest') ?? '' }
      : { on, kind: 'command', command: attr(attrs, 'cmd') ?? childText(m[4] ?? '') };
    cells.push(cell);
    items.push({ kind: 'cell', cell });
  }
  return { file, frontmatter, cells, items };
}

/** Names of the scenario files (content/scenarios/NAME.yaml), sorted. */
export function scenarioNames(): string[] {
  return readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -'.yaml'.length)).sort();
}

/**
 * The text of scenario `name` (content/scenarios/NAME.yaml) or of a path to a YAML file, with
 * its `extends:` resolved against content/scenarios (a whole scenario). Throws on an `extends`
 * that names no scenario or goes round in a circle: the file is broken, not the caller's input.
 */
export function scenarioText(nameOrPath: string): string | undefined {
  const path = /[/.]/.test(nameOrPath) ? nameOrPath : join(SCENARIOS, `${nameOrPath}.yaml`);
  if (!existsSync(path)) return undefined;
  const base = (name: string): string | undefined => {
    const p = join(SCENARIOS, `${name}.yaml`);
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  };
  const r = extendScenario(readFileSync(path, 'utf8'), path, base);
  if (!r.ok) throw new Error(r.error);
  return r.text;
}
