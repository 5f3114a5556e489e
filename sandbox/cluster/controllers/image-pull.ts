/**
 * A container whose image cannot be pulled, as the kubelet reports it
 * (pkg/kubelet/images/image_manager.go, pkg/kubelet/kubelet_pods.go getPhase):
 * - the failed pull leaves the container Waiting with reason `ErrImagePull` (the runtime's
 *   error as message); the kubelet's next sync finds the image in back-off (10s doubling to
 *   300s, flowcontrol.NewBackOff(backOffPeriod, MaxContainerBackOff)) and reports
 *   `ImagePullBackOff`, message `Back-off pulling image "IMAGE"`;
 * - no container was ever created: no containerID, restartCount 0, not ready;
 * - a regular container Waiting without a last termination makes the pod phase Pending
 *   (container-exit.ts podPhase).
 * The sandbox's kubelet syncs on each reconcile, so the status moves to ImagePullBackOff on the
 * first reconcile after virtual time has moved past the failed pull.
 */
import type { PodRuntime } from '../types.ts';

/** The Waiting state of a container whose pull failed at `failedAt`, seen at `now` (ms). */
export function pullWaiting(image: string, imageRef: string, failedAt: number, now: number): { reason: string; message: string } {
  return now > failedAt
    ? { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` }
    : { reason: 'ErrImagePull', message: `failed to pull and unpack image "${imageRef}"` };
}

/**
 * Moves the pod's failed pulls on: true when a container's reported reason changes, with the
 * statuses to write (ErrImagePull -> ImagePullBackOff).
 */
export function advancePulls(rt: PodRuntime, statuses: { name: string; state?: { waiting?: { reason?: string } } }[], imageOf: (name: string) => { image: string; ref: string } | undefined, now: number): boolean {
  let changed = false;
  for (const [name, failedAt] of Object.entries(rt.pullFailedAt ?? {})) {
    const cs = statuses.find((s) => s.name === name);
    const img = imageOf(name);
    if (!cs?.state?.waiting || !img) continue;
    const w = pullWaiting(img.image, img.ref, failedAt, now);
    if (cs.state.waiting.reason === w.reason) continue;
    cs.state = { waiting: w };
    changed = true;
  }
  return changed;
}
