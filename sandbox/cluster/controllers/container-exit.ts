/**
 * What the kubelet does with a container whose process exited, and the pod phase that follows
 * (pkg/kubelet/kuberuntime kuberuntime_manager.go computePodActions and doBackOff,
 * pkg/kubelet/container ShouldContainerBeRestarted, pkg/kubelet/kubelet_pods.go getPhase):
 * - restartPolicy Always restarts it whatever its status, OnFailure only after a non-zero
 *   status, Never not at all;
 * - a container that is not restarted stays Terminated: reason `Completed` for status 0,
 *   `Error` otherwise (the runtime's reasons, containerd's CRI);
 * - one that is restarted crashes again at once here (the sandbox's programs end the same way
 *   each time), so the kubelet holds it in back-off: Waiting `CrashLoopBackOff`, its last run
 *   in lastState, restartCount 1, and a `BackOff` warning event.
 */
import { recordEvent } from '../events.ts';
import type { World } from '../../fabric/world.ts';
import type { KubeObject } from '../types.ts';

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

/** The Waiting state of a container in back-off after its first exit (doBackOff's error, the 10s initial back-off). */
export function crashLoopWaiting(p: KubeObject, container: string): { reason: string; message: string } {
  return { reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=${container} pod=${formatPod(p)}` };
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
