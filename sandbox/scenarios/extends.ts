/**
 * `extends:` in a scenario file: the file starts from another scenario (its base, by name:
 * content/scenarios/NAME.yaml) and says only what differs. The merge happens on the YAML data,
 * before validation, and its result is the YAML text of a whole scenario, so everything
 * downstream (the schema, the builder, the site's build-time check) sees one complete file.
 * The rules, which the schema's `extends` description repeats for authors:
 * - a field replaces the base's field; `null` removes it (RFC 7386 JSON Merge Patch); objects
 *   (`cluster`, a machine's `sysctl` and `files`) merge field by field, lists replace whole;
 * - `machines` merge by `name`: a machine the base has keeps its place and takes the fields
 *   given here; `remove: true` drops it; a new machine goes right after the machine listed
 *   before it here (first, when it opens the list).
 * The file system is the caller's: Node tools read the base with scripts/lesson-files.ts, the
 * site from its bundled scenario files.
 */
import { parse, stringify } from 'yaml';

/** A merged scenario's text, or why the merge failed. */
export type ExtendResult = { ok: true; text: string } | { ok: false; error: string };

type Data = Record<string, unknown>;
const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: `patch` over `base`; null removes, objects merge, everything else replaces. */
function mergePatch(base: unknown, patch: unknown): unknown {
  if (!isObject(patch) || !isObject(base)) return patch;
  const out: Data = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** The machines of `base` with `patches` applied by name (see the module comment). */
function mergeMachines(base: unknown[], patches: unknown[], file: string): Data[] | string {
  const out = base.filter(isObject).map((m) => ({ ...m }));
  let after = -1;
  for (const p of patches) {
    if (!isObject(p) || typeof p.name !== 'string') return `${file}: machines: each entry needs a name`;
    const at = out.findIndex((m) => m.name === p.name);
    const { remove, ...fields } = p;
    if (remove === true) {
      if (at < 0) return `${file}: machines: "${p.name}" is not in the base scenario, so it cannot be removed`;
      out.splice(at, 1);
      after = at - 1;
    } else if (at >= 0) {
      out[at] = mergePatch(out[at], fields) as Data;
      after = at;
    } else {
      out.splice(after + 1, 0, fields);
      after += 1;
    }
  }
  return out;
}

/**
 * Resolves `extends` in scenario `text` (named `file` in errors); `readBase(name)` returns a
 * base scenario's text. A text without `extends` comes back as it is.
 */
export function extendScenario(text: string, file: string, readBase: (name: string) => string | undefined, seen: readonly string[] = []): ExtendResult {
  let data: unknown;
  try {
    data = parse(text, { version: '1.2' });
  } catch {
    // Not YAML: readScenario reports the syntax error with its line and column.
    return { ok: true, text };
  }
  if (!isObject(data) || data.extends === undefined) return { ok: true, text };
  const name = data.extends;
  if (typeof name !== 'string') return { ok: false, error: `${file}: extends: expected the name of a scenario (\`default\`)` };
  if (seen.includes(name)) return { ok: false, error: `${file}: extends: "${name}" extends itself (${[...seen, name].join(' -> ')})` };
  const baseText = readBase(name);
  if (baseText === undefined) return { ok: false, error: `${file}: extends: no scenario "${name}" (content/scenarios/${name}.yaml)` };
  const base = extendScenario(baseText, `${name}.yaml`, readBase, [...seen, name]);
  if (!base.ok) return base;
  const baseData = parse(base.text, { version: '1.2' }) as Data;
  const { extends: _, machines, ...rest } = data;
  const merged = mergePatch(baseData, rest) as Data;
  if (machines !== undefined) {
    if (!Array.isArray(machines)) return { ok: false, error: `${file}: machines: expected a list` };
    const m = mergeMachines(Array.isArray(baseData.machines) ? baseData.machines : [], machines, file);
    if (typeof m === 'string') return { ok: false, error: m };
    merged.machines = m;
  }
  return { ok: true, text: stringify(merged, { version: '1.2', lineWidth: 0 }) };
}
