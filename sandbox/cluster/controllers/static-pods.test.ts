/**
 * A kubeadm control-plane node (content/scenarios/control-plane.yaml): ROLES control-plane in
 * `kubectl get nodes` (the node-role.kubernetes.io/ label), its NoSchedule taint keeps pods
 * without a toleration off it, and the kubelet mirrors the static pods of
 * /etc/kubernetes/manifests (kubeadm's etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler) into kube-system as `<name>-<node>`, owned by the Node
 * (pkg/kubelet/config/file.go, pod/mirror_client.go); a manifest removed removes its pod.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import type { World } from '../../fabric/world.ts';
import { getObject, listObjects, reconcileAll } from '../index.ts';

function boot(name = 'control-plane'): World {
  const r = bootScenario(scenarioText(name)!, 1);
  if (typeof r === 'string') throw new Error(r);
  return r.world;
}

async function run(world: World, line: string) {
  let out = '';
  const { status } = await createShell(world, 'node-1').exec(line, (c) => { out += c.text; });
  return { out, status };
}

describe('a control-plane node', () => {
  it('shows its role, keeps ordinary pods off with its taint', async () => {
    const world = boot();
    expect((await run(world, 'kubectl get nodes')).out).toMatch(/^node-1\s+Ready\s+control-plane\s+42m\s+v1\.31\.2$/m);
    expect((await run(world, 'kubectl describe node node-1')).out).toContain('Taints:             node-role.kubernetes.io/control-plane:NoSchedule\n');
    await run(world, 'kubectl create deployment many --image=nginx --replicas=4');
    const pods = listObjects(world.cluster!, 'Pod', 'default').filter((p) => p.metadata.name.startsWith('many-'));
    expect(pods.map((p) => (p.spec as { nodeName?: string }).nodeName)).toEqual(['node-2', 'node-2', 'node-2', 'node-2']);
    // DaemonSets tolerate everything, so kube-proxy and flannel still run there.
    expect(listObjects(world.cluster!, 'Pod', 'kube-system').some((p) => p.metadata.name.startsWith('kube-proxy-') && (p.spec as { nodeName?: string }).nodeName === 'node-1')).toBe(true);
  });

  it('runs the static pods of /etc/kubernetes/manifests as mirror pods in kube-system', async () => {
    const world = boot();
    expect((await run(world, 'ls /etc/kubernetes/manifests')).out.split(/\s+/).filter(Boolean).sort())
      .toEqual(['etcd.yaml', 'kube-apiserver.yaml', 'kube-controller-manager.yaml', 'kube-scheduler.yaml']);
    for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
      const p = getObject(world.cluster!, 'Pod', 'kube-system', `${c}-node-1`)!;
      expect(p, c).toBeDefined();
      expect(p.metadata.labels).toEqual({ component: c, tier: 'control-plane' });
      expect(p.metadata.annotations?.['kubernetes.io/config.source']).toBe('file');
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', name: 'node-1' });
      expect(p.status).toMatchObject({ phase: 'Running', podIP: '10.0.16.11' });
    }
    const apiserver = await run(world, 'cat /etc/kubernetes/manifests/kube-apiserver.yaml');
    expect(apiserver.out).toContain('    - --advertise-address=10.0.16.11\n');
    // The kubelet watches the directory: a manifest gone takes its mirror pod with it.
    world.machines.get('node-1')!.files.delete('/etc/kubernetes/manifests/kube-scheduler.yaml');
    reconcileAll(world);
    expect(getObject(world.cluster!, 'Pod', 'kube-system', 'kube-scheduler-node-1')).toBeUndefined();
    expect(getObject(world.cluster!, 'Pod', 'kube-system', 'etcd-node-1')).toBeDefined();
  });

  it('leaves the default scenario without control-plane pods or taints', () => {
    const world = boot('default');
    expect(listObjects(world.cluster!, 'Pod', 'kube-system').filter((p) => /^(etcd|kube-apiserver)-/.test(p.metadata.name))).toEqual([]);
    expect(world.machines.get('node-1')!.files.has('/etc/kubernetes/manifests/etcd.yaml')).toBe(false);
  });
});
