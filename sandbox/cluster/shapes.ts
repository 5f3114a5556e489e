/**
 * The fields each kind knows and their Go types, for the API server's decoding: a field of
 * the wrong JSON type fails as encoding/json fails (`json: cannot unmarshal string into Go
 * struct field DeploymentSpec.spec.replicas of type int32`), an unknown field as strict field
 * validation does (`unknown field "spec.containers[0].imagee"`, fieldValidation=Strict), and a
 * decoded null is Go's zero value (goNormalize).
 */

/**
 * A field shape: 'any' (not checked further), 'map' (map[string]string), a Go scalar type, a
 * struct (made with `struct` so decoding errors can name its Go type), or a list of one.
 */
export type Shape = 'any' | 'map' | GoScalar | { [field: string]: Shape } | [Shape];

/** The Go scalar types of API fields (IntOrString for ports that may be named). */
export type GoScalar = 'string' | 'int32' | 'int64' | 'bool' | 'intstr' | 'strings';

const structNames = new WeakMap<object, string>();

/** A struct shape with its Go type name (`v1.PodSpec`), for the API server's decoding errors. */
export function struct<T extends { [field: string]: Shape }>(goType: string, fields: T): T {
  structNames.set(fields, goType);
  return fields;
}

/** The Go type name of a shape, as encoding/json prints it in UnmarshalTypeError. */
export function goTypeName(shape: Shape): string {
  if (shape === 'map') return 'map[string]string';
  if (shape === 'strings') return '[]string';
  if (shape === 'intstr') return 'intstr.IntOrString';
  if (typeof shape === 'string') return shape;
  if (Array.isArray(shape)) return `[]${goTypeName(shape[0])}`;
  return structNames.get(shape) ?? 'struct';
}

const META: Shape = struct('v1.ObjectMeta', {
  name: 'string', namespace: 'string', labels: 'map', annotations: 'map', generateName: 'string', uid: 'string', resourceVersion: 'string',
  creationTimestamp: 'any', ownerReferences: 'any', finalizers: 'strings', generation: 'int64', managedFields: 'any', deletionTimestamp: 'any',
  deletionGracePeriodSeconds: 'int64', selfLink: 'string',
});
const CONTAINER: Shape = struct('v1.Container', {
  name: 'string', image: 'string', command: 'strings', args: 'strings', workingDir: 'string', imagePullPolicy: 'string', stdin: 'bool', stdinOnce: 'bool', tty: 'bool',
  ports: [struct('v1.ContainerPort', { name: 'string', containerPort: 'int32', protocol: 'string', hostPort: 'int32', hostIP: 'string' })],
  env: [struct('v1.EnvVar', { name: 'string', value: 'string', valueFrom: 'any' })], envFrom: 'any', resources: 'any', volumeMounts: 'any', volumeDevices: 'any',
  livenessProbe: 'any', readinessProbe: 'any', startupProbe: 'any', lifecycle: 'any', securityContext: 'any',
  terminationMessagePath: 'string', terminationMessagePolicy: 'string', restartPolicy: 'string', resizePolicy: 'any',
});
const POD_SPEC: Shape = struct('v1.PodSpec', {
  containers: [CONTAINER], initContainers: [CONTAINER], ephemeralContainers: 'any', nodeName: 'string', nodeSelector: 'map',
  restartPolicy: 'string', hostNetwork: 'bool', hostPID: 'bool', hostIPC: 'bool', dnsPolicy: 'string', dnsConfig: 'any', hostname: 'string',
  subdomain: 'string', terminationGracePeriodSeconds: 'int64', activeDeadlineSeconds: 'int64', serviceAccountName: 'string', serviceAccount: 'string',
  automountServiceAccountToken: 'bool', tolerations: 'any', affinity: 'any', volumes: 'any', securityContext: 'any', schedulerName: 'string',
  priority: 'int32', priorityClassName: 'string', preemptionPolicy: 'string', enableServiceLinks: 'bool', imagePullSecrets: 'any',
  topologySpreadConstraints: 'any', readinessGates: 'any', hostAliases: 'any', shareProcessNamespace: 'bool', runtimeClassName: 'string',
  overhead: 'any', os: 'any', setHostnameAsFQDN: 'bool', schedulingGates: 'any', resourceClaims: 'any', hostUsers: 'bool',
});
const TEMPLATE: Shape = struct('v1.PodTemplateSpec', { metadata: META, spec: POD_SPEC });
/** A label selector (metav1.LabelSelector), shared with the kinds that select pods. */
export const SELECTOR: Shape = struct('v1.LabelSelector', {
  matchLabels: 'map', matchExpressions: [struct('v1.LabelSelectorRequirement', { key: 'string', operator: 'string', values: 'strings' })],
});
const TOP = { apiVersion: 'string', kind: 'string', metadata: META } as const;

/** The shapes of the core and apps kinds; the networking kinds' follow. */
const SHAPES_MUT: Record<string, Shape> = {
  Namespace: struct('v1.Namespace', { ...TOP, spec: 'any', status: 'any' }),
  Node: struct('v1.Node', { ...TOP, spec: struct('v1.NodeSpec', { podCIDR: 'string', podCIDRs: 'strings', providerID: 'string', unschedulable: 'bool', taints: 'any', configSource: 'any', externalID: 'string' }), status: 'any' }),
  ConfigMap: struct('v1.ConfigMap', { ...TOP, data: 'map', binaryData: 'any', immutable: 'bool' }),
  Pod: struct('v1.Pod', { ...TOP, spec: POD_SPEC, status: 'any' }),
  Deployment: struct('v1.Deployment', { ...TOP, spec: struct('v1.DeploymentSpec', { replicas: 'int32', selector: SELECTOR, template: TEMPLATE, strategy: 'any', minReadySeconds: 'int32', revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32' }), status: 'any' }),
  ReplicaSet: struct('v1.ReplicaSet', { ...TOP, spec: struct('v1.ReplicaSetSpec', { replicas: 'int32', selector: SELECTOR, template: TEMPLATE, minReadySeconds: 'int32' }), status: 'any' }),
  DaemonSet: struct('v1.DaemonSet', { ...TOP, spec: struct('v1.DaemonSetSpec', { selector: SELECTOR, template: TEMPLATE, updateStrategy: 'any', minReadySeconds: 'int32', revisionHistoryLimit: 'int32' }), status: 'any' }),
};

const PEER: Shape = struct('v1.NetworkPolicyPeer', {
  podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: struct('v1.IPBlock', { cidr: 'string', except: 'strings' }),
});
const NP_PORT: Shape = struct('v1.NetworkPolicyPort', { protocol: 'string', port: 'intstr', endPort: 'int32' });

SHAPES_MUT.Service = struct('v1.Service', {
  ...TOP, status: 'any',
  spec: struct('v1.ServiceSpec', {
    type: 'string', selector: 'map', clusterIP: 'string', clusterIPs: 'strings', externalIPs: 'strings', externalName: 'string', sessionAffinity: 'string',
    sessionAffinityConfig: 'any', externalTrafficPolicy: 'string', internalTrafficPolicy: 'string', healthCheckNodePort: 'int32',
    loadBalancerIP: 'string', loadBalancerSourceRanges: 'strings', loadBalancerClass: 'string', allocateLoadBalancerNodePorts: 'bool',
    publishNotReadyAddresses: 'bool', ipFamilies: 'strings', ipFamilyPolicy: 'string', trafficDistribution: 'string',
    ports: [struct('v1.ServicePort', { name: 'string', port: 'int32', targetPort: 'intstr', protocol: 'string', nodePort: 'int32', appProtocol: 'string' })],
  }),
});
SHAPES_MUT.NetworkPolicy = struct('v1.NetworkPolicy', {
  ...TOP,
  spec: struct('v1.NetworkPolicySpec', {
    podSelector: SELECTOR, policyTypes: 'strings',
    ingress: [struct('v1.NetworkPolicyIngressRule', { from: [PEER], ports: [NP_PORT] })],
    egress: [struct('v1.NetworkPolicyEgressRule', { to: [PEER], ports: [NP_PORT] })],
  }),
});
SHAPES_MUT.Ingress = struct('v1.Ingress', {
  ...TOP, status: 'any',
  spec: struct('v1.IngressSpec', {
    ingressClassName: 'string', defaultBackend: 'any', tls: [struct('v1.IngressTLS', { hosts: 'strings', secretName: 'string' })],
    rules: [struct('v1.IngressRule', { host: 'string', http: struct('v1.HTTPIngressRuleValue', { paths: [struct('v1.HTTPIngressPath', {
      path: 'string', pathType: 'string',
      backend: struct('v1.IngressBackend', { service: struct('v1.IngressServiceBackend', { name: 'string', port: struct('v1.ServiceBackendPort', { name: 'string', number: 'int32' }) }), resource: 'any' }),
    })] }) })],
  }),
});
SHAPES_MUT.IngressClass = struct('v1.IngressClass', { ...TOP, spec: struct('v1.IngressClassSpec', { controller: 'string', parameters: 'any' }) });
SHAPES_MUT.Endpoints = struct('v1.Endpoints', {
  ...TOP,
  subsets: [struct('v1.EndpointSubset', {
    addresses: [struct('v1.EndpointAddress', { ip: 'string', hostname: 'string', nodeName: 'string', targetRef: 'any' })],
    notReadyAddresses: [struct('v1.EndpointAddress', { ip: 'string', hostname: 'string', nodeName: 'string', targetRef: 'any' })],
    ports: [struct('v1.EndpointPort', { name: 'string', port: 'int32', protocol: 'string', appProtocol: 'string' })],
  })],
});
SHAPES_MUT.EndpointSlice = struct('v1.EndpointSlice', {
  ...TOP, addressType: 'string',
  endpoints: [struct('v1.Endpoint', {
    addresses: 'strings', conditions: struct('v1.EndpointConditions', { ready: 'bool', serving: 'bool', terminating: 'bool' }),
    hostname: 'string', targetRef: 'any', nodeName: 'string', zone: 'string', hints: 'any',
  })],
  ports: [struct('v1.EndpointPort', { name: 'string', port: 'int32', protocol: 'string', appProtocol: 'string' })],
});

/** The known fields per kind; kinds without an entry are not checked. */
export const SHAPES: Readonly<Record<string, Shape>> = SHAPES_MUT;

/** Paths of fields `shape` does not know (`spec.containers[0].imagee`), as strict decoding names them. */
export function unknownFields(value: unknown, shape: Shape, path = ''): string[] {
  if (typeof shape === 'string' || value === null || typeof value !== 'object') return [];
  if (Array.isArray(shape)) return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, shape[0], `${path}[${i}]`)) : [];
  if (Array.isArray(value)) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => {
    const p = path ? `${path}.${k}` : k;
    const sub = shape[k];
    return sub === undefined ? [p] : unknownFields(v, sub, p);
  });
}

const jsonType = (v: unknown): string => (Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v);
const INT_RANGE = { int32: 2 ** 31, int64: 2 ** 63 } as const;

/** Whether `v` decodes into the scalar Go type `t` (encoding/json's rules; null always does). */
function scalarFits(v: unknown, t: GoScalar): boolean | 'number' {
  switch (t) {
    case 'string': return typeof v === 'string';
    case 'bool': return typeof v === 'boolean';
    case 'strings': return Array.isArray(v) && v.every((x) => x === null || typeof x === 'string');
    case 'intstr': return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < INT_RANGE.int32);
    default:
      // A number that is not an integer of the type's range fails with its text quoted.
      if (typeof v !== 'number') return false;
      return Number.isInteger(v) && v >= -INT_RANGE[t] && v < INT_RANGE[t] ? true : 'number';
  }
}

/**
 * The first type mismatch between a decoded document and its kind's Go types, worded as
 * encoding/json words an UnmarshalTypeError with its struct context (`json: cannot
 * unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`): the
 * struct that owns the field, the field's path from the root without list indices.
 */
export function typeError(value: unknown, shape: Shape, path = '', owner = ''): string | undefined {
  if (value === null || value === undefined || shape === 'any') return undefined;
  const where = () => `Go struct field ${owner}.${path} of type ${goTypeName(shape)}`;
  if (shape === 'map') {
    if (typeof value !== 'object' || Array.isArray(value)) return `json: cannot unmarshal ${jsonType(value)} into ${where()}`;
    const bad = Object.values(value as Record<string, unknown>).find((v) => v !== null && typeof v !== 'string');
    return bad === undefined ? undefined : `json: cannot unmarshal ${jsonType(bad)} into Go struct field ${owner}.${path} of type string`;
  }
  if (shape === 'strings' && Array.isArray(value)) {
    const bad = value.find((v) => v !== null && typeof v !== 'string');
    return bad === undefined ? undefined : `json: cannot unmarshal ${jsonType(bad)} into Go struct field ${owner}.${path} of type string`;
  }
  if (typeof shape === 'string') {
    const fits = scalarFits(value, shape);
    if (fits === true) return undefined;
    return `json: cannot unmarshal ${fits === 'number' ? `number ${String(value)}` : jsonType(value)} into ${where()}`;
  }
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `json: cannot unmarshal ${jsonType(value)} into ${where()}`;
    for (const v of value) {
      const e = typeError(v, shape[0], path, owner);
      if (e) return e;
    }
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return `json: cannot unmarshal ${jsonType(value)} into ${where()}`;
  const name = (structNames.get(shape) ?? '').replace(/^\w+\./, '');
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const sub = shape[k];
    if (sub === undefined) continue;
    const e = typeError(v, sub, path ? `${path}.${k}` : k, name);
    if (e) return e;
  }
  return undefined;
}

/**
 * The value as the API server stores it after decoding into Go types: a null field is the
 * zero value (omitted when encoded again), a null element of a list of structs an empty
 * struct, of a list of strings an empty string. Call after `typeError` found nothing.
 */
export function goNormalize(value: unknown, shape: Shape): unknown {
  if (shape === 'any' || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const elem: Shape = shape === 'strings' ? 'string' : Array.isArray(shape) ? shape[0] : 'any';
    return value.map((v) => (v === null ? (elem === 'string' ? '' : typeof elem === 'object' && !Array.isArray(elem) ? {} : v) : goNormalize(v, elem)));
  }
  if (typeof shape !== 'object' || Array.isArray(shape)) {
    return shape === 'map' ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) : value;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const sub = shape[k];
    if (v === null && sub !== undefined) continue;
    out[k] = sub === undefined ? v : goNormalize(v, sub);
  }
  return out;
}

