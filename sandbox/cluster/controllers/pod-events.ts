/**
 * The events the scheduler and the kubelet record for a pod's start (../events.ts), worded
 * as kube-scheduler and kubelet v1.31 word them: Scheduled; per container Pulling / Pulled
 * (or `already present on machine` for IfNotPresent images the node has), Created,
 * Started; a failed pull as Failed `Failed to pull image ...` then Failed `Error:
 * ErrImagePull`, and at the next sync BackOff `Back-off pulling image ...` then Failed
 * `Error: ImagePullBackOff`. The sandbox pulls in no time, so a pull reports 0s. The 1.31
 * kubelet ends Pulled with `Image size: N bytes.` (pkg/kubelet/images/image_manager.go); the
 * sandbox holds no image contents to measure, so it leaves that sentence out (lesson 01's
 * Simulator note says so).
 */
import type { World } from '../../fabric/world.ts';
import { recordEvent } from '../events.ts';
import type { KubeObject } from '../types.ts';

const kubelet = (node: string) => ({ component: 'kubelet', host: node });
const field = (name: string) => `spec.containers{${name}}`;

/** The scheduler bound `pod` to `node`. */
export function scheduledEvent(world: World, pod: KubeObject, node: string): void {
  recordEvent(world, pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, { component: 'default-scheduler' });
}

/** The scheduler found no node for `pod`. */
export function failedSchedulingEvent(world: World, pod: KubeObject, message: string): void {
  recordEvent(world, pod, 'Warning', 'FailedScheduling', message, { component: 'default-scheduler' });
}

/** The kubelet started (or failed to start) the containers of `pod` on `node`. */
export function containerStartEvents(world: World, pod: KubeObject, node: string, started: { name: string; image: string; reason?: string }[], pullRef: (image: string) => string): void {
  const specs = ((pod.spec as { containers?: { name: string; imagePullPolicy?: string }[] }).containers ?? []);
  for (const s of started) {
    const policy = specs.find((c) => c.name === s.name)?.imagePullPolicy ?? 'IfNotPresent';
    const ev = (type: 'Normal' | 'Warning', reason: string, message: string) => recordEvent(world, pod, type, reason, message, kubelet(node), field(s.name));
    if (s.reason === 'ErrImagePull') {
      ev('Normal', 'Pulling', `Pulling image "${s.image}"`);
      ev('Warning', 'Failed', `Failed to pull image "${s.image}": failed to pull and unpack image "${pullRef(s.image)}"`);
      ev('Warning', 'Failed', 'Error: ErrImagePull');
      continue;
    }
    if (policy === 'Always') {
      ev('Normal', 'Pulling', `Pulling image "${s.image}"`);
      ev('Normal', 'Pulled', `Successfully pulled image "${s.image}" in 0s (0s including waiting)`);
    } else ev('Normal', 'Pulled', `Container image "${s.image}" already present on machine`);
    ev('Normal', 'Created', `Created container ${s.name}`);
    ev('Normal', 'Started', `Started container ${s.name}`);
  }
}

/** The kubelet's next sync found a failed pull in back-off. */
export function pullBackOffEvents(world: World, pod: KubeObject, node: string, container: string, image: string): void {
  recordEvent(world, pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, kubelet(node), field(container));
  recordEvent(world, pod, 'Warning', 'Failed', 'Error: ImagePullBackOff', kubelet(node), field(container));
}
