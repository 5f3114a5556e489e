// Validation as the API server words it (k8s.io/kubernetes pkg/apis/core/validation
// ValidateService and ValidateServiceUpdate: field paths, "Required value", the NodePort
// range, DNS-1035 names, a clusterIP that "may not change once set"; pkg/apis/networking/validation
// for NetworkPolicy and Ingress).
import { describe, expect, it } from 'vitest';
import { validateService } from './validate.ts';
import { validateNetworkPolicy } from '../network-policy/validate.ts';
import { validateIngress } from '../ingress/validate.ts';
import type { KubeObject } from '../types.ts';

const obj = (kind: string, spec: Record<string, unknown>, name = 'web'): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name, namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' }, spec });

describe('Service validation (API server messages)', () => {
  it('accepts a plain Service and fills the defaults', () => {
    const s = obj('Service', { selector: { app: 'web' }, ports: [{ port: 80 }] });
    expect(validateService(s, undefined)).toEqual([]);
    expect(s.spec).toMatchObject({ type: 'ClusterIP', sessionAffinity: 'None', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }] });
  });
  it('rejects bad ports, protocols, types and names', () => {
    expect(validateService(obj('Service', { ports: [{ port: 70000 }] }), undefined)).toEqual(['spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive', 'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    expect(validateService(obj('Service', { ports: [{ port: 80, protocol: 'HTTP' }] }), undefined)).toEqual(['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']);
    expect(validateService(obj('Service', { type: 'Foo', ports: [{ port: 80 }] }), undefined)).toEqual(['spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']);
    expect(validateService(obj('Service', { ports: [{ port: 80 }, { port: 81 }] }), undefined)).toEqual(['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    expect(validateService(obj('Service', {}), undefined)).toEqual(['spec.ports: Required value']);
    expect(validateService(obj('Service', { type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] }), undefined)).toEqual(['spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767']);
    expect(validateService(obj('Service', { ports: [{ port: 80 }] }, 'Web'), undefined)[0]).toMatch(/^metadata.name: Invalid value: "Web": a DNS-1035 label/);
  });
  it('keeps the allocated ClusterIP on update and refuses to change it', () => {
    const old = obj('Service', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] });
    const next = obj('Service', { ports: [{ port: 81 }] });
    expect(validateService(next, old)).toEqual([]);
    expect((next.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.20');
    expect(validateService(obj('Service', { clusterIP: '10.96.0.50', ports: [{ port: 80 }] }), old)).toEqual(['spec.clusterIPs[0]: Invalid value: []string{"10.96.0.50"}: may not change once set']);
  });
});

describe('NetworkPolicy and Ingress validation', () => {
  it('checks ipBlock CIDRs and exceptions, ports and peers', () => {
    expect(validateNetworkPolicy(obj('NetworkPolicy', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] }))).toEqual(['spec.ingress[0].from[0].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
    expect(validateNetworkPolicy(obj('NetworkPolicy', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }] }] }))).toEqual(['spec.egress[0].to[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`']);
    expect(validateNetworkPolicy(obj('NetworkPolicy', { podSelector: {}, ingress: [{ ports: [{ port: 81, endPort: 80 }] }] }))).toEqual(['spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`']);
    expect(validateNetworkPolicy(obj('NetworkPolicy', { podSelector: {}, ingress: [{ from: [{}] }] }))).toEqual(['spec.ingress[0].from[0]: Required value: must specify a peer']);
    expect(validateNetworkPolicy(obj('NetworkPolicy', { podSelector: {}, policyTypes: ['Both'] }))).toEqual(['spec.policyTypes[0]: Unsupported value: "Both": supported values: "Egress", "Ingress"']);
    expect(validateNetworkPolicy(obj('NetworkPolicy', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 'http' }] }] }))).toEqual([]);
  });
  it('requires pathType and absolute paths in an Ingress', () => {
    const ing = (p: Record<string, unknown>) => obj('Ingress', { rules: [{ http: { paths: [{ backend: { service: { name: 'web', port: { number: 80 } } }, ...p }] } }] });
    expect(validateIngress(ing({ path: '/' }))).toEqual(['spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified']);
    expect(validateIngress(ing({ path: 'app', pathType: 'Prefix' }))).toEqual(['spec.rules[0].http.paths[0].path: Invalid value: "app": must be an absolute path']);
    expect(validateIngress(ing({ path: '/', pathType: 'Prefix' }))).toEqual([]);
  });
});
