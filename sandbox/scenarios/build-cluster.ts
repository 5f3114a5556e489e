/**
 * The cluster part of a scenario: the API objects a kubeadm cluster starts with (the four
 * namespaces, one Node per node machine with the labels, addresses and status kubelet
 * reports), the scenario's manifests applied as `kubectl apply -f -` would, then every
 * controller until quiescent. Objects made at boot are stamped as if the cluster had been
 * up for a while (nodes 42 minutes, the manifests 7 minutes), so AGE columns look lived-in.
 */
import { advance } from '../core/index.ts';
import type { World } from '../fabric/world.ts';
import { inet4Of } from '../net/addr.ts';
import { linkByName } from '../net/link.ts';
import type { Netns } from '../net/types.ts';
import { formatIpv4 } from '../wire/index.ts';
import { createCluster, createObject, reconcileAll, type KubeObject } from '../cluster/index.ts';
import { applyObject, parseManifests, toObject } from '../cluster/manifest.ts';
import { INGRESS_NGINX_MANIFEST } from '../cluster/ingress/manifest.ts';
import { controlPlaneManifests, MANIFESTS_DIR } from '../cluster/controllers/static-pods.ts';
import type { ScenarioSpec } from './schema.ts';
import { installPlugins, PACKAGE_PLUGINS } from '../cluster/cni/node-files.ts';
import { poolObject } from '../cluster/calico/ippool.ts';

/** How long before boot the nodes and the manifests' objects were created. */
const NODE_AGE_MS = 42 * 60_000;
const MANIFEST_AGE_MS = 7 * 60_000;

const meta = (name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject['metadata'] =>
  ({ name, uid: '', resourceVersion: '', creationTimestamp: '', ...extra });

/** Runs `f` with the clock's wall time moved `ms` into the past (virtual time itself unchanged). */
function inThePast(world: World, ms: number, f: () => void): void {
  world.clock.epochMs -= ms;
  try { f(); } finally { world.clock.epochMs += ms; }
}

/** Adds the cluster of `spec` to `world` (whose machines are built). */
export function buildCluster(world: World, spec: ScenarioSpec, nsOf: Map<string, Netns>): void {
  const cs = spec.cluster!;
  const calico = cs.cni === 'calico';
  // Calico's MTU autodetection: 20 bytes less for the IPIP header when the pool uses it.
  const mtu = calico ? (cs.calico.ipipMode === 'Never' ? 1500 : 1480) : cs.network === 'vxlan' ? 1450 : 1500;
  world.cluster = createCluster({
    clusterCidr: cs.clusterCidr, serviceCidr: cs.serviceCidr, nodeCidrMaskSize: cs.nodeCidrMaskSize, network: cs.network,
    networkPolicy: cs.networkPolicy, version: cs.version, mtu, ...(cs.router ? { router: cs.router } : {}), ...(cs.routeTableLimit ? { routeTableLimit: cs.routeTableLimit } : {}), ...(calico ? { cni: 'calico' as const } : {}),
    ...(cs.loadBalancer ? { loadBalancer: cs.loadBalancer } : {}),
  });
  const c = world.cluster;
  inThePast(world, NODE_AGE_MS, () => {
    for (const n of ['default', ...(cs.network === 'routes' || calico ? [] : ['kube-flannel']), 'kube-node-lease', 'kube-public', 'kube-system']) {
      createObject(world, { apiVersion: 'v1', kind: 'Namespace', metadata: meta(n) });
    }
    for (const n of cs.nodes) {
      const m = spec.machines.find((x) => x.name === n.name);
      if (!m || m.kind !== 'node') throw new Error(`cluster.nodes: "${n.name}" needs a machine of kind node with that name`);
      const ns = nsOf.get(n.name)!;
      const nic = linkByName(ns, n.nic);
      const addr = nic ? inet4Of(ns, nic.ifindex)[0] : undefined;
      if (!nic || !addr) throw new Error(`cluster.nodes: "${n.name}": device "${n.nic}" with an IPv4 address is required`);
      const ip = formatIpv4(addr.addr);
      c.nodes.set(n.name, { machine: n.name, ip, nic: n.nic, flannelPeers: new Map(), ...(n.vtepMac ? { vtepMac: n.vtepMac.toLowerCase() } : {}), ...(n.proxyMode ? { proxyMode: n.proxyMode } : {}) });
      createObject(world, nodeObject(n, ip, cs.version));
      const machine = world.machines.get(n.name);
      if (machine) installPlugins(machine.files, PACKAGE_PLUGINS);
      // kubeadm init on a control-plane node leaves its static pod manifests for the kubelet.
      if (machine && n.roles.includes('control-plane')) {
        for (const [f, text] of controlPlaneManifests(n.name, ip, cs.version, cs.clusterCidr, cs.serviceCidr)) machine.files.set(`${MANIFESTS_DIR}/${f}`, text);
      }
    }
    for (const o of systemDaemonSets(calico ? 'calico' : cs.network, cs.version)) createObject(world, o);
    // calico-node creates the default pool at its first start (CALICO_IPV4POOL_*).
    if (calico) createObject(world, poolObject(cs.clusterCidr, cs.calico.blockSize, cs.calico.ipipMode));
    // Controllers program the nodes (and add-ons start) before the manifests arrive, as on a
    // cluster that was up before the learner came.
    reconcileAll(world);
  });
  inThePast(world, MANIFEST_AGE_MS, () => {
    const parsed = parseManifests(cs.ingressNginx ? `${INGRESS_NGINX_MANIFEST}---\n${cs.manifests}` : cs.manifests);
    if ('error' in parsed) throw new Error(`cluster.manifests: ${parsed.error}`);
    for (const doc of parsed.docs) {
      const obj = toObject(doc, 'default', 'cluster.manifests');
      if ('client' in obj) throw new Error(`cluster.manifests: ${obj.client}`);
      const r = applyObject(world, obj);
      if (!r.ok) throw new Error(`cluster.manifests: ${obj.kind} ${obj.metadata.name}: ${r.error.message}`);
    }
    reconcileAll(world);
  });
  advance(world.clock, 0);
}

function nodeObject(n: ScenarioSpec['cluster'] extends infer C ? C extends { nodes: (infer N)[] } ? N : never : never, ip: string, version: string): KubeObject {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': n.name, 'kubernetes.io/os': 'linux',
    ...Object.fromEntries(n.roles.map((r) => [`node-role.kubernetes.io/${r}`, ''])), ...n.labels,
  };
  const readyCond = { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' };
  const capacity = { cpu: '2', 'ephemeral-storage': '30787492Ki', 'hugepages-2Mi': '0', memory: '4025868Ki', pods: '110' };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: meta(n.name, { labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } }),
    spec: { ...(n.podCIDR ? { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] } : {}), ...(n.taints.length ? { taints: n.taints } : {}) },
    status: {
      addresses: [{ address: ip, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
      allocatable: capacity, capacity,
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
        readyCond,
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64', bootID: '', containerRuntimeVersion: 'containerd://1.7.24', kernelVersion: '6.1.0-28-amd64',
        kubeProxyVersion: version, kubeletVersion: version, machineID: '', operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: '',
      },
    },
  };
}

/**
 * The node agents every kubeadm cluster with flannel runs as DaemonSets on the host network:
 * kube-proxy (kube-system, created by kubeadm) and, unless pod routes come from the cloud,
 * kube-flannel-ds (namespace kube-flannel, from kube-flannel.yml) or, with Calico,
 * calico-node (kube-system, from calico.yaml).
 */
function systemDaemonSets(network: string, version: string): KubeObject[] {
  const ds = (name: string, ns: string, labels: Record<string, string>, container: Record<string, unknown>): KubeObject => ({
    apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta(name, { namespace: ns, labels }),
    spec: {
      selector: { matchLabels: { [Object.keys(labels)[0]!]: Object.values(labels)[0]! } },
      template: { metadata: { labels }, spec: { hostNetwork: true, priorityClassName: 'system-node-critical', nodeSelector: { 'kubernetes.io/os': 'linux' },
        tolerations: [{ operator: 'Exists' }], containers: [container] } },
    },
  });
  const out = [ds('kube-proxy', 'kube-system', { 'k8s-app': 'kube-proxy' }, {
    name: 'kube-proxy', image: `registry.k8s.io/kube-proxy:${version}`,
    command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
  })];
  if (network === 'calico') {
    out.unshift(ds('calico-node', 'kube-system', { 'k8s-app': 'calico-node' }, {
      name: 'calico-node', image: 'docker.io/calico/node:v3.28.2',
    }));
  } else if (network !== 'routes') {
    out.unshift(ds('kube-flannel-ds', 'kube-flannel', { app: 'flannel', 'k8s-app': 'flannel', tier: 'node' }, {
      name: 'kube-flannel', image: 'docker.io/flannel/flannel:v0.26.1', command: ['/opt/bin/flanneld'], args: ['--ip-masq', '--kube-subnet-mgr'],
    }));
  }
  return out;
}
