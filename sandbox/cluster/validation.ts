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
export const SHAPES: Record<string, Shape> = {
  Namespace: { ...TOP, spec: 'any', status: 'any' },
  Node: { ...TOP, spec: 'any', status: 'any' },
  ConfigMap: { ...TOP, data: 'map', binaryData: 'map', immutable: 'any' },
  Pod: { ...TOP, spec: POD_SPEC, status: 'any' },
  Deployment: { ...TOP, spec: { replicas: 'any', selector: SELECTOR, template: TEMPLATE, strategy: 'any', minReadySeconds: 'any', revisionHistoryLimit: 'any', paused: 'any', progressDeadlineSeconds: 'any' }, status: 'any' },
  ReplicaSet: { ...TOP, spec: { replicas: 'any', selector: SELECTOR, template: TEMPLATE, minReadySeconds: 'any' }, status: 'any' },
  DaemonSet: { ...TOP, spec: { selector: SELECTOR, template: TEMPLATE, updateStrategy: 'any', minReadySeconds: 'any', revisionHistoryLimit: 'any' }, status: 'any' },
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
