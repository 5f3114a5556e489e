/**
 * Events as kubectl shows them: the `kubectl get events` table (LAST SEEN, TYPE, REASON,
 * OBJECT, MESSAGE; pkg/printers/internalversion printEvent), the Events section of
 * `kubectl describe` (pkg/describe DescribeEvents: `3s (x2 over 10s)` for repeats, From is
 * the reporting component), and `kubectl events` (kubectl/pkg/cmd/events event_printer.go:
 * the same columns, oldest first, OBJECT as `Kind/name`, LAST SEEN as `3s (x2 over 10s)` for
 * repeats and the first time otherwise, `--for TYPE/NAME` for one object's).
 */
import { getObject, listObjects, resolveResource, type KubeObject } from '../../../cluster/index.ts';
import { eventsFor, type EventObject } from '../../../cluster/events.ts';
import { notFound } from '../../../cluster/store.ts';
import type { World } from '../../../fabric/world.ts';
import { wallDate } from '../../../core/index.ts';
import { flagValue } from './args.ts';
import { fail, printApiError, type Kctx } from './common.ts';
import { formatTable, humanDuration, tabwrite } from './table.ts';

const since = (world: World, stamp: string): string => humanDuration(wallDate(world.clock).getTime() - Date.parse(stamp));
const objectRef = (e: EventObject): string => `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`;

/** The `kubectl get events` printer (printers.ts's Printer shape; that module lists it). */
export const eventPrinter = {
  headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], wideHeaders: ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME'],
  row: (o: KubeObject, world: World): string[] => { const e = o as EventObject; return [since(world, e.lastTimestamp), e.type, e.reason, objectRef(e), e.message]; },
  wide: (o: KubeObject, world: World): string[] => {
    const e = o as EventObject;
    return [e.involvedObject.fieldPath ?? '', `${e.source.component}${e.source.host ? `, ${e.source.host}` : ''}`, since(world, e.firstTimestamp), String(e.count), e.metadata.name];
  },
  // printEvent's columns: SUBOBJECT and SOURCE come before MESSAGE, the rest after it.
  arrange: (cells: string[], wide: string[]): string[] => [...cells.slice(0, 4), ...wide.slice(0, 2), ...cells.slice(4), ...wide.slice(2)],
};

/** The Events section of `kubectl describe` for `obj`. */
export function describeEvents(world: World, obj: KubeObject): string {
  const evs = eventsFor(world, obj.metadata.uid);
  if (!evs.length) return 'Events:\t<none>\n';
  const rows = evs.map((e) => {
    const ageText = e.count > 1 ? `${since(world, e.lastTimestamp)} (x${e.count} over ${since(world, e.firstTimestamp)})` : since(world, e.lastTimestamp);
    return `  ${e.type}\t${e.reason}\t${ageText}\t${e.source.component}\t${e.message}\n`;
  });
  return `Events:\n${tabwrite('  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n' + rows.join(''), 0, 2)}`;
}

/** `kubectl events [--for TYPE/NAME] [-A]`. */
export function runEvents(k: Kctx, words: string[]): number {
  if (words.length) return fail(k, `unknown command "${words[0]}" for "kubectl events"`);
  let evs = (listObjects(k.cluster, 'Event', k.allNamespaces ? undefined : k.ns) as EventObject[]);
  const target = flagValue(k.args, 'for');
  if (target) {
    const [type, name] = target.split('/');
    const kind = resolveResource(type ?? '');
    if (!kind || !name) return fail(k, `--for must be in resource/name form`);
    const o = getObject(k.cluster, kind.kind, k.ns, name);
    if (!o) { printApiError(k, notFound(kind.kind, name)); return 1; }
    evs = evs.filter((e) => e.involvedObject.uid === o.metadata.uid);
  }
  if (!evs.length) {
    k.ctx.stderr.write(k.allNamespaces ? 'No events found.\n' : `No events found in ${k.ns} namespace.\n`);
    return 0;
  }
  evs = [...evs].sort((a, b) => a.lastTimestamp.localeCompare(b.lastTimestamp) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  // getInterval: a repeated event says how often over how long; a single one, when it was first seen.
  const interval = (e: EventObject) => (e.count > 1 ? `${since(k.ctx.world, e.lastTimestamp)} (x${e.count} over ${since(k.ctx.world, e.firstTimestamp)})` : since(k.ctx.world, e.firstTimestamp));
  const rows = evs.map((e) => [...(k.allNamespaces ? [e.metadata.namespace ?? ''] : []), interval(e), e.type, e.reason, `${e.involvedObject.kind}/${e.involvedObject.name}`, e.message]);
  k.ctx.stdout.write(formatTable([[...(k.allNamespaces ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], ...rows]));
  return 0;
}
