/**
 * Small helpers shared by the describe layouts: the world's wall time, RFC 1123 dates as
 * describe prints them (`Mon, 23 Nov 2026 16:42:00 +0000`), label, annotation and selector lists.
 */
import { wallDate } from '../../../core/index.ts';
import type { KubeObject, LabelSelector } from '../../../cluster/index.ts';
import type { Kctx } from './common.ts';

export { getObject, listObjects, parseSelector, type KubeObject } from '../../../cluster/index.ts';

/** The world's current wall time. */
export const wallDateOf = (k: Kctx): Date => wallDate(k.ctx.world.clock);

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => String(n).padStart(2, '0');

/** time.RFC1123Z in UTC. */
export function rfc1123z(iso: string | undefined): string {
  if (!iso) return '<unknown>';
  const d = new Date(iso);
  return `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}

/** `Labels:` value lines: sorted `k=v`, continuation lines start with a tab; `<none>` when empty. */
export function mapLines(title: string, m: Record<string, string> | undefined, sep = '='): string {
  const e = Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (!e.length) return `${title}\t<none>\n`;
  return e.map(([k, v], i) => `${i === 0 ? title : ''}\t${k}${sep}${v}\n`).join('');
}

/** The annotations describe prints: printAnnotationsMultiline skips kubectl's last-applied-configuration. */
export function shownAnnotations(o: KubeObject): Record<string, string> {
  const anno = { ...o.metadata.annotations };
  delete anno['kubectl.kubernetes.io/last-applied-configuration'];
  return anno;
}

/** metav1.FormatLabelSelector: requirements sorted by key, `<none>` when it selects all. */
export function formatLabelSelector(sel: LabelSelector | undefined): string {
  const reqs: [string, string][] = Object.entries(sel?.matchLabels ?? {}).map(([key, v]) => [key, `${key}=${v}`]);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    const text = e.operator === 'In' ? `${e.key} in (${vals})` : e.operator === 'NotIn' ? `${e.key} notin (${vals})` : e.operator === 'Exists' ? e.key : `!${e.key}`;
    reqs.push([e.key, text]);
  }
  reqs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return reqs.length ? reqs.map(([, t]) => t).join(',') : '<none>';
}
