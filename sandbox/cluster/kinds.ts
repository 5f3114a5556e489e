/**
 * The API kinds the store knows: group/version, resource names and short names as
 * `kubectl api-resources` lists them, and whether they are namespaced. What the API server
 * checks per kind is in validators.ts.
 */

/** One API resource. */
export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** Plural resource name (`pods`), what kubectl's messages use. */
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
}

/** The resources, in `kubectl api-resources` order within their groups. */
export const KINDS: readonly KindInfo[] = [
  { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', singular: 'configmap', shortNames: ['cm'], namespaced: true },
  { kind: 'Endpoints', apiVersion: 'v1', plural: 'endpoints', singular: 'endpoints', shortNames: ['ep'], namespaced: true },
  { kind: 'Event', apiVersion: 'v1', plural: 'events', singular: 'event', shortNames: ['ev'], namespaced: true },
  { kind: 'Namespace', apiVersion: 'v1', plural: 'namespaces', singular: 'namespace', shortNames: ['ns'], namespaced: false },
  { kind: 'Node', apiVersion: 'v1', plural: 'nodes', singular: 'node', shortNames: ['no'], namespaced: false },
  { kind: 'Pod', apiVersion: 'v1', plural: 'pods', singular: 'pod', shortNames: ['po'], namespaced: true },
  { kind: 'Service', apiVersion: 'v1', plural: 'services', singular: 'service', shortNames: ['svc'], namespaced: true },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', plural: 'daemonsets', singular: 'daemonset', shortNames: ['ds'], namespaced: true },
  { kind: 'Deployment', apiVersion: 'apps/v1', plural: 'deployments', singular: 'deployment', shortNames: ['deploy'], namespaced: true },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', plural: 'replicasets', singular: 'replicaset', shortNames: ['rs'], namespaced: true },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', plural: 'endpointslices', singular: 'endpointslice', shortNames: [], namespaced: true },
  { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', plural: 'ingresses', singular: 'ingress', shortNames: ['ing'], namespaced: true },
  { kind: 'IngressClass', apiVersion: 'networking.k8s.io/v1', plural: 'ingressclasses', singular: 'ingressclass', shortNames: [], namespaced: false },
  { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', plural: 'networkpolicies', singular: 'networkpolicy', shortNames: ['netpol'], namespaced: true },
  // Calico's CRD in the Kubernetes datastore (only present where the cluster runs Calico on a real cluster).
  { kind: 'IPPool', apiVersion: 'crd.projectcalico.org/v1', plural: 'ippools', singular: 'ippool', shortNames: [], namespaced: false },
];

/** The group part of an apiVersion (`apps` of `apps/v1`, empty for the core group). */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');

/** Looks a kind up by its Kind name (`Pod`). */
export const kindInfo = (kind: string): KindInfo | undefined => KINDS.find((k) => k.kind === kind);

/**
 * Resolves what a learner types after `kubectl get` (`po`, `pods`, `pod`, `Pod`,
 * `deployments.apps`, `deploy`) to a kind, case-insensitively as kubectl's RESTMapper does.
 */
export function resolveResource(word: string): KindInfo | undefined {
  const w = word.toLowerCase();
  const [name, ...group] = w.split('.');
  const g = group.join('.');
  return KINDS.find((k) =>
    (name === k.plural || name === k.singular || name === k.kind.toLowerCase() || k.shortNames.includes(name!)) &&
    (g === '' || g === groupOf(k.apiVersion)));
}
