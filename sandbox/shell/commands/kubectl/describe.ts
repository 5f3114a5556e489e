/**
 * `kubectl describe`: the human report of an object (pkg/describe/describe.go). Pods, Nodes,
 * Deployments, ReplicaSets, DaemonSets, Services, Endpoints, EndpointSlices, Ingresses,
 * IngressClasses, NetworkPolicies, Namespaces and ConfigMaps get their own layout; other kinds
 * (Event, Calico's IPPool) kubectl's generic one (describe-generic.ts).
 */
import { getObject, listObjects, parseSelector, wallDateOf, type KubeObject } from './describe-helpers.ts';
import { notFound } from '../../../cluster/store.ts';
import { flagValue } from './args.ts';
import { fail, noResources, printApiError, targets, type Kctx } from './common.ts';
import { describeNode, describePod, describeService } from './describe-kinds.ts';
import { describeGeneric } from './describe-generic.ts';
import { describeDaemonSet, describeDeployment, describeReplicaSet } from './describe-workloads.ts';
import { describeConfigMap, describeIngressClass, describeNamespace } from './describe-cluster-kinds.ts';
import { describeIngress, describeNetworkPolicy } from './describe-network.ts';
import { describeEndpointSlice, describeEndpoints } from './describe-endpoints.ts';

/** Runs `kubectl describe TYPE [NAME...]`. */
export function runDescribe(k: Kctx, words: string[]): number {
  if (!words.length) return fail(k, 'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl describe -h\' for help and examples');
  const groups = targets(k, words);
  if (!groups) return 1;
  let status = 0;
  const out: string[] = [];
  for (const g of groups) {
    const ns = g.kind.namespaced ? k.ns : undefined;
    let objs: KubeObject[];
    if (g.names.length) {
      objs = [];
      for (const n of g.names) {
        // describe matches by name prefix when no exact name exists, as kubectl does.
        const exact = getObject(k.cluster, g.kind.kind, ns, n);
        const pref = exact ? [exact] : listObjects(k.cluster, g.kind.kind, ns).filter((o) => o.metadata.name.startsWith(n));
        if (!pref.length) { printApiError(k, notFound(g.kind.kind, n)); status = 1; }
        objs.push(...pref);
      }
    } else {
      const selText = flagValue(k.args, 'selector');
      const sel = selText === undefined ? undefined : parseSelector(selText);
      if (typeof sel === 'string') return fail(k, sel);
      objs = listObjects(k.cluster, g.kind.kind, k.allNamespaces ? undefined : ns, sel);
      if (!objs.length) k.ctx.stderr.write(noResources(k, g.kind));
    }
    for (const o of objs) {
      const now = wallDateOf(k);
      if (o.kind === 'Pod') out.push(describePod(k, o, now));
      else if (o.kind === 'Node') out.push(describeNode(k, o, now));
      else if (o.kind === 'Deployment') out.push(describeDeployment(k, o));
      else if (o.kind === 'ReplicaSet') out.push(describeReplicaSet(k, o));
      else if (o.kind === 'DaemonSet') out.push(describeDaemonSet(k, o));
      else if (o.kind === 'Namespace') out.push(describeNamespace(o));
      else if (o.kind === 'IngressClass') out.push(describeIngressClass(k, o));
      else if (o.kind === 'ConfigMap') out.push(describeConfigMap(k, o));
      else if (o.kind === 'Service') out.push(describeService(k, o));
      else if (o.kind === 'Endpoints') out.push(describeEndpoints(o));
      else if (o.kind === 'EndpointSlice') out.push(describeEndpointSlice(o));
      else if (o.kind === 'Ingress') out.push(describeIngress(k, o));
      else if (o.kind === 'NetworkPolicy') out.push(describeNetworkPolicy(o));
      else out.push(describeGeneric(k, o));
    }
  }
  k.ctx.stdout.write(out.join('\n\n'));
  return status;
}
