/**
 * Init containers as the kubelet runs them: in order, each to completion, before any of the
 * pod's containers starts (pkg/kubelet/kuberuntime computeInitContainerActions). The one
 * kind modelled is a program that writes the pod's netfilter rules (istio-init running
 * istio-iptables): its image's `init` says what it loads, and it runs in the pod's network
 * namespace. The pod's status then lists each init container as terminated: Completed, or
 * Error with exit code 1 when the program refused its arguments (the pod's containers do not
 * start then). Their logs are kept but empty: a real istio-iptables logs its configuration
 * and the iptables-restore input it applies, in a version-specific format the sandbox does not
 * reproduce (a documented simplification: lesson 14's Simulator notes).
 */
import type { World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { iptablesRestore } from '../../net/netfilter/restore.ts';
import { imageBehaviour } from '../images.ts';
import type { ContainerSpec } from '../types.ts';

/** One init container's outcome, as the pod status's initContainerStatuses reports it. */
export interface InitOutcome {
  name: string;
  image: string;
  ok: boolean;
}

/** Runs the init containers of a pod in `netns`; stops at the first that fails. */
export function runInitContainers(world: World, netns: Netns, inits: ContainerSpec[]): InitOutcome[] {
  const out: InitOutcome[] = [];
  for (const ct of inits) {
    const init = imageBehaviour(ct.image)?.init?.([...(ct.command ?? []), ...(ct.args ?? [])]);
    if (init === undefined) {
      out.push({ name: ct.name, image: ct.image, ok: true });
      continue;
    }
    if ('error' in init) {
      out.push({ name: ct.name, image: ct.image, ok: false });
      break;
    }
    const r = iptablesRestore(world, netns, init.restore, { noflush: true });
    out.push({ name: ct.name, image: ct.image, ok: r.ok });
    if (!r.ok) break;
  }
  return out;
}

/** initContainerStatuses for the outcomes (terminated, with the runtime's container ids). */
export function initStatuses(outcomes: InitOutcome[], ids: string[], imageRef: (image: string) => string, now: string): Record<string, unknown>[] {
  return outcomes.map((o, i) => ({
    containerID: `containerd://${ids[i] ?? ''}`, image: imageRef(o.image), imageID: '', lastState: {}, name: o.name, ready: o.ok,
    restartCount: 0, started: false,
    state: { terminated: { containerID: `containerd://${ids[i] ?? ''}`, exitCode: o.ok ? 0 : 1, finishedAt: now, reason: o.ok ? 'Completed' : 'Error', startedAt: now } },
  }));
}
