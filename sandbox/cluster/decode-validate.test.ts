// The API server's decoding and validation as learners meet them: JSON
// types checked before anything is stored (encoding/json's UnmarshalTypeError as
// k8s.io/apiserver wraps it: `X in version "v1" cannot be handled as a X: json: ...`), a Node's
// pod CIDR immutable (pkg/apis/core/validation ValidateNodeUpdate), kubectl's YAML reader's
// alias rules (go-yaml v2 decode.go: unknown anchors, "excessive aliasing", CVE-2019-11253)
// and YAML 1.1 scalars (go-yaml v2 resolve.go: yes/no/on/off/y/n are booleans).
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../scenarios/index.ts';
import { clusterScenario } from '../scenarios/fixtures.ts';
import { applyObject, parseManifests, toObject } from './manifest.ts';
import { getObject } from './store.ts';

function world() {
  const r = bootScenario(clusterScenario({ nodes: 2 }), 1);
  if (typeof r === 'string') throw new Error(r);
  return r.world;
}
const apply = (w: ReturnType<typeof world>, text: string) => {
  const p = parseManifests(text);
  if ('error' in p) return p.error;
  const o = toObject(p.docs[0]!, 'default', 'x.yaml');
  if ('client' in o) return o.client;
  const r = applyObject(w, o);
  return r.ok ? r.value : `${r.error.reason}: ${r.error.message}`;
};

describe('decoding into Go types', () => {
  it('names the struct, the field path and the Go type', () => {
    const w = world();
    const rv = w.cluster!.resourceVersion;
    expect(apply(w, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, ports: [{containerPort: "80"}]}]}\n'))
      .toBe('BadRequest: Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
    expect(apply(w, 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: {tier: 1}}\nspec: {containers: [{name: c, image: nginx}]}\n'))
      .toBe('BadRequest: Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string');
    expect(apply(w, 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: {port: 80}}\n'))
      .toBe('BadRequest: Service in version "v1" cannot be handled as a Service: json: cannot unmarshal object into Go struct field ServiceSpec.spec.ports of type []v1.ServicePort');
    expect(apply(w, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 1.5}\n'))
      .toBe('BadRequest: Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(w.cluster!.resourceVersion).toBe(rv);
  });

  it('stores a null list element as the zero value, as Go decodes it', () => {
    const w = world();
    expect(apply(w, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: null}\ndata: {a: b}\n')).toBe('created');
    expect(getObject(w.cluster!, 'ConfigMap', 'default', 'c')!.metadata.labels).toBeUndefined();
  });
});

describe('Node validation', () => {
  it("refuses to change a node's pod CIDR and an invalid one", () => {
    const w = world();
    const cidr = (getObject(w.cluster!, 'Node', undefined, 'node-1')!.spec as { podCIDR: string }).podCIDR;
    expect(cidr).toMatch(/^10\.244\./);
    expect(apply(w, 'apiVersion: v1\nkind: Node\nmetadata: {name: node-1}\nspec: {podCIDR: 10.244.9.0/24, podCIDRs: [10.244.9.0/24]}\n'))
      .toBe('Invalid: Node "node-1" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid');
    expect(apply(w, 'apiVersion: v1\nkind: Node\nmetadata: {name: node-9}\nspec: {podCIDR: 10.244.300.0/24}\n'))
      .toBe('Invalid: Node "node-9" is invalid: spec.podCIDRs[0]: Invalid value: "10.244.300.0/24": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)');
    expect((getObject(w.cluster!, 'Node', undefined, 'node-1')!.spec as { podCIDR: string }).podCIDR).toBe(cidr);
  });
});

describe("kubectl's YAML reader", () => {
  it('rejects unknown anchors and alias bombs with go-yaml\'s words', () => {
    expect(parseManifests('a: *nope\n')).toEqual({ error: "error converting YAML to JSON: yaml: unknown anchor 'nope' referenced" });
    const rows = ['a: &a [x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)];
    expect(parseManifests(rows.join('\n'))).toEqual({ error: 'error converting YAML to JSON: yaml: document contains excessive aliasing' });
  });

  it('accepts ordinary anchors and merge keys, and reads YAML 1.1 booleans', () => {
    expect(parseManifests('base: &b {app: web}\nmeta: {<<: *b, tier: fe}\n')).toEqual({ docs: [{ base: { app: 'web' }, meta: { app: 'web', tier: 'fe' } }] });
    expect(parseManifests('a: yes\nb: off\nc: "on"\nd: 0777\n')).toEqual({ docs: [{ a: true, b: false, c: 'on', d: 511 }] });
  });
});
