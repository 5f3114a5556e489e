/**
 * The pod sandbox's network, as containerd's CRI plugin sets it up for the kubelet
 * (RunPodSandbox -> setupPodNetwork): the node's CNI config (the first file of
 * /etc/cni/net.d, cni/runtime.ts) is run with ADD for the namespace the pause container
 * holds; on failure the sandbox is torn down and the kubelet records FailedCreatePodSandBox
 * with the runtime's error (`Failed to create pod sandbox: rpc error: code = Unknown desc =
 * failed to setup network for sandbox "<id>": plugin type="flannel" failed (add): ...`), and
 * the pod stays ContainerCreating until a later sync succeeds. Stopping a pod runs DEL with
 * the list its ADD used.
 */
import type { Machine, World } from '../../fabric/world.ts';
import type { Netns } from '../../net/types.ts';
import { formatIpv4, parseCidr } from '../../wire/index.ts';
import { recordEvent, eventsFor } from '../events.ts';
import { addNetworkList, defaultNetwork, delNetworkList, type NetworkList, type SandboxRef } from '../cni/runtime.ts';
import { parseResult } from '../cni/result.ts';
import type { KubeObject, PodRuntime } from '../types.ts';

/** The sandbox being wired. */
export interface SandboxSpec {
  netnsName: string;
  sandboxId: string;
  portMappings: readonly Record<string, unknown>[];
}

/** What a wired sandbox hands the kubelet. */
export interface SandboxNetwork {
  ip: string;
  hostVeth: string;
  network: NonNullable<PodRuntime['network']>;
}

/** The CRI plugin passes the netns under /var/run/netns and names the pod's interface eth0. */
function refOf(pod: KubeObject, s: { netnsName: string; sandboxId: string; portMappings: readonly Record<string, unknown>[] }): SandboxRef {
  return {
    containerId: s.sandboxId, netnsPath: `/var/run/netns/${s.netnsName}`, ifname: 'eth0',
    podNamespace: pod.metadata.namespace ?? 'default', podName: pod.metadata.name, podUid: pod.metadata.uid, portMappings: s.portMappings,
  };
}

/** The sandbox id in a message, so that retries of one failure count as one event. */
const withoutId = (m: string): string => m.replace(/sandbox "[0-9a-f]{64}"/, 'sandbox ""');

/**
 * The kubelet's FailedCreatePodSandBox, once per distinct failure: the real kubelet retries
 * with a back-off and counts repeats; here each sync would retry at once, so a repeat of the
 * same failure is not recorded again (the count stays 1).
 */
function sandboxFailed(world: World, pod: KubeObject, node: string, sandboxId: string, error: string): void {
  const message = `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId}": ${error}`;
  const seen = eventsFor(world, pod.metadata.uid).some((e) => e.reason === 'FailedCreatePodSandBox' && withoutId(e.message) === withoutId(message));
  if (!seen) recordEvent(world, pod, 'Warning', 'FailedCreatePodSandBox', message, { component: 'kubelet', host: node });
}

/** ADD for a new sandbox; on failure the partial setup is undone and the event recorded. */
export function sandboxUp(world: World, machine: Machine, hostNs: Netns, pod: KubeObject, node: string, s: SandboxSpec):
  { ok: true; value: SandboxNetwork } | { ok: false } {
  const net = defaultNetwork(machine);
  if (!net.ok) {
    sandboxFailed(world, pod, node, s.sandboxId, net.error);
    return { ok: false };
  }
  const ref = refOf(pod, s);
  const added = addNetworkList(world, machine, hostNs, net.value, ref);
  if (!added.ok) {
    delNetworkList(world, machine, hostNs, net.value, ref, undefined);
    sandboxFailed(world, pod, node, s.sandboxId, added.error);
    return { ok: false };
  }
  const r = added.value;
  const cidr = r.ips[0] ? parseCidr(r.ips[0].address) : undefined;
  const sandboxAt = r.interfaces.findIndex((i) => i.sandbox);
  const hostVeth = sandboxAt > 0 ? (r.interfaces[sandboxAt - 1]?.name ?? '') : '';
  return { ok: true, value: { ip: cidr ? formatIpv4(cidr.addr) : '', hostVeth, network: { ...net.value, result: r } } };
}

/** DEL for a stopped pod, with the list and result its ADD had. */
export function sandboxDown(world: World, machine: Machine, hostNs: Netns, key: string, rt: PodRuntime): void {
  if (!rt.network) return;
  const [namespace = 'default', name = ''] = key.split('/');
  const list: NetworkList = { file: rt.network.file, name: rt.network.name, cniVersion: rt.network.cniVersion, plugins: rt.network.plugins };
  const ref: SandboxRef = { containerId: rt.sandboxId, netnsPath: `/var/run/netns/${rt.netnsName}`, ifname: 'eth0', podNamespace: namespace, podName: name, podUid: rt.uid, portMappings: [] };
  delNetworkList(world, machine, hostNs, list, ref, parseResult(rt.network.result));
}
