/**
 * Validation of the core and apps kinds (Namespace, Pod, Deployment, ReplicaSet, DaemonSet,
 * ConfigMap): the checks of pkg/apis/{core,apps}/validation that learners meet (required
 * image, selector required and matching the template, immutable selector, names as DNS-1123
 * labels/subdomains). validators.ts says which check runs for which kind; the known fields
 * for strict decoding are in shapes.ts.
 */
import { fromLabelSelector, matches } from './selector.ts';
import type { KubeObject, LabelSelector } from './types.ts';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** metadata.name checks (ValidateObjectMeta with the kind's name rule). */
export function nameCauses(o: KubeObject, label: boolean): string[] {
  const n = o.metadata.name;
  if (!n) return ['metadata.name: Required value: name or generateName is required'];
  if (label ? !DNS1123_LABEL.test(n) || n.length > 63 : !DNS1123_SUBDOMAIN.test(n) || n.length > 253) {
    return [label
      ? `metadata.name: Invalid value: "${n}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      : `metadata.name: Invalid value: "${n}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`];
  }
  return [];
}

export function podSpecCauses(spec: Record<string, unknown> | undefined, path: string): string[] {
  const cs = (spec?.containers ?? []) as { name?: string; image?: string; ports?: { containerPort?: number }[] }[];
  if (!cs.length) return [`${path}.containers: Required value`];
  // validateRestartPolicy (pkg/apis/core/validation): one of the three, field.NotSupported's wording.
  const policy = spec?.restartPolicy;
  const restart = policy === undefined || policy === 'Always' || policy === 'OnFailure' || policy === 'Never' ? []
    : [`${path}.restartPolicy: Unsupported value: "${String(policy)}": supported values: "Always", "OnFailure", "Never"`];
  return [...restart, ...cs.flatMap((c, i) => [
    ...(!c.name ? [`${path}.containers[${i}].name: Required value`] : []),
    ...(!c.image ? [`${path}.containers[${i}].image: Required value`] : []),
    ...(c.ports ?? []).flatMap((p, j) => (typeof p.containerPort !== 'number' || p.containerPort < 1 || p.containerPort > 65535
      ? [`${path}.containers[${i}].ports[${j}].containerPort: ${p.containerPort === undefined ? 'Required value' : `Invalid value: ${p.containerPort}: must be between 1 and 65535, inclusive`}`] : [])),
  ])];
}

const goMap = (m: Record<string, string> | undefined): string =>
  `map[string]string{${Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `"${k}":"${v}"`).join(', ')}}`;

export function workloadCauses(o: KubeObject, old: KubeObject | undefined): string[] {
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
  // ValidatePodTemplateSpecForReplicaSet / ForDaemonSet / the Deployment's: their pods restart always.
  const policy = spec.template?.spec?.restartPolicy;
  if (policy !== undefined && policy !== 'Always') causes.push(`spec.template.spec.restartPolicy: Unsupported value: "${String(policy)}": supported values: "Always"`);
  if (old && JSON.stringify((old.spec as { selector?: unknown }).selector) !== JSON.stringify(sel)) {
    causes.push(`spec.selector: Invalid value: v1.LabelSelector{MatchLabels:${goMap(sel?.matchLabels)}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable`);
  }
  return causes;
}

/** The fields of a pod spec an update may change (ValidatePodUpdate). */
export function podUpdateCauses(o: KubeObject, old: KubeObject): string[] {
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

/** An IPv4 CIDR as netip.ParsePrefix reads it (the sandbox's pod network is IPv4). */
const CIDR4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}\/(3[0-2]|[12]?\d)$/;

/**
 * ValidateNode and ValidateNodeUpdate (pkg/apis/core/validation): every pod CIDR valid, at
 * most one per family, and once set never changed (only "" to a value), the rule that keeps
 * a node's routes and its flannel lease in step.
 */
export function nodeCauses(o: KubeObject, old: KubeObject | undefined): string[] {
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
