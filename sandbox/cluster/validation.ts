/**
 * Validation of the kinds this layer owns (Namespace, Node, Pod, Deployment, ReplicaSet,
 * ConfigMap): the known fields, for the API server's strict decoding (`unknown field
 * "spec.containers[0].imagee"`), and the checks of pkg/apis/{core,apps}/validation that
 * learners meet (required image, selector required and matching the template, immutable
 * selector, names as DNS-1123 labels/subdomains). Other kinds register theirs (kinds.ts).
 */
import { registerValidator } from './kinds.ts';
import { fromLabelSelector, matches } from './selector.ts';
import type { KubeObject, LabelSelector } from './types.ts';

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
/** ObjectMeta, shared with the kinds registered elsewhere. */
export const OBJECT_META = META;
const TOP = { apiVersion: 'string', kind: 'string', metadata: META } as const;

/** The known fields per kind; kinds without an entry are not checked for unknown fields. */
export const SHAPES: Record<string, Shape> = {
  Namespace: struct('v1.Namespace', { ...TOP, spec: 'any', status: 'any' }),
  Node: struct('v1.Node', { ...TOP, spec: struct('v1.NodeSpec', { podCIDR: 'string', podCIDRs: 'strings', providerID: 'string', unschedulable: 'bool', taints: 'any', configSource: 'any', externalID: 'string' }), status: 'any' }),
  ConfigMap: struct('v1.ConfigMap', { ...TOP, data: 'map', binaryData: 'any', immutable: 'bool' }),
  Pod: struct('v1.Pod', { ...TOP, spec: POD_SPEC, status: 'any' }),
  Deployment: struct('v1.Deployment', { ...TOP, spec: struct('v1.DeploymentSpec', { replicas: 'int32', selector: SELECTOR, template: TEMPLATE, strategy: 'any', minReadySeconds: 'int32', revisionHistoryLimit: 'int32', paused: 'bool', progressDeadlineSeconds: 'int32' }), status: 'any' }),
  ReplicaSet: struct('v1.ReplicaSet', { ...TOP, spec: struct('v1.ReplicaSetSpec', { replicas: 'int32', selector: SELECTOR, template: TEMPLATE, minReadySeconds: 'int32' }), status: 'any' }),
  DaemonSet: struct('v1.DaemonSet', { ...TOP, spec: struct('v1.DaemonSetSpec', { selector: SELECTOR, template: TEMPLATE, updateStrategy: 'any', minReadySeconds: 'int32', revisionHistoryLimit: 'int32' }), status: 'any' }),
};

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

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** metadata.name checks (ValidateObjectMeta with the kind's name rule). */
function nameCauses(o: KubeObject, label: boolean): string[] {
  const n = o.metadata.name;
  if (!n) return ['metadata.name: Required value: name or generateName is required'];
  if (label ? !DNS1123_LABEL.test(n) || n.length > 63 : !DNS1123_SUBDOMAIN.test(n) || n.length > 253) {
    return [label
      ? `metadata.name: Invalid value: "${n}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      : `metadata.name: Invalid value: "${n}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`];
  }
  return [];
}

function podSpecCauses(spec: Record<string, unknown> | undefined, path: string): string[] {
  const cs = (spec?.containers ?? []) as { name?: string; image?: string; ports?: { containerPort?: number }[] }[];
  if (!cs.length) return [`${path}.containers: Required value`];
  return cs.flatMap((c, i) => [
    ...(!c.name ? [`${path}.containers[${i}].name: Required value`] : []),
    ...(!c.image ? [`${path}.containers[${i}].image: Required value`] : []),
    ...(c.ports ?? []).flatMap((p, j) => (typeof p.containerPort !== 'number' || p.containerPort < 1 || p.containerPort > 65535
      ? [`${path}.containers[${i}].ports[${j}].containerPort: ${p.containerPort === undefined ? 'Required value' : `Invalid value: ${p.containerPort}: must be between 1 and 65535, inclusive`}`] : [])),
  ]);
}

const goMap = (m: Record<string, string> | undefined): string =>
  `map[string]string{${Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`;

function workloadCauses(o: KubeObject, old: KubeObject | undefined): string[] {
  const spec = (o.spec ?? {}) as { selector?: LabelSelector; template?: { metadata?: { labels?: Record<string, string> }; spec?: Record<string, unknown> }; replicas?: number };
  const causes: string[] = [];
  const labels = spec.template?.metadata?.labels;
  const sel = spec.selector;
  const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
  if (empty) causes.push('spec.selector: Required value');
  if (empty || !matches(fromLabelSelector(sel), labels)) {
    causes.push(`spec.template.metadata.labels: Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\``);
  }
  if (typeof spec.replicas === 'number' && spec.replicas < 0) causes.push(`spec.replicas: Invalid value: ${spec.replicas}: must be greater than or equal to 0`);
  causes.push(...podSpecCauses(spec.template?.spec, 'spec.template.spec'));
  if (old && JSON.stringify((old.spec as { selector?: unknown }).selector) !== JSON.stringify(sel)) {
    causes.push(`spec.selector: Invalid value: v1.LabelSelector{MatchLabels:${goMap(sel?.matchLabels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`);
  }
  return causes;
}

/** An IPv4 CIDR as netip.ParsePrefix reads it (the sandbox's pod network is IPv4). */
const CIDR4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;

/**
 * ValidateNode and ValidateNodeUpdate (pkg/apis/core/validation): every pod CIDR valid, at
 * most one per family, and once set never changed (only "" to a value), the rule that keeps
 * a node's routes and its flannel lease in step.
 */
function nodeCauses(o: KubeObject, old: KubeObject | undefined): string[] {
  const spec = (o.spec ?? {}) as { podCIDR?: string; podCIDRs?: string[] };
  // The v1 -> internal conversion: podCIDR is podCIDRs[0] when only one of them is given.
  if (spec.podCIDR && !spec.podCIDRs?.length) spec.podCIDRs = [spec.podCIDR];
  if (!spec.podCIDR && spec.podCIDRs?.length) spec.podCIDR = spec.podCIDRs[0];
  const cidrs = spec.podCIDRs ?? [];
  const causes = cidrs.flatMap((c, i) => (CIDR4.test(c) ? [] : [`spec.podCIDRs[${i}]: Invalid value: "${c}": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`]));
  if (cidrs.length > 1) causes.push(`spec.podCIDRs: Invalid value: "${cidrs.join(',')}": may specify no more than one CIDR for each IP family`);
  if (spec.podCIDR !== cidrs[0]) causes.push(`spec.podCIDR: Invalid value: "${spec.podCIDR ?? ''}": must match the first element of podCIDRs`);
  const before = ((old?.spec ?? {}) as { podCIDRs?: string[] }).podCIDRs ?? [];
  if (before.length && (before.length !== cidrs.length || before.some((c, i) => c !== cidrs[i]))) {
    causes.push('spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid');
  }
  return causes;
}

/** The fields of a pod spec an update may change (ValidatePodUpdate). */
function podUpdateCauses(o: KubeObject, old: KubeObject): string[] {
  if (JSON.stringify(o.spec) === JSON.stringify(old.spec)) return [];
  const strip = (spec: unknown) => {
    const s = JSON.parse(JSON.stringify(spec ?? {})) as Record<string, unknown> & { containers?: { image?: string }[] };
    for (const c of s.containers ?? []) delete c.image;
    delete s.activeDeadlineSeconds;
    delete s.tolerations;
    delete s.nodeName;
    return JSON.stringify(s);
  };
  if (strip(o.spec) === strip(old.spec)) return [];
  return ['spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)'];
}

registerValidator('Namespace', (o) => nameCauses(o, true));
registerValidator('Pod', (o, old) => [...nameCauses(o, false), ...podSpecCauses(o.spec, 'spec'), ...(old ? podUpdateCauses(o, old) : [])]);
registerValidator('Deployment', (o, old) => [...nameCauses(o, false), ...workloadCauses(o, old)]);
registerValidator('ReplicaSet', (o, old) => [...nameCauses(o, false), ...workloadCauses(o, old)]);
registerValidator('DaemonSet', (o, old) => [...nameCauses(o, false), ...workloadCauses(o, old)]);
registerValidator('ConfigMap', (o) => nameCauses(o, false));
registerValidator('Node', (o, old) => [...nameCauses(o, false), ...nodeCauses(o, old)]);
