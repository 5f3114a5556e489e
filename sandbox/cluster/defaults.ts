/**
 * API defaulting (k8s.io/kubernetes pkg/apis/{core,apps}/v1/defaults.go): the fields the API server
 * fills in, so `kubectl get -o yaml` shows what a real cluster shows.
 */
import type { KubeObject } from './types.ts';

type Obj = Record<string, unknown>;

/** imagePullPolicy's default: Always for `:latest` or no tag, IfNotPresent otherwise. */
const pullPolicy = (image: string): string => {
  const tail = image.split('/').pop() ?? image;
  return !tail.includes(':') || tail.endsWith(':latest') ? 'Always' : 'IfNotPresent';
};

/** Fills a pod spec's defaults in place (SetDefaults_PodSpec, SetDefaults_Container). */
export function defaultPodSpec(spec: Obj): void {
  for (const c of (spec.containers ?? []) as Obj[]) {
    c.imagePullPolicy ??= pullPolicy(String(c.image ?? ''));
    c.resources ??= {};
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    for (const p of (c.ports ?? []) as Obj[]) p.protocol ??= 'TCP';
  }
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.enableServiceLinks ??= true;
  spec.restartPolicy ??= 'Always';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
}

/** Applies the defaults of `obj`'s kind in place. */
export function applyDefaults(obj: KubeObject): void {
  const spec = obj.spec as Obj | undefined;
  switch (obj.kind) {
    case 'Pod':
      if (spec) {
        defaultPodSpec(spec);
        // SetDefaults_Pod: a hostNetwork pod's ports are the node's, so hostPort = containerPort.
        if (spec.hostNetwork === true) for (const c of (spec.containers ?? []) as Obj[]) for (const p of (c.ports ?? []) as Obj[]) p.hostPort ??= p.containerPort;
        spec.preemptionPolicy ??= 'PreemptLowerPriority';
        spec.priority ??= 0;
        spec.serviceAccountName ??= 'default';
        spec.serviceAccount ??= spec.serviceAccountName;
        spec.tolerations ??= [
          { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
          { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
        ];
      }
      break;
    case 'Deployment':
      if (spec) {
        spec.replicas ??= 1;
        spec.progressDeadlineSeconds ??= 600;
        spec.revisionHistoryLimit ??= 10;
        spec.strategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
        const tpl = spec.template as Obj | undefined;
        if (tpl?.spec) defaultPodSpec(tpl.spec as Obj);
        if (tpl) (tpl.metadata as Obj | undefined) ?? (tpl.metadata = {});
      }
      break;
    case 'DaemonSet':
      if (spec) {
        spec.revisionHistoryLimit ??= 10;
        spec.updateStrategy ??= { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };
        const tpl = spec.template as Obj | undefined;
        if (tpl?.spec) defaultPodSpec(tpl.spec as Obj);
      }
      break;
    case 'ReplicaSet':
      if (spec) {
        spec.replicas ??= 1;
        const tpl = spec.template as Obj | undefined;
        if (tpl?.spec) defaultPodSpec(tpl.spec as Obj);
      }
      break;
  }
}
