/**
 * kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath): text with `{...}` actions:
 * field paths (`.status.podIP`, `['a.b']`), `[*]`, `[N]`, `[?(@.type=="Ready")]`, `..`,
 * `range`/`end`, string literals (`{"\n"}`). Several results of one action print separated
 * by a space; maps and lists print as JSON.
 */

type Node = { kind: 'text'; text: string } | { kind: 'path'; path: string } | { kind: 'range'; path: string; body: Node[] };

/** Parses a template; a string error (`unclosed action`) when malformed. */
export function parseJsonPath(template: string): Node[] | string {
  const t = template.startsWith('{') || template.includes('{') ? template : `{${template}}`;
  const nodes: Node[] = [];
  const stack: Node[][] = [nodes];
  const ranges: { path: string; body: Node[] }[] = [];
  let i = 0;
  while (i < t.length) {
    const open = t.indexOf('{', i);
    if (open < 0) { stack.at(-1)!.push({ kind: 'text', text: t.slice(i) }); break; }
    if (open > i) stack.at(-1)!.push({ kind: 'text', text: t.slice(i, open) });
    const close = findClose(t, open);
    if (close < 0) return 'unclosed action';
    const action = t.slice(open + 1, close).trim();
    i = close + 1;
    if (action.startsWith('range ')) {
      const r = { path: action.slice(6).trim(), body: [] as Node[] };
      ranges.push(r);
      stack.push(r.body);
    } else if (action === 'end') {
      const r = ranges.pop();
      if (!r) return 'not in range, nothing to end';
      stack.pop();
      stack.at(-1)!.push({ kind: 'range', path: r.path, body: r.body });
    } else if (/^".*"$/.test(action) || /^'.*'$/.test(action)) {
      stack.at(-1)!.push({ kind: 'text', text: action.slice(1, -1).replace(/\\n/g, '\n').replace(/\\t/g, '\t') });
    } else stack.at(-1)!.push({ kind: 'path', path: action });
  }
  if (ranges.length) return 'unclosed range';
  return nodes;
}

function findClose(t: string, open: number): number {
  let quote = '';
  for (let j = open + 1; j < t.length; j++) {
    const ch = t[j]!;
    if (quote) { if (ch === quote) quote = ''; continue; }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '}') return j;
  }
  return -1;
}

/** Evaluates a path (`.items[*].metadata.name`) against `root`, with `@` the current value. */
export function evalPath(path: string, root: unknown, current: unknown): unknown[] {
  let vals: unknown[] = [path.startsWith('@') ? current : path.startsWith('$') ? root : current];
  let rest = path.replace(/^[@$]/, '');
  const re = /^(\.\.([A-Za-z0-9_-]+)|\.([A-Za-z0-9_/-]+)|\[\s*'([^']*)'\s*\]|\[\s*"([^"]*)"\s*\]|\[\*\]|\.\*|\[(-?\d+)\]|\[\?\((.*?)\)\]|\.)/;
  while (rest.length) {
    const m = re.exec(rest);
    if (!m) return [];
    rest = rest.slice(m[0].length);
    if (m[0] === '.') continue;
    if (m[2] !== undefined) vals = vals.flatMap((v) => descend(v, m[2]!));
    else if (m[3] !== undefined || m[4] !== undefined || m[5] !== undefined) {
      const k = m[3] ?? m[4] ?? m[5]!;
      vals = vals.flatMap((v) => (v && typeof v === 'object' && !Array.isArray(v) && k in v ? [(v as Record<string, unknown>)[k]] : []));
    } else if (m[0] === '[*]' || m[0] === '.*') vals = vals.flatMap((v) => (Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v) : []));
    else if (m[6] !== undefined) {
      const idx = Number(m[6]);
      vals = vals.flatMap((v) => (Array.isArray(v) && v.at(idx) !== undefined ? [v.at(idx)] : []));
    } else if (m[7] !== undefined) vals = vals.flatMap((v) => (Array.isArray(v) ? v.filter((e) => filter(m[7]!, root, e)) : []));
  }
  return vals;
}

function descend(v: unknown, key: string): unknown[] {
  if (!v || typeof v !== 'object') return [];
  const here = !Array.isArray(v) && key in v ? [(v as Record<string, unknown>)[key]] : [];
  return [...here, ...Object.values(v).flatMap((c) => descend(c, key))];
}

function filter(expr: string, root: unknown, el: unknown): boolean {
  const m = /^\s*(@[^=!<>\s]*)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(\S+))\s*$/.exec(expr);
  if (!m) return evalPath(expr.trim(), root, el).length > 0;
  const got = evalPath(m[1]!, root, el)[0];
  const want = m[3] ?? m[4] ?? m[5]!;
  const eq = String(got) === want;
  return m[2] === '==' ? eq : !eq;
}

const show = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/** Runs a parsed template; an error string when a path is missing (`x is not found`). */
export function execJsonPath(nodes: Node[], root: unknown, current: unknown = root): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'path') out += evalPath(n.path, root, current).map(show).join(' ');
    else for (const v of evalPath(n.path, root, current)) out += execJsonPath(n.body, root, v);
  }
  return out;
}
