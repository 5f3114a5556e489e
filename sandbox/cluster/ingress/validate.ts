/**
 * Ingress validation (pkg/apis/networking/validation ValidateIngress) for what learners
 * write: every path needs a pathType (Exact, Prefix or ImplementationSpecific) and, for Exact
 * and Prefix, an absolute path; a backend is a Service name with a port number or name.
 */
import type { KubeObject } from '../types.ts';

interface Backend { service?: { name?: string; port?: { number?: number; name?: string } }; resource?: unknown }
interface Path { path?: string; pathType?: string; backend?: Backend }
interface IngressSpec { ingressClassName?: string; defaultBackend?: Backend; rules?: { host?: string; http?: { paths?: Path[] } }[] }

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function validateBackend(b: Backend | undefined, path: string, errs: string[]): void {
  if (!b || (!b.service && !b.resource)) {
    errs.push(`${path}: Invalid value: "": resource or service backend is required`);
    return;
  }
  if (!b.service) return;
  if (!b.service.name) errs.push(`${path}.service.name: Required value`);
  const port = b.service.port;
  if (!port || (port.number === undefined && !port.name)) errs.push(`${path}.service.port: Invalid value: "": port name or number is required`);
  else if (port.number !== undefined && port.name) errs.push(`${path}.service.port: Invalid value: "": cannot set both port name & port number`);
  else if (port.number !== undefined && (port.number < 1 || port.number > 65535)) errs.push(`${path}.service.port.number: Invalid value: ${port.number}: must be between 1 and 65535, inclusive`);
}

/** The validation causes for an Ingress (empty when valid). */
export function validateIngress(obj: KubeObject): string[] {
  const errs: string[] = [];
  const spec = (obj.spec ?? {}) as IngressSpec;
  if (spec.defaultBackend) validateBackend(spec.defaultBackend, 'spec.defaultBackend', errs);
  if (!spec.defaultBackend && !(spec.rules ?? []).length) errs.push('spec: Invalid value: {}: either `defaultBackend` or `rules` must be specified');
  (spec.rules ?? []).forEach((r, i) => {
    (r.http?.paths ?? []).forEach((p, j) => {
      const base = `spec.rules[${i}].http.paths[${j}]`;
      if (!p.pathType) errs.push(`${base}.pathType: Required value: pathType must be specified`);
      else if (!PATH_TYPES.includes(p.pathType)) errs.push(`${base}.pathType: Unsupported value: "${p.pathType}": supported values: "Exact", "ImplementationSpecific", "Prefix"`);
      else if (p.pathType !== 'ImplementationSpecific' && !(p.path ?? '').startsWith('/')) errs.push(`${base}.path: Invalid value: "${p.path ?? ''}": must be an absolute path`);
      validateBackend(p.backend, `${base}.backend`, errs);
    });
  });
  return errs;
}
