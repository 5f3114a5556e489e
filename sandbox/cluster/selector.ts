/**
 * Label selectors: the text form kubectl takes with `-l` (k8s.io/apimachinery labels.Parse:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x,y)`, `a`, `!a`, comma-separated, all must
 * hold) and the API form (matchLabels + matchExpressions) that Deployments, Services and
 * NetworkPolicies carry. Both compile to a list of requirements.
 */
import type { LabelSelector } from './types.ts';

/** One requirement of a selector. */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!';
  values: string[];
}

/** A compiled selector: every requirement must hold. An empty list selects everything. */
export type Selector = Requirement[];

/** Parses kubectl's `-l` text; a string error in labels.Parse's words when malformed. */
export function parseSelector(text: string): Selector | string {
  const reqs: Requirement[] = [];
  let rest = text.trim();
  const keyRe = /^!?\s*([A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?)/;
  while (rest.length) {
    const m = keyRe.exec(rest);
    if (!m) return `unable to parse requirement: found '${rest[0]}', expected: identifier`;
    const key = m[1]!;
    const neg = m[0].startsWith('!');
    rest = rest.slice(m[0].length).trimStart();
    if (neg) reqs.push({ key, op: '!', values: [] });
    else if (rest === '' || rest.startsWith(',')) reqs.push({ key, op: 'exists', values: [] });
    else {
      const op = /^(==|=|!=|in\b|notin\b)/.exec(rest);
      if (!op) return `unable to parse requirement: found '${rest.split(/[\s,]/)[0]}', expected: in, notin, =, ==, !=, gt, lt`;
      rest = rest.slice(op[0].length).trimStart();
      if (op[0] === 'in' || op[0] === 'notin') {
        const set = /^\(([^)]*)\)/.exec(rest);
        if (!set) return `unable to parse requirement: found '${rest[0] ?? ''}', expected: '('`;
        reqs.push({ key, op: op[0], values: set[1]!.split(',').map((v) => v.trim()).filter((v) => v) });
        rest = rest.slice(set[0].length).trimStart();
      } else {
        const v = /^[A-Za-z0-9]?([-A-Za-z0-9_.]*[A-Za-z0-9])?/.exec(rest)![0];
        rest = rest.slice(v.length).trimStart();
        reqs.push({ key, op: op[0] === '!=' ? 'notin' : 'in', values: [v] });
      }
    }
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (rest.length) return `unable to parse requirement: found '${rest[0]}', expected: ',' or 'end of string'`;
  }
  return reqs;
}

/** Compiles an API LabelSelector (matchLabels and matchExpressions). */
export function fromLabelSelector(sel: LabelSelector | undefined): Selector {
  if (!sel) return [];
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(([key, v]) => ({ key, op: 'in', values: [v] }));
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator === 'In' ? 'in' : e.operator === 'NotIn' ? 'notin' : e.operator === 'Exists' ? 'exists' : '!';
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return reqs;
}

/** Compiles a plain map selector (a Service's or ReplicaSet's `selector`). */
export const fromMap = (m: Record<string, string> | undefined): Selector =>
  Object.entries(m ?? {}).map(([key, v]) => ({ key, op: 'in', values: [v] }));

/** Whether `labels` satisfy every requirement. */
export function matches(sel: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return sel.every((r) => {
    const has = Object.hasOwn(l, r.key);
    switch (r.op) {
      case 'in': return has && r.values.includes(l[r.key]!);
      case 'notin': return !has || !r.values.includes(l[r.key]!);
      case 'exists': return has;
      case '!': return !has;
    }
  });
}

/** The selector as `kubectl describe` prints it (`app=web,tier!=db`). */
export function formatSelector(sel: Selector): string {
  return sel.map((r) => {
    if (r.op === 'exists') return r.key;
    if (r.op === '!') return `!${r.key}`;
    if (r.values.length === 1) return `${r.key}${r.op === 'in' ? '=' : '!='}${r.values[0]}`;
    return `${r.key} ${r.op} (${r.values.join(',')})`;
  }).join(',');
}
