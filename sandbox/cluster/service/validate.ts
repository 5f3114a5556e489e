/**
 * Service defaulting and validation as the API server applies them (pkg/apis/core/v1
 * defaults.go SetDefaults_Service, pkg/apis/core/validation ValidateService and
 * ValidateServiceUpdate), with the field paths and messages kubectl prints after
 * `The Service "web" is invalid: `. Defaults are filled in here because the store runs its
 * validators on the object it is about to store; on update the allocated fields a manifest
 * leaves out (clusterIP, clusterIPs, nodePorts) are kept, as the API server's
 * PrepareForUpdate does.
 */
import type { KubeObject } from '../types.ts';

interface PortSpec { name?: string; port?: unknown; protocol?: string; targetPort?: unknown; nodePort?: unknown }
interface ServiceSpec {
  type?: string; clusterIP?: string; clusterIPs?: string[]; ports?: PortSpec[]; selector?: Record<string, string>;
  externalName?: string; sessionAffinity?: string; externalTrafficPolicy?: string; internalTrafficPolicy?: string;
  ipFamilies?: string[]; ipFamilyPolicy?: string;
}

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const inRange = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 65535;
const show = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));

/** Fills the API defaults into a Service (SetDefaults_Service). */
export function defaultService(obj: KubeObject, old: KubeObject | undefined): void {
  const spec = (obj.spec ??= {}) as ServiceSpec;
  const prev = (old?.spec ?? {}) as ServiceSpec;
  spec.type ??= 'ClusterIP';
  if (spec.type !== 'ExternalName') {
    spec.sessionAffinity ??= 'None';
    spec.internalTrafficPolicy ??= 'Cluster';
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') spec.externalTrafficPolicy ??= 'Cluster';
    if (old && spec.clusterIP === undefined && prev.clusterIP) spec.clusterIP = prev.clusterIP;
    if (old && spec.clusterIPs === undefined && prev.clusterIPs) spec.clusterIPs = prev.clusterIPs;
    if (spec.clusterIP && spec.clusterIPs === undefined) spec.clusterIPs = [spec.clusterIP];
    spec.ipFamilies ??= ['IPv4'];
    spec.ipFamilyPolicy ??= 'SingleStack';
  }
  for (const [i, p] of (spec.ports ?? []).entries()) {
    p.protocol ??= 'TCP';
    if (spec.type !== 'ExternalName') p.targetPort ??= p.port;
    const before = prev.ports?.[i];
    if (old && p.nodePort === undefined && before?.nodePort !== undefined && (spec.type === 'NodePort' || spec.type === 'LoadBalancer')) p.nodePort = before.nodePort;
  }
}

/** The validation causes for a Service (empty when valid). */
export function validateService(obj: KubeObject, old: KubeObject | undefined): string[] {
  defaultService(obj, old);
  const errs: string[] = [];
  const spec = obj.spec as ServiceSpec;
  const name = obj.metadata.name;
  if (!DNS1035.test(name) || name.length > 63) {
    errs.push(`metadata.name: Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`);
  }
  if (!TYPES.includes(spec.type!)) errs.push(`spec.type: Unsupported value: "${spec.type}": supported values: ${quoted(TYPES)}`);
  const ports = spec.ports ?? [];
  const headless = spec.clusterIP === 'None';
  if (spec.type === 'ExternalName') {
    if (!spec.externalName) errs.push('spec.externalName: Required value');
  } else if (ports.length === 0 && !headless) errs.push('spec.ports: Required value');
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const path = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(`${path}.name: Required value`);
    if (p.name) {
      if (names.has(p.name)) errs.push(`${path}.name: Duplicate value: "${p.name}"`);
      names.add(p.name);
      if (!IANA_SVC_NAME.test(p.name)) errs.push(`${path}.name: Invalid value: "${p.name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`);
    }
    if (!inRange(p.port)) errs.push(`${path}.port: Invalid value: ${show(p.port)}: must be between 1 and 65535, inclusive`);
    if (!PROTOCOLS.includes(p.protocol!)) errs.push(`${path}.protocol: Unsupported value: "${p.protocol}": supported values: ${quoted(PROTOCOLS)}`);
    if (typeof p.targetPort === 'number' && !inRange(p.targetPort)) errs.push(`${path}.targetPort: Invalid value: ${p.targetPort}: must be between 1 and 65535, inclusive`);
    if (p.nodePort !== undefined && spec.type !== 'NodePort' && spec.type !== 'LoadBalancer' && p.nodePort !== 0) {
      errs.push(`${path}.nodePort: Forbidden: may not be used when \`type\` is '${spec.type}'`);
    } else if (p.nodePort !== undefined && (typeof p.nodePort !== 'number' || p.nodePort < 30000 || p.nodePort > 32767)) {
      errs.push(`${path}.nodePort: Invalid value: ${show(p.nodePort)}: provided port is not in the valid range. The range of valid ports is 30000-32767`);
    }
  });
  if (spec.sessionAffinity && !['None', 'ClientIP'].includes(spec.sessionAffinity)) {
    errs.push(`spec.sessionAffinity: Unsupported value: "${spec.sessionAffinity}": supported values: "ClientIP", "None"`);
  }
  for (const f of ['externalTrafficPolicy', 'internalTrafficPolicy'] as const) {
    const v = spec[f];
    if (v !== undefined && v !== 'Cluster' && v !== 'Local') errs.push(`spec.${f}: Unsupported value: "${v}": supported values: "Cluster", "Local"`);
  }
  const prev = old?.spec as ServiceSpec | undefined;
  if (prev?.clusterIP && spec.clusterIP !== prev.clusterIP && prev.type !== 'ExternalName' && spec.type !== 'ExternalName') {
    errs.push(`spec.clusterIPs[0]: Invalid value: []string{"${spec.clusterIP ?? ''}"}: may not change once set`);
  }
  return errs;
}
