/**
 * kubectl's -o formats for objects: yaml (keys sorted, as sigs.k8s.io/yaml marshals the
 * JSON), json (4-space indent), name (`pod/x`), jsonpath templates; several objects print as
 * a `kind: List`; custom-columns (custom-columns.ts) one row per object. Unknown formats fail
 * with kubectl's list of allowed ones.
 */
import { stringify } from 'yaml';
import type { KubeObject } from '../../../cluster/index.ts';
import { kindSlashName } from './common.ts';
import { execJsonPath, parseJsonPath } from './jsonpath.ts';
import { parseCustomColumns, printCustomColumns, type CustomColumn } from './custom-columns.ts';

/** Formats that print objects rather than tables. */
export type ObjectFormat = 'yaml' | 'json' | 'name' | { jsonpath: string } | { customColumns: CustomColumn[] };

/** Parses `-o` for object formats; 'table'/'wide' for tables; a string error otherwise. */
export function parseOutput(o: string | undefined): ObjectFormat | 'table' | 'wide' | { error: string } {
  if (o === undefined || o === '') return 'table';
  if (o === 'wide' || o === 'yaml' || o === 'json' || o === 'name') return o;
  const m = /^jsonpath=(.*)$/s.exec(o);
  if (m) return { jsonpath: m[1]! };
  const cc = /^custom-columns=(.*)$/s.exec(o);
  if (cc) {
    const cols = parseCustomColumns(cc[1]!);
    return typeof cols === 'string' ? { error: cols } : { customColumns: cols };
  }
  return { error: `unable to match a printer suitable for the output format "${o}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml` };
}

/** YAML as kubectl prints it. */
export const toYaml = (v: unknown): string => stringify(v, { version: '1.1', sortMapEntries: true, indentSeq: false, lineWidth: 0 });

/** The List wrapper kubectl prints several objects in. */
export const asList = (items: KubeObject[]): Record<string, unknown> =>
  ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });

/**
 * Prints objects in an object format; `single` when one named object was asked for,
 * `noHeaders` (--no-headers) drops custom-columns' header line.
 */
export function printObjects(items: KubeObject[], fmt: ObjectFormat, single: boolean, noHeaders = false): { out: string } | { error: string } {
  if (fmt === 'name') return { out: items.map((o) => `${kindSlashName(o)}\n`).join('') };
  if (typeof fmt === 'object' && 'customColumns' in fmt) return { out: printCustomColumns(items, fmt.customColumns, noHeaders) };
  const value = single && items.length === 1 ? items[0]! : asList(items);
  if (fmt === 'yaml') return { out: toYaml(value) };
  if (fmt === 'json') return { out: JSON.stringify(value, null, 4) + '\n' };
  const nodes = parseJsonPath(fmt.jsonpath);
  if (typeof nodes === 'string') return { error: `error parsing jsonpath ${fmt.jsonpath}, ${nodes}` };
  return { out: execJsonPath(nodes, value) };
}
