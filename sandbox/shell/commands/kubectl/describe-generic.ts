/**
 * kubectl's generic describer, for kinds without a describer of their own (an Event, Calico's
 * IPPool): k8s.io/kubectl pkg/describe/describe.go genericDescriber with
 * printUnstructuredContent. After Name, Namespace (empty for a cluster-scoped object), Labels
 * and Annotations, every other field in sorted order under a smart label (`firstTimestamp` ->
 * `First Timestamp`, `uid` -> `UID`), maps and lists indented two spaces a level, scalars as
 * Go's %v prints them; then the object's events.
 */
import type { KubeObject } from '../../../cluster/index.ts';
import type { Kctx } from './common.ts';
import { mapLines, shownAnnotations } from './describe-helpers.ts';
import { describeEvents } from './events-view.ts';
import { tabwrite } from './table.ts';

/** Fields printUnstructuredContent skips (the header prints them, managedFields is noise). */
const SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];
const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** fatih/camelcase Split: runs of one character class, an upper-case letter before lower case starting the next word. */
function camelSplit(s: string): string[] {
  const cls = (ch: string) => (/[a-z]/.test(ch) ? 1 : /[A-Z]/.test(ch) ? 2 : /[0-9]/.test(ch) ? 3 : 4);
  const runs: string[] = [];
  let last = 0;
  for (const ch of s) {
    const c = cls(ch);
    if (c === last) runs[runs.length - 1] += ch;
    else runs.push(ch);
    last = c;
  }
  for (let i = 0; i + 1 < runs.length; i++) {
    if (/^[A-Z]+$/.test(runs[i]!) && /^[a-z]/.test(runs[i + 1]!)) {
      runs[i + 1] = runs[i]!.slice(-1) + runs[i + 1]!;
      runs[i] = runs[i]!.slice(0, -1);
    }
  }
  return runs.filter((r) => r.length > 0);
}

/** smartLabelFor: a field of letters and dashes as title-cased words, common acronyms upper-cased. */
export function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  return camelSplit(field).filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1))).join(' ');
}

/** Go's %v of a JSON scalar. */
const goValue = (v: unknown): string => (v === null || v === undefined ? '<nil>' : String(v));

/** printUnstructuredContent at `level` (two spaces each). */
function content(obj: Record<string, unknown>, level: number, prefix: string): string {
  const pad = '  '.repeat(level);
  let s = '';
  for (const field of Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const path = `${prefix}.${field}`;
    if (SKIP.includes(path)) continue;
    const v = obj[field];
    if (Array.isArray(v)) {
      s += `${pad}${smartLabel(field)}:\n`;
      for (const child of v) s += child !== null && typeof child === 'object' ? content(child as Record<string, unknown>, level + 1, path) : `${pad}  ${goValue(child)}\n`;
    } else if (v !== null && typeof v === 'object') s += `${pad}${smartLabel(field)}:\n${content(v as Record<string, unknown>, level + 1, path)}`;
    else s += `${pad}${smartLabel(field)}:\t${goValue(v)}\n`;
  }
  return s;
}

/** `kubectl describe` of a kind kubectl has no describer for. */
export function describeGeneric(k: Kctx, o: KubeObject): string {
  let s = `Name:\t${o.metadata.name}\nNamespace:\t${o.metadata.namespace ?? ''}\n`;
  s += mapLines('Labels:', o.metadata.labels) + mapLines('Annotations:', shownAnnotations(o), ': ');
  s += content(o as unknown as Record<string, unknown>, 0, '');
  s += describeEvents(k.ctx.world, o);
  return tabwrite(s, 0, 2);
}
