/**
 * The `calico` binary as the runtime execs it (projectcalico/calico cni-plugin): ADD gives the
 * pod a `cali` veth, a /32 from its node's block and the 169.254.1.1 routes (calico.ts); the
 * pod's name comes from CNI_ARGS (K8S_POD_NAMESPACE, K8S_POD_NAME), as the veth's name is a
 * hash of it. Addresses come from the cluster's IPAM blocks directly: the `ipam` section's
 * calico-ipam is not run as a binary of its own.
 */
import type { CniPlugin, PluginCall } from './plugin-types.ts';
import { confVersion } from './plugin-types.ts';
import { CNI_ERR, cniError } from './result.ts';
import { calicoCniAdd, calicoCniDel, CALI_MAC } from './calico.ts';
import { calicoState } from './calico-ipam.ts';
import { caliVethName } from './sha1.ts';
import { poolOf } from '../calico/ippool.ts';

/** K8S_POD_NAMESPACE and K8S_POD_NAME of CNI_ARGS (`K=V;K=V`). */
function podOf(call: PluginCall): { namespace: string; name: string } | undefined {
  const args = new Map(call.args.split(';').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
  const namespace = args.get('K8S_POD_NAMESPACE');
  const name = args.get('K8S_POD_NAME');
  return namespace && name ? { namespace, name } : undefined;
}

export const calicoPlugin: CniPlugin = {
  type: 'calico',
  add(call) {
    const c = call.world.cluster;
    const pod = podOf(call);
    const node = c ? [...c.nodes.entries()].find(([, n]) => n.machine === call.machine.name)?.[0] : undefined;
    if (!c || !node) return { ok: false, error: cniError('error getting ClusterInformation: connection is unauthorized') };
    if (!pod) return { ok: false, error: cniError('Calico CNI plugin requires K8S_POD_NAMESPACE and K8S_POD_NAME in CNI_ARGS', CNI_ERR.invalidEnvironment) };
    if (!call.netns) return { ok: false, error: cniError(`failed to open netns "${call.netnsPath}"`, CNI_ERR.invalidNetns) };
    const pool = poolOf(c);
    c.calico ??= calicoState();
    const made = calicoCniAdd(call.world, c.calico, call.hostNs, call.netns, {
      node, namespace: pod.namespace, pod: pod.name, containerId: call.containerId, pool: pool.cidr, blockSize: pool.blockSize, mtu: c.config.mtu,
    });
    if (!made.ok) return { ok: false, error: cniError(made.detail ?? made.errno) };
    return {
      ok: true,
      value: {
        cniVersion: confVersion(call.conf) || '0.3.1',
        interfaces: [{ name: made.value.hostVeth, mac: CALI_MAC }, { name: call.ifname, mac: made.value.podMac, sandbox: call.netnsPath }],
        ips: [{ interface: 1, address: `${made.value.ip}/32` }],
        routes: [],
        dns: {},
      },
    };
  },
  del(call) {
    const c = call.world.cluster;
    const pod = podOf(call);
    if (c?.calico) calicoCniDel(call.world, c.calico, call.hostNs, call.containerId, pod ? caliVethName(pod.namespace, pod.name) : '');
    return { ok: true, value: undefined };
  },
  check() {
    return { ok: true, value: undefined };
  },
};
