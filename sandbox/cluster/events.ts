/**
 * Events (core/v1 Event) as the components record them through client-go's EventRecorder
 * (tools/record): one object per involved object, reason and message, named
 * `<object>.<hex of UnixNano>` (so a listing, sorted by name, is in time order), whose count and lastTimestamp grow when the same event repeats (the
 * EventCorrelator's aggregation). The scheduler and the kubelet record the ones a learner
 * reads in `kubectl describe pod` and `kubectl get events`: Scheduled / FailedScheduling
 * (pkg/scheduler/schedule_one.go), Pulling, Pulled, Failed, BackOff, Created, Started
 * (pkg/kubelet/images/image_manager.go, kuberuntime/kuberuntime_container.go); the workload
 * controllers theirs about Deployments, ReplicaSets and DaemonSets (controllers/workload-events.ts).
 */
import type { World } from '../fabric/world.ts';
import { wallDate } from '../core/index.ts';
import { createObject, getObject, listObjects, nowStamp, updateObject } from './store.ts';
import type { KubeObject } from './types.ts';

/** Normal or Warning, as the API's event types. */
export type EventType = 'Normal' | 'Warning';

/** The reporting component: `default-scheduler`, or `kubelet` on a host. */
export interface EventSource { component: string; host?: string }

interface EventObject extends KubeObject {
  involvedObject: { kind: string; namespace?: string; name: string; uid: string; apiVersion: string; resourceVersion?: string; fieldPath?: string };
  reason: string;
  message: string;
  type: EventType;
  count: number;
  firstTimestamp: string;
  lastTimestamp: string;
  source: EventSource;
}

/**
 * client-go's EventAggregator (tools/record/events_cache.go): events from one source about one
 * object with the same type and reason but different messages count as similar; from the
 * tenth distinct message within ten minutes on, they are folded into one Event whose message
 * says `(combined from similar events): ` before the latest, and whose count grows.
 */
const AGGREGATE_MAX = 10;
const AGGREGATE_WINDOW_MS = 600_000;

/** Records an event about `obj` (or counts one more of the same). */
export function recordEvent(world: World, obj: KubeObject, type: EventType, reason: string, message: string, source: EventSource, fieldPath?: string): void {
  const c = world.cluster;
  if (!c) return;
  const ns = obj.metadata.namespace ?? 'default';
  const now = nowStamp(world);
  const aggKey = `${source.component}\0${source.host ?? ''}\0${obj.metadata.uid}\0${type}\0${reason}`;
  const aggs = (c.eventAggregates ??= new Map());
  const prev = aggs.get(aggKey);
  const rec = prev && world.clock.ms - prev.last <= AGGREGATE_WINDOW_MS ? prev : { messages: [], last: 0 };
  if (!rec.messages.includes(message)) rec.messages.push(message);
  rec.last = world.clock.ms;
  aggs.set(aggKey, rec);
  const combined = rec.messages.length >= AGGREGATE_MAX;
  // The set never grows past the threshold (PopAny): every further new message stays combined.
  if (combined) rec.messages.pop();
  const text = combined ? `(combined from similar events): ${message}` : message;
  // The cache may name an Event deleted since (kubectl delete events): then it counts as new.
  const keys = (c.eventKeys ??= new Map());
  const id = combined ? `combined\0${aggKey}` : `${obj.metadata.uid}\0${reason}\0${message}`;
  const cached = keys.get(id);
  const same = cached === undefined ? undefined : getObject(c, 'Event', ns, cached) as EventObject | undefined;
  if (same && same.involvedObject.uid === obj.metadata.uid && same.reason === reason) {
    updateObject(world, { ...same, message: text, count: same.count + 1, lastTimestamp: now } as KubeObject);
    return;
  }
  const ev: EventObject = {
    apiVersion: 'v1', kind: 'Event',
    metadata: { name: `${obj.metadata.name}.${unixNanoHex(world)}`, namespace: ns, uid: '', resourceVersion: '', creationTimestamp: '' },
    involvedObject: { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion,
      resourceVersion: obj.metadata.resourceVersion, ...(fieldPath ? { fieldPath } : {}) },
    reason, message: text, type, count: 1, firstTimestamp: now, lastTimestamp: now, source,
  };
  const made = createObject(world, ev);
  if (made.ok) keys.set(id, made.value.metadata.name);
}

/**
 * client-go names an Event by the nanosecond it was made (`%x` of t.UnixNano()). The virtual
 * clock counts ms, so events made in the same ms take its next nanoseconds, in order.
 */
function unixNanoHex(world: World): string {
  const c = world.cluster!;
  const ms = world.clock.ms;
  const n = c.eventStamp?.ms === ms ? c.eventStamp.n + 1 : 0;
  c.eventStamp = { ms, n };
  return (BigInt(wallDate(world.clock).getTime()) * 1_000_000n + BigInt(n)).toString(16);
}

/** The events about object `uid`, oldest first. */
export function eventsFor(world: World, uid: string): EventObject[] {
  const c = world.cluster;
  if (!c) return [];
  return (listObjects(c, 'Event') as EventObject[]).filter((e) => e.involvedObject.uid === uid)
    .sort((a, b) => a.firstTimestamp.localeCompare(b.firstTimestamp) || Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}

export type { EventObject };
