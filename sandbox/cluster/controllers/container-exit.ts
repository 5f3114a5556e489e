/**
 * What the kubelet does with a container whose process exited, and the pod phase that follows
 * (pkg/kubelet/kuberuntime kuberuntime_manager.go computePodActions and doBackOff,
 * pkg/kubelet/container ShouldContainerBeRestarted, pkg/kubelet/kubelet_pods.go getPhase):
 * - restartPolicy Always restarts it whatever its status, OnFailure only after a non-zero
 *   status, Never not at all;
 * - a container that is not restarted stays Terminated: reason `Completed` for status 0,
 *   `Error` otherwise (the runtime's reasons, containerd's CRI);
 * - one that is restarted ends again at once here (the sandbox's programs end the same way
 *   each time), so the kubelet holds it in back-off: Waiting `CrashLoopBackOff`, its last run
 *   in lastState, and a `BackOff` warning event. It is restarted at once after its first exit,
 *   then after 10s, 20s, 40s ... capped at 5 minutes (kubelet.go backOffPeriod and
 *   MaxContainerBackOff); each restart counts in restartCount and repeats the pull, Created
 *   and Started events.
 */
import { recordEvent } from '../events.ts';
import type { World } from '../../fabric/world.ts';
import { updateObject } from '../store.ts';
import type { KubeObject, PodRuntime } from '../types.ts';
import { containerStartEvents } from './pod-events.ts';

/** The Pod's spec.restartPolicy (the API server defaults it to Always). */
export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** A container status in the fields getPhase reads. */
export interface PhaseInput {
  state?: { running?: unknown; waiting?: unknown; terminated?: { exitCode?: number } };
  lastState?: { terminated?: unknown };
}

/** The pod's restart policy, Always for anything else (the API server admits only the three). */
export const restartPolicyOf = (p: KubeObject): RestartPolicy => {
  const v = (p.spec as { restartPolicy?: string }).restartPolicy;
  return v === 'Never' || v === 'OnFailure' ? v : 'Always';
};

/** Whether the kubelet restarts a container that exited with `code` (ShouldContainerBeRestarted). */
export const restarts = (policy: RestartPolicy, code: number): boolean => policy === 'Always' || (policy === 'OnFailure' && code !== 0);

/** A Terminated state as the runtime reports it. */
export function terminated(code: number, containerID: string, at: string): Record<string, unknown> {
  return { containerID, exitCode: code, finishedAt: at, reason: code === 0 ? 'Completed' : 'Error', startedAt: at };
}

/** The kubelet's rendering of a pod in messages (pkg/kubelet/util/format Pod): `name_namespace(uid)`. */
const formatPod = (p: KubeObject): string => `${p.metadata.name}_${p.metadata.namespace}(${p.metadata.uid})`;

const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

/** The back-off after the `n`th restart: 10s doubling, capped at 300s. */
export const backOffAfter = (n: number): number => Math.min(BACKOFF_START_MS * 2 ** Math.min(n - 1, 10), BACKOFF_MAX_MS);

/**
 * The restarts made by `now` of a container that first exited at `since` (the first at once,
 * each next one when the back-off after the previous has passed), and when the last was.
 */
export function restartsBy(since: number, now: number): { count: number; last: number } {
  let count = 1;
  let last = since;
  while (backOffAfter(count) < BACKOFF_MAX_MS && last + backOffAfter(count) <= now) last += backOffAfter(count++);
  if (backOffAfter(count) === BACKOFF_MAX_MS && now >= last) {
    const more = Math.floor((now - last) / BACKOFF_MAX_MS);
    count += more;
    last += more * BACKOFF_MAX_MS;
  }
  return { count, last };
}

/** Go's time.Duration String for whole seconds (`10s`, `1m20s`, `5m0s`). */
const goDuration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${s % 60}s`;
};

/** The Waiting state of a container in back-off after its `n`th restart (doBackOff's error). */
export function crashLoopWaiting(p: KubeObject, container: string, n = 1): { reason: string; message: string } {
  return { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(backOffAfter(n))} restarting failed container=${container} pod=${formatPod(p)}` };
}

type LoopStatus = { name: string; image?: string; restartCount: number; state?: { waiting?: unknown }; lastState?: { terminated?: Record<string, unknown> } };

/**
 * The kubelet's later syncs of a pod with containers in back-off (rt.crashLoopSince): the
 * restarts due by now, each ending again at once. True when the status changed.
 */
export function advanceCrashLoops(world: World, p: KubeObject, rt: PodRuntime, imageRef: (image: string) => string): boolean {
  const since = rt.crashLoopSince;
  if (!since || !p.status) return false;
  const st = structuredClone(p.status) as { containerStatuses?: LoopStatus[]; initContainerStatuses?: LoopStatus[] };
  const images = new Map(((p.spec as { containers?: { name: string; image: string }[] }).containers ?? []).map((c) => [c.name, c.image]));
  let changed = false;
  for (const cs of [...st.initContainerStatuses ?? [], ...st.containerStatuses ?? []]) {
    const t0 = since[cs.name];
    if (t0 === undefined || !cs.state?.waiting) continue;
    const { count, last } = restartsBy(t0, world.clock.ms);
    if (count <= cs.restartCount) continue;
    const at = new Date(world.clock.epochMs + last).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const image = images.get(cs.name);
    // A regular container's restarts are events on its reference, as its first start was.
    for (let i = cs.restartCount; image !== undefined && i < count; i++) {
      containerStartEvents(world, p, rt.node, [{ name: cs.name, image }], imageRef);
      backOffEvent(world, p, rt.node, cs.name);
    }
    cs.restartCount = count;
    cs.lastState = { terminated: { ...cs.lastState?.terminated, startedAt: at, finishedAt: at } };
    cs.state = { waiting: crashLoopWaiting(p, cs.name, count) };
    changed = true;
  }
  if (changed) updateObject(world, { ...p, status: st as Record<string, unknown> });
  return changed;
}

/** doBackOff's event on the container's reference. */
export function backOffEvent(world: World, p: KubeObject, node: string, container: string): void {
  recordEvent(world, p, 'Warning', 'BackOff', `Back-off restarting failed container ${container} in pod ${formatPod(p)}`,
    { component: 'kubelet', host: node }, `spec.containers{${container}}`);
}

/**
 * getPhase: Pending while a container waits without having run (or an init container is still
 * to succeed), Failed when an init container failed under Never; once every container has
 * started, Running while one runs; when all have stopped, Running under Always (restarting),
 * Succeeded if all exited 0, Failed under Never, Running under OnFailure (restarting the failed).
 */
export function podPhase(policy: RestartPolicy, statuses: PhaseInput[], initFailed = false): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (initFailed) return policy === 'Never' ? 'Failed' : 'Pending';
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const s of statuses) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if ((s.state.terminated.exitCode ?? 0) === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0) return 'Pending';
  if (running > 0) return 'Running';
  if (stopped === 0) return 'Pending';
  if (policy === 'Always') return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  return policy === 'Never' ? 'Failed' : 'Running';
}
