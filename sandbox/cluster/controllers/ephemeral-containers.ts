/**
 * The kubelet's part of ephemeral containers (pkg/kubelet/kuberuntime: an ephemeral container
 * is started in the running pod's sandbox, sharing its network namespace; it is never
 * restarted and has no ports or probes). Each becomes a machine on the pod's namespace with
 * its image's binaries, the pod's hostname and files, and the capabilities its
 * securityContext gives (the debug profiles: netadmin adds NET_ADMIN and NET_RAW, sysadmin is
 * privileged). Its state goes to status.ephemeralContainerStatuses, as `kubectl describe`
 * and `get -o yaml` show it. An image the runtime cannot pull waits in ErrImagePull.
 */
import type { Machine, World } from '../../fabric/world.ts';
import { containerCapabilities, type ContainerSecurity } from '../../fabric/capabilities.ts';
import { randomHex } from '../ids.ts';
import { imageBehaviour } from '../images.ts';
import { nowStamp, updateObject } from '../store.ts';
import type { ContainerRuntime, KubeObject, PodRuntime } from '../types.ts';

/** An ephemeral container as the Pod's spec holds it (the fields the sandbox reads). */
interface EphemeralSpec extends ContainerSecurity { name: string; image: string; command?: string[] }

/** The ephemeral container's machine name (beside the pod's containers': ns/pod/name). */
const machineName = (p: KubeObject, name: string): string => `${p.metadata.namespace}/${p.metadata.name}/${name}`;

/** Starts the pod's ephemeral containers the runtime has not started yet; true when one started. */
export function startEphemeralContainers(world: World, p: KubeObject, rt: PodRuntime, imageRef: (image: string) => string): boolean {
  const specs = ((p.spec as { ephemeralContainers?: EphemeralSpec[] }).ephemeralContainers ?? []);
  const started = rt.ephemeral ?? [];
  const fresh = specs.filter((e) => !started.some((x) => x.name === e.name));
  if (!fresh.length) return false;
  const first = world.machines.get(rt.containers[0]?.machine ?? '');
  const statuses = [...((p.status as { ephemeralContainerStatuses?: Record<string, unknown>[] } | undefined)?.ephemeralContainerStatuses ?? [])];
  for (const e of fresh) {
    const img = imageBehaviour(e.image);
    const id = img ? randomHex(world.rng, 64) : '';
    const cr: ContainerRuntime = { name: e.name, image: e.image, machine: img ? machineName(p, e.name) : '', containerId: id, logs: [] };
    if (img) {
      const files = new Map<string, string>([...(first?.files ?? new Map<string, string>())].filter(([path]) => path.startsWith('/etc/')));
      const machine: Machine = {
        name: cr.machine, hostname: p.metadata.name, kind: 'pod', netns: rt.netns, namedNetns: new Map(), files, binaries: [...img.binaries],
        env: new Map([['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOSTNAME', p.metadata.name], ['HOME', '/root']]),
        ...containerCapabilities(e),
      };
      world.machines.set(cr.machine, machine);
    }
    started.push(cr);
    statuses.push({
      ...(img ? { containerID: `containerd://${id}` } : {}), image: imageRef(e.image), imageID: '', lastState: {}, name: e.name, ready: false, restartCount: 0,
      state: img ? { running: { startedAt: nowStamp(world) } } : { waiting: { reason: 'ErrImagePull', message: `failed to pull and unpack image "${imageRef(e.image)}": not found` } },
    });
  }
  rt.ephemeral = started;
  updateObject(world, { ...p, status: { ...(p.status ?? {}), ephemeralContainerStatuses: statuses } });
  return true;
}
