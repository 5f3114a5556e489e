/**
 * `kubectl get`: tables (with -o wide, --show-labels, -A's NAMESPACE column, --no-headers),
 * object formats (yaml, json, name, jsonpath, custom-columns), label selectors, several kinds at once
 * (`pods,svc`, `all`) with `kind/name` prefixes, NotFound per missing name.
 */
import { getObject, listObjects, parseSelector, type KindInfo, type KubeObject } from '../../../cluster/index.ts';
import { flagBool, flagValue } from './args.ts';
import { kindSlashName, noResources, printApiError, targets, type Kctx } from './common.ts';
import { parseOutput, printObjects } from './output.ts';
import { evalPath } from './jsonpath.ts';
import { labelsCell, printerFor } from './printers.ts';
import { formatTable } from './table.ts';
import { notFound } from '../../../cluster/store.ts';

/** Runs `kubectl get`. */
export function runGet(k: Kctx, words: string[]): number {
  const out = k.ctx.stdout;
  if (!words.length) {
    k.ctx.stderr.write('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples\n');
    return 1;
  }
  const fmt = parseOutput(flagValue(k.args, 'output'));
  if (typeof fmt === 'object' && 'error' in fmt) { k.ctx.stderr.write(`error: ${fmt.error}\n`); return 1; }
  const selText = flagValue(k.args, 'selector');
  const sel = selText === undefined ? undefined : parseSelector(selText);
  if (typeof sel === 'string') { k.ctx.stderr.write(`error: ${sel}\n`); return 1; }
  const groups = targets(k, words);
  if (!groups) return 1;
  let status = 0;
  const multiKind = groups.length > 1;
  const found: { kind: KindInfo; objs: KubeObject[] }[] = [];
  for (const g of groups) {
    const ns = g.kind.namespaced && !k.allNamespaces ? k.ns : undefined;
    let objs: KubeObject[];
    if (g.names.length) {
      objs = [];
      for (const n of g.names) {
        const o = getObject(k.cluster, g.kind.kind, g.kind.namespaced ? k.ns : undefined, n);
        if (o) objs.push(o);
        else { printApiError(k, notFound(g.kind.kind, n)); status = 1; }
      }
    } else objs = listObjects(k.cluster, g.kind.kind, ns, sel);
    const fieldSel = flagValue(k.args, 'field-selector');
    if (fieldSel !== undefined) {
      const f = parseFieldSelector(fieldSel);
      if (typeof f === 'string') { k.ctx.stderr.write(`Error from server (BadRequest): Unable to find "/v1, Resource=${g.kind.plural}" that match label selector "${selText ?? ''}", field selector "${fieldSel}": ${f}\n`); return 1; }
      objs = objs.filter((o) => f.every(([path, neg, want]) => (String(evalPath(`.${path}`, o, o)[0] ?? '') === want) !== neg));
    }
    const sortBy = flagValue(k.args, 'sort-by');
    if (sortBy) {
      const key = (o: KubeObject) => evalPath(sortBy.replace(/^\{|\}$/g, '').replace(/^(?!\.)/, '.'), o, o)[0];
      objs = [...objs].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        return typeof x === 'number' && typeof y === 'number' ? x - y : String(x ?? '').localeCompare(String(y ?? ''));
      });
    }
    found.push({ kind: g.kind, objs });
  }
  const single = groups.length === 1 && groups[0]!.names.length === 1;
  if (fmt !== 'table' && fmt !== 'wide') {
    const all = found.flatMap((f) => f.objs);
    const columns = typeof fmt === 'object' && 'customColumns' in fmt;
    // printGeneric hands custom-columns an empty List: the header line alone, no message.
    if (!all.length && !single && status === 0 && !columns) { k.ctx.stderr.write(noResources(k, groups[0]!.kind)); return 0; }
    if (!all.length && !(columns && status === 0)) return status;
    const r = printObjects(all, fmt, single, flagBool(k.args, 'no-headers'));
    if ('error' in r) { k.ctx.stderr.write(`error: ${r.error}\n`); return 1; }
    out.write(r.out);
    return status;
  }
  const nonEmpty = found.filter((f) => f.objs.length);
  if (!nonEmpty.length) {
    if (status === 0) k.ctx.stderr.write(noResources(k, groups[0]!.kind));
    return status;
  }
  out.write(nonEmpty.map((f) => table(k, f.kind, f.objs, fmt === 'wide', multiKind)).join('\n'));
  return status;
}

function table(k: Kctx, kind: KindInfo, objs: KubeObject[], wide: boolean, prefix: boolean): string {
  const p = printerFor(kind.kind);
  const showNs = k.allNamespaces && kind.namespaced;
  const showLabels = flagBool(k.args, 'show-labels');
  const columns = (cells: string[], extra: () => string[]) => (!wide ? cells : p.arrange ? p.arrange(cells, extra()) : [...cells, ...extra()]);
  const header = [...(showNs ? ['NAMESPACE'] : []), ...columns(p.headers, () => p.wideHeaders), ...(showLabels ? ['LABELS'] : [])];
  const rows = objs.map((o) => {
    const cells = p.row(o, k.ctx.world);
    if (prefix) cells[0] = kindSlashName(o);
    return [...(showNs ? [o.metadata.namespace ?? ''] : []), ...columns(cells, () => p.wide(o, k.ctx.world)), ...(showLabels ? [labelsCell(o)] : [])];
  });
  return formatTable(flagBool(k.args, 'no-headers') ? rows : [header, ...rows]);
}

/** `--field-selector a=b,c!=d` (the API's fields.ParseSelector); `==` is `=`. */
function parseFieldSelector(text: string): [path: string, neg: boolean, value: string][] | string {
  const out: [string, boolean, string][] = [];
  for (const part of text.split(',').filter((p) => p)) {
    const m = /^([A-Za-z0-9_.]+)\s*(!=|==|=)\s*(.*)$/.exec(part.trim());
    if (!m) return `invalid selector: '${text}'; can't understand '${part}'`;
    out.push([m[1]!, m[2] === '!=', m[3]!]);
  }
  return out;
}
