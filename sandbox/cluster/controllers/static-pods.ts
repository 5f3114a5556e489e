/**
 * Static pods: the kubelet runs every pod manifest in its staticPodPath (kubeadm:
 * /etc/kubernetes/manifests) without the API server, and publishes a mirror pod for each, named
 * `<pod name>-<node name>`, bound to the node, owned by the Node object, with the
 * kubernetes.io/config.* annotations (pkg/kubelet/config/file.go, pod/mirror_client.go). A
 * file removed takes its mirror pod away. kubeadm writes four on a control-plane node:
 * etcd, kube-apiserver, kube-controller-manager and kube-scheduler (controlPlaneManifests).
 * Simplified: the manifests carry the main flags only (kubeadm adds probes, volumes and many
 * more flags), the config hash is a hash of the file text (the kubelet's is an MD5 of the
 * decoded pod), and a changed file does not restart its pod.
 */
import type { World } from '../../fabric/world.ts';
import type { ClusterState, KubeObject } from '../types.ts';
import { createObject, deleteObject, getObject } from '../store.ts';
import { parseManifests } from '../manifest.ts';
import { sha256 } from '../kube-proxy/sha256.ts';

/** kubeadm's staticPodPath. */
export const MANIFESTS_DIR = '/etc/kubernetes/manifests';

const hex32 = (text: string): string => [...sha256(text).slice(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The manifests kubeadm init writes on a control-plane node, by file name. */
export function controlPlaneManifests(node: string, ip: string, version: string, clusterCidr: string, serviceCidr: string): Map<string, string> {
  const pod = (name: string, image: string, command: string[]) => `apiVersion: v1
kind: Pod
metadata:
  labels:
    component: ${name}
    tier: control-plane
  name: ${name}
  namespace: kube-system
spec:
  containers:
  - command:
${command.map((c) => `    - ${c}`).join('\n')}
    image: ${image}
    imagePullPolicy: IfNotPresent
    name: ${name}
  hostNetwork: true
  priority: 2000001000
  priorityClassName: system-node-critical
`;
  return new Map([
    ['etcd.yaml', pod('etcd', 'registry.k8s.io/etcd:3.5.15-0', ['etcd', `--advertise-client-urls=https://${ip}:2379`, '--data-dir=/var/lib/etcd',
      `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, `--listen-peer-urls=https://${ip}:2380`, `--name=${node}`])],
    ['kube-apiserver.yaml', pod('kube-apiserver', `registry.k8s.io/kube-apiserver:${version}`, ['kube-apiserver', `--advertise-address=${ip}`,
      '--authorization-mode=Node,RBAC', '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', `--service-cluster-ip-range=${serviceCidr}`])],
    ['kube-controller-manager.yaml', pod('kube-controller-manager', `registry.k8s.io/kube-controller-manager:${version}`, ['kube-controller-manager',
      '--allocate-node-cidrs=true', `--cluster-cidr=${clusterCidr}`, '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true',
      `--service-cluster-ip-range=${serviceCidr}`])],
    ['kube-scheduler.yaml', pod('kube-scheduler', `registry.k8s.io/kube-scheduler:${version}`, ['kube-scheduler', '--bind-address=127.0.0.1',
      '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'])],
  ]);
}

/** The mirror pod of the static pod `doc` (file `path`) on `node`. */
function mirrorPod(doc: Record<string, unknown>, path: string, text: string, node: KubeObject): KubeObject | undefined {
  const md = (doc.metadata ?? {}) as { name?: string; namespace?: string; labels?: Record<string, string> };
  const spec = (doc.spec ?? {}) as Record<string, unknown>;
  if (doc.kind !== 'Pod' || typeof md.name !== 'string' || !Array.isArray(spec.containers)) return undefined;
  const hash = hex32(`${path}\n${text}`);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${md.name}-${node.metadata.name}`, namespace: md.namespace ?? 'default', uid: '', resourceVersion: '', creationTimestamp: '',
      ...(md.labels ? { labels: md.labels } : {}),
      annotations: { 'kubernetes.io/config.hash': hash, 'kubernetes.io/config.mirror': hash, 'kubernetes.io/config.source': 'file' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid, controller: true }],
    },
    spec: { ...spec, nodeName: node.metadata.name, tolerations: [...((spec.tolerations as unknown[]) ?? []), { operator: 'Exists', effect: 'NoExecute' }] },
  };
}

const isMirrorOf = (p: KubeObject, node: string): boolean =>
  p.metadata.annotations?.['kubernetes.io/config.source'] === 'file' && (p.spec as { nodeName?: string }).nodeName === node;

/** Publishes a mirror pod per static pod manifest of each node's machine, and removes orphans. */
export function reconcileStaticPods(c: ClusterState, world: World): boolean {
  let changed = false;
  for (const [name, rt] of c.nodes) {
    const node = getObject(c, 'Node', undefined, name);
    const files = world.machines.get(rt.machine)?.files;
    if (!node || !files) continue;
    const want = new Set<string>();
    for (const [path, text] of files) {
      if (!path.startsWith(`${MANIFESTS_DIR}/`) || !/\.(ya?ml|json)$/.test(path)) continue;
      const parsed = parseManifests(text);
      if ('error' in parsed) continue;
      for (const doc of parsed.docs) {
        const pod = mirrorPod(doc, path, text, node);
        if (!pod) continue;
        want.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
        if (getObject(c, 'Pod', pod.metadata.namespace, pod.metadata.name)) continue;
        if (createObject(world, pod).ok) changed = true;
      }
    }
    for (const p of [...(c.objects.get('Pod')?.values() ?? [])]) {
      if (isMirrorOf(p, name) && !want.has(`${p.metadata.namespace}/${p.metadata.name}`)) {
        deleteObject(world, 'Pod', p.metadata.namespace, p.metadata.name);
        changed = true;
      }
    }
  }
  return changed;
}
