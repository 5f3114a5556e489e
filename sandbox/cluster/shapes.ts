/**
 * The fields each kind knows, for the API server's strict decoding: a manifest with
 * `spec.containers[0].imagee` fails with `unknown field "spec.containers[0].imagee"` as
 * kubectl apply does (the server's fieldValidation=Strict).
 */

/** A field shape: 'any' (not checked further), 'map' (string keys), a struct, or a list of one. */
export type Shape = 'any' | 'map' | { [field: string]: Shape } | [Shape];

const META: Shape = {
  name: 'any', namespace: 'any', labels: 'map', annotations: 'map', generateName: 'any', uid: 'any', resourceVersion: 'any',
  creationTimestamp: 'any', ownerReferences: 'any', finalizers: 'any', generation: 'any', managedFields: 'any', deletionTimestamp: 'any',
  deletionGracePeriodSeconds: 'any', selfLink: 'any',
};
const CONTAINER: Shape = {
  name: 'any', image: 'any', command: 'any', args: 'any', workingDir: 'any', imagePullPolicy: 'any', stdin: 'any', stdinOnce: 'any', tty: 'any',
  ports: [{ name: 'any', containerPort: 'any', protocol: 'any', hostPort: 'any', hostIP: 'any' }],
  env: [{ name: 'any', value: 'any', valueFrom: 'any' }], envFrom: 'any', resources: 'any', volumeMounts: 'any', volumeDevices: 'any',
  livenessProbe: 'any', readinessProbe: 'any', startupProbe: 'any', lifecycle: 'any', securityContext: 'any',
  terminationMessagePath: 'any', terminationMessagePolicy: 'any', restartPolicy: 'any', resizePolicy: 'any',
};
const POD_SPEC: Shape = {
  containers: [CONTAINER], initContainers: [CONTAINER], ephemeralContainers: 'any', nodeName: 'any', nodeSelector: 'map',
  restartPolicy: 'any', hostNetwork: 'any', hostPID: 'any', hostIPC: 'any', dnsPolicy: 'any', dnsConfig: 'any', hostname: 'any',
  subdomain: 'any', terminationGracePeriodSeconds: 'any', activeDeadlineSeconds: 'any', serviceAccountName: 'any', serviceAccount: 'any',
  automountServiceAccountToken: 'any', tolerations: 'any', affinity: 'any', volumes: 'any', securityContext: 'any', schedulerName: 'any',
  priority: 'any', priorityClassName: 'any', preemptionPolicy: 'any', enableServiceLinks: 'any', imagePullSecrets: 'any',
  topologySpreadConstraints: 'any', readinessGates: 'any', hostAliases: 'any', shareProcessNamespace: 'any', runtimeClassName: 'any',
  overhead: 'any', os: 'any', setHostnameAsFQDN: 'any', schedulingGates: 'any', resourceClaims: 'any', hostUsers: 'any',
};
const TEMPLATE: Shape = { metadata: META, spec: POD_SPEC };
const SELECTOR: Shape = { matchLabels: 'map', matchExpressions: [{ key: 'any', operator: 'any', values: 'any' }] };
const TOP = { apiVersion: 'any', kind: 'any', metadata: META } as const;

/** The known fields per kind; kinds without an entry are not checked for unknown fields. */
export const SHAPES: Readonly<Record<string, Shape>> = {
  Namespace: { ...TOP, spec: 'any', status: 'any' },
  Node: { ...TOP, spec: 'any', status: 'any' },
  ConfigMap: { ...TOP, data: 'map', binaryData: 'map', immutable: 'any' },
  Pod: { ...TOP, spec: POD_SPEC, status: 'any' },
  Deployment: { ...TOP, spec: { replicas: 'any', selector: SELECTOR, template: TEMPLATE, strategy: 'any', minReadySeconds: 'any', revisionHistoryLimit: 'any', paused: 'any', progressDeadlineSeconds: 'any' }, status: 'any' },
  ReplicaSet: { ...TOP, spec: { replicas: 'any', selector: SELECTOR, template: TEMPLATE, minReadySeconds: 'any' }, status: 'any' },
  DaemonSet: { ...TOP, spec: { selector: SELECTOR, template: TEMPLATE, updateStrategy: 'any', minReadySeconds: 'any', revisionHistoryLimit: 'any' }, status: 'any' },
  // The networking kinds leave metadata unchecked.
  Service: {
    apiVersion: 'any', kind: 'any', metadata: 'any', status: 'any',
    spec: {
      type: 'any', selector: 'map', clusterIP: 'any', clusterIPs: 'any', externalIPs: 'any', externalName: 'any', sessionAffinity: 'any',
      sessionAffinityConfig: 'any', externalTrafficPolicy: 'any', internalTrafficPolicy: 'any', healthCheckNodePort: 'any',
      loadBalancerIP: 'any', loadBalancerSourceRanges: 'any', loadBalancerClass: 'any', allocateLoadBalancerNodePorts: 'any',
      publishNotReadyAddresses: 'any', ipFamilies: 'any', ipFamilyPolicy: 'any', trafficDistribution: 'any',
      ports: [{ name: 'any', port: 'any', targetPort: 'any', protocol: 'any', nodePort: 'any', appProtocol: 'any' }],
    },
  },
  NetworkPolicy: {
    apiVersion: 'any', kind: 'any', metadata: 'any',
    spec: {
      podSelector: SELECTOR, policyTypes: 'any',
      ingress: [{ from: [{ podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: 'any', except: 'any' } }], ports: [{ protocol: 'any', port: 'any', endPort: 'any' }] }],
      egress: [{ to: [{ podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: 'any', except: 'any' } }], ports: [{ protocol: 'any', port: 'any', endPort: 'any' }] }],
    },
  },
  Ingress: {
    apiVersion: 'any', kind: 'any', metadata: 'any', status: 'any',
    spec: { ingressClassName: 'any', defaultBackend: 'any', tls: 'any', rules: [{ host: 'any', http: { paths: [{ path: 'any', pathType: 'any', backend: { service: { name: 'any', port: { name: 'any', number: 'any' } }, resource: 'any' } }] } }] },
  },
};

/** Paths of fields `shape` does not know (`spec.containers[0].imagee`), as strict decoding names them. */
export function unknownFields(value: unknown, shape: Shape, path = ''): string[] {
  if (shape === 'any' || shape === 'map' || value === null || typeof value !== 'object') return [];
  if (Array.isArray(shape)) return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, shape[0], `${path}[${i}]`)) : [];
  if (Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    const sub = shape[k];
    return sub === undefined ? [p] : unknownFields(v, sub, p);
  });
}
