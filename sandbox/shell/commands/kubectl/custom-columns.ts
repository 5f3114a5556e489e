/**
 * `kubectl get -o custom-columns=HEADER:PATH,...` as kubectl's CustomColumnsPrinter
 * (staging/src/k8s.io/kubectl/pkg/cmd/get/customcolumn.go) prints it: a spec of
 * comma-separated `HEADER:jsonpath` pairs, each path relaxed (`.metadata.name`,
 * `metadata.name` and `{.metadata.name}` are the same); one row per object, laid out by the
 * same tabwriter as the tables (table.ts); a path that finds nothing prints `<none>`, several
 * values are joined with commas, Go's fmt.Sprint formats non-strings (`map[k:v]`, `[a b]`).
 */
import type { KubeObject } from '../../../cluster/index.ts';
import { evalPath } from './jsonpath.ts';
import { formatTable } from './table.ts';

/** One column: its header and the jsonpath (without braces, with a leading dot). */
export type CustomColumn = { header: string; path: string };

/** Parses a custom-columns spec; a string is kubectl's error text (after `error: `). */
export function parseCustomColumns(spec: string): CustomColumn[] | string {
  if (spec === '') return 'custom-columns format specified but no custom columns given';
  const cols: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const col = part.split(':');
    if (col.length !== 2) return `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`;
    const path = relaxed(col[1]!);
    if (path === undefined) return `unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'`;
    cols.push({ header: col[0]!, path });
  }
  return cols;
}

/** RelaxedJSONPathExpression: `{.a.b}`, `{a.b}`, `.a.b` and `a.b` all mean `.a.b`. */
function relaxed(p: string): string | undefined {
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(p);
  if (!m) return undefined;
  return '.' + (m[1] ?? m[2]!);
}

/** Go's fmt.Sprint of a decoded JSON value (maps with sorted keys, as Go prints them). */
function goSprint(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goSprint(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

/** The rows (header first unless `noHeaders`) for `items`, laid out as kubectl prints them. */
export function printCustomColumns(items: KubeObject[], cols: CustomColumn[], noHeaders: boolean): string {
  const rows = items.map((o) => cols.map((c) => {
    const values = evalPath(c.path, o, o).filter((v) => v !== undefined);
    return values.length === 0 ? '<none>' : values.map(goSprint).join(',');
  }));
  return formatTable(noHeaders ? rows : [cols.map((c) => c.header), ...rows]);
}
