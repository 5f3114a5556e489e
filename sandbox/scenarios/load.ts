/**
 * Reading a scenario: the text of a scenario file, parsed as YAML and validated by the schema.
 * A bad file fails with the file, the field and how to fix it (the field's own description
 * from the schema). Names are the caller's business: Node tools read content/scenarios/NAME.yaml
 * with scripts/lesson-files.ts (`scenarioText`), the site bundles the files it needs.
 */
import { parse } from 'yaml';
import type { z } from 'zod';
import { ScenarioSchema, type ScenarioSpec } from './schema.ts';

/** A loaded scenario, or why it could not be loaded. */
export type LoadResult = { ok: true; spec: ScenarioSpec } | { ok: false; error: string };

/** The description a schema gives the field at `path`, for the "how to fix" part of an error. */
function describe(schema: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let s: unknown = schema;
  for (const key of path) {
    s = unwrap(s);
    const def = (s as { def?: { type?: string; shape?: Record<string, unknown>; element?: unknown; valueType?: unknown } }).def;
    if (def?.type === 'object' && def.shape) s = def.shape[String(key)];
    else if (def?.type === 'array') s = def.element;
    else if (def?.type === 'record') s = def.valueType;
    else return undefined;
    if (!s) return undefined;
  }
  return (s as { description?: string }).description ?? (unwrap(s) as { description?: string }).description;
}

function unwrap(s: unknown): unknown {
  let cur = s as { def?: { type?: string; innerType?: unknown; getter?: () => unknown } };
  for (;;) {
    const def = cur?.def;
    if (def && (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) cur = def.innerType as typeof cur;
    // ScenarioSchema is a z.lazy wrapper (schema.ts builds the schemas on first use).
    else if (def?.type === 'lazy' && def.getter) cur = def.getter() as typeof cur;
    else return cur;
  }
}

const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)), '') || '(top level)';

/** Parses and validates scenario text, answering a Result (api/sandbox.ts `parseScenario` is the throwing form for callers outside the sandbox); `file` names it in errors. */
export function readScenario(text: string, file = 'scenario'): LoadResult {
  let data: unknown;
  try {
    data = parse(text, { version: '1.2' });
  } catch (e) {
    // The yaml package reports syntax errors by throwing; the message names line and column.
    return { ok: false, error: `${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}` };
  }
  const r = ScenarioSchema.safeParse(data);
  if (r.success) return { ok: true, spec: r.data };
  const lines = r.error.issues.slice(0, 5).map((i) => {
    const hint = describe(ScenarioSchema, i.path);
    return `${file}: ${formatPath(i.path)}: ${i.message}${hint ? ` (expected: ${hint})` : ''}`;
  });
  return { ok: false, error: lines.join('\n') };
}
