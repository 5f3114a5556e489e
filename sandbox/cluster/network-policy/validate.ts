/**
 * NetworkPolicy validation (pkg/apis/networking/validation ValidateNetworkPolicy) with the
 * field paths and messages the API server returns: protocols, port ranges and endPort, peers
 * (exactly one kind: selectors or ipBlock), ipBlock CIDRs and their exceptions, policyTypes.
 * Also fills the defaults the API server stores (protocol TCP).
 */
import type { KubeObject } from '../types.ts';
import { inCidr, parseCidr, type Cidr } from '../../wire/index.ts';
import type { NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from './types.ts';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const IANA = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

const strictCidr = (text: unknown): Cidr | undefined => (typeof text === 'string' && /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(text) ? parseCidr(text) : undefined);

function validatePort(p: NetworkPolicyPort, path: string, errs: string[]): void {
  p.protocol ??= 'TCP';
  if (!PROTOCOLS.includes(p.protocol)) errs.push(`${path}.protocol: Unsupported value: "${p.protocol}": supported values: "SCTP", "TCP", "UDP"`);
  if (typeof p.port === 'number') {
    if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) errs.push(`${path}.port: Invalid value: ${p.port}: must be between 1 and 65535, inclusive`);
  } else if (typeof p.port === 'string') {
    if (!IANA.test(p.port) || p.port.length > 15 || !/[a-z]/.test(p.port)) errs.push(`${path}.port: Invalid value: "${p.port}": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)`);
  }
  if (p.endPort !== undefined) {
    if (typeof p.port !== 'number') errs.push(`${path}.endPort: Forbidden: may not be specified when \`port\` is non-numeric`);
    else if (p.endPort < p.port) errs.push(`${path}.endPort: Invalid value: ${p.endPort}: must be greater than or equal to \`port\``);
    else if (p.endPort > 65535) errs.push(`${path}.endPort: Invalid value: ${p.endPort}: must be between 1 and 65535, inclusive`);
  }
}

function validatePeer(peer: NetworkPolicyPeer, path: string, errs: string[]): void {
  const kinds = (peer.podSelector || peer.namespaceSelector ? 1 : 0) + (peer.ipBlock ? 1 : 0);
  if (kinds === 0) errs.push(`${path}: Required value: must specify a peer`);
  if (kinds > 1) errs.push(`${path}: Forbidden: may not specify more than 1 peer type`);
  if (!peer.ipBlock) return;
  const b = peer.ipBlock;
  if (!b.cidr) {
    errs.push(`${path}.ipBlock.cidr: Required value`);
    return;
  }
  const cidr = strictCidr(b.cidr);
  if (!cidr) {
    errs.push(`${path}.ipBlock.cidr: Invalid value: "${b.cidr}": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`);
    return;
  }
  (b.except ?? []).forEach((e, i) => {
    const ex = strictCidr(e);
    const p = `${path}.ipBlock.except[${i}]`;
    if (!ex) errs.push(`${p}: Invalid value: "${e}": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`);
    else if (ex.len <= cidr.len || !inCidr(ex.addr, cidr)) errs.push(`${p}: Invalid value: "${e}": must be a strict subset of \`cidr\``);
  });
}

/** The validation causes for a NetworkPolicy (empty when valid). */
export function validateNetworkPolicy(obj: KubeObject): string[] {
  const errs: string[] = [];
  const spec = (obj.spec ??= {}) as unknown as NetworkPolicySpec;
  spec.podSelector ??= {};
  for (const dir of ['ingress', 'egress'] as const) {
    (spec[dir] ?? []).forEach((rule, i) => {
      const base = `spec.${dir}[${i}]`;
      (rule.ports ?? []).forEach((p, j) => validatePort(p, `${base}.ports[${j}]`, errs));
      (rule[dir === 'ingress' ? 'from' : 'to'] ?? []).forEach((peer, j) => validatePeer(peer, `${base}.${dir === 'ingress' ? 'from' : 'to'}[${j}]`, errs));
    });
  }
  (spec.policyTypes ?? []).forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(`spec.policyTypes[${i}]: Unsupported value: "${t}": supported values: "Egress", "Ingress"`);
  });
  return errs;
}
