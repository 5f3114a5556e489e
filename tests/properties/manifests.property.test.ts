// Random manifests against the API server and the controllers: valid-ish objects of every modelled kind, then mutated (fields retyped, removed,
// added; names reused so updates meet immutable fields; YAML text damaged), applied as
// `kubectl apply -f` applies them. No exception escapes the parser, the store, the validators
// or the controllers, and a rejected document leaves the configuration digest (sandbox/api
// journal.ts, the walk the page commits by) and the resourceVersion exactly as they were.
// The reference for what must be rejected is the API server itself: every write is validated
// before it is stored (k8s.io/apiserver pkg/registry/rest create.go BeforeCreate / update.go
// BeforeUpdate run the strategy's Validate before etcd sees the object).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { clusterScenario } from '../../sandbox/scenarios/fixtures.ts';
import { reconcileAll } from '../../sandbox/cluster/index.ts';
import { applyObject, parseManifests, toObject } from '../../sandbox/cluster/manifest.ts';
import { configDigest } from '../../sandbox/api/journal.ts';

const NAMES = ['a', 'web', 'db', 'x-1', 'Bad_Name', ''];
const labels = { app: 'web' };
const podSpec = () => ({ containers: [{ name: 'c', image: 'nginx:1.27', ports: [{ containerPort: 80, name: 'http', protocol: 'TCP' }] }] });
const template = () => ({ metadata: { labels }, spec: podSpec() });

/** A plausible object of each kind (what a lesson's learner writes), before mutation. */
const BASES: Record<string, (name: string) => Record<string, unknown>> = {
  Pod: (name) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { ...podSpec(), nodeName: 'node-1' } }),
  Deployment: (name) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name }, spec: { replicas: 2, selector: { matchLabels: labels }, template: template() } }),
  ReplicaSet: (name) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas: 1, selector: { matchLabels: labels }, template: template() } }),
  DaemonSet: (name) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name }, spec: { selector: { matchLabels: labels }, template: template() } }),
  Service: (name) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { type: 'NodePort', selector: labels, externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }, { name: 's', port: 9, protocol: 'SCTP' }] } }),
  NetworkPolicy: (name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name }, spec: {
    podSelector: { matchLabels: labels }, policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }], ports: [{ port: 'http' }, { protocol: 'SCTP' }] }],
    egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }], ports: [{ protocol: 'UDP', port: 53, endPort: 60 }] }],
  } }),
  Ingress: (name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name }, spec: {
    rules: [{ host: 'web.example', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }],
  } }),
  IngressClass: (name) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name }, spec: { controller: 'k8s.io/ingress-nginx' } }),
  ConfigMap: (name) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } }),
  Namespace: (name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }),
  Node: (name) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: name === 'a' ? 'node-1' : name }, spec: { podCIDR: '10.244.9.0/24', podCIDRs: ['10.244.9.0/24'] } }),
  Endpoints: (name) => ({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name }, subsets: [{ addresses: [{ ip: '10.244.0.9' }], ports: [{ port: 80 }] }] }),
  EndpointSlice: (name) => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, labels: { 'kubernetes.io/service-name': name } }, addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.0.9'], conditions: { ready: true } }], ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
};

// Numbers stay small or out of int32's range: a valid `replicas: 99999` is accepted by the API
// server too, and then costs the sandbox 99,999 pods.
const ODD_VALUES: unknown[] = [null, {}, [], -1, 0, 1.5, 7, 2 ** 31, '65536', 'x', '', 'None', 'SCTP', 'yes', true, false, '10.96.0.1', '999.1.1.1/33',
  [null], [{}], { a: 1 }, 'a'.repeat(300), 'http', 'Local', '*'];

/** Every path (list of keys/indices) to a value inside `v`. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (!v || typeof v !== 'object') return [at];
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return [at, ...entries.flatMap(([k, x]) => paths(x, [...at, k]))];
}

type Mutation = { pick: number; op: 'set' | 'delete' | 'add'; value: unknown };

function mutate(obj: Record<string, unknown>, ms: Mutation[]): Record<string, unknown> {
  for (const m of ms) {
    const all = paths(obj).filter((p) => p.length > 0);
    const p = all[m.pick % all.length]!;
    let parent = obj as Record<string | number, unknown>;
    for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
    const last = p[p.length - 1]!;
    if (m.op === 'set') parent[last] = structuredClone(m.value);
    else if (m.op === 'delete') { if (Array.isArray(parent)) parent.splice(Number(last), 1); else delete parent[last]; }
    else if (parent[last] && typeof parent[last] === 'object' && !Array.isArray(parent[last])) (parent[last] as Record<string, unknown>).extra = structuredClone(m.value);
  }
  return obj;
}

const mutation = fc.record({ pick: fc.nat(), op: fc.constantFrom('set', 'delete', 'add'), value: fc.constantFrom(...ODD_VALUES) }) as fc.Arbitrary<Mutation>;

/** YAML damage: the text-level mistakes (tabs, bad indentation, aliases, anchors) and alias bombs. */
const damage = fc.constantFrom<(t: string) => string>(
  (t) => t,
  (t) => t,
  (t) => t.replace('  ', '\t'),
  (t) => t.replace(/\n {2}(\w)/, '\n   $1'),
  (t) => `${t}\nextra: *missing\n`,
  (t) => `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n${t}`,
  (t) => t.slice(0, Math.floor(t.length / 2)),
  (t) => `${t}---\n- just\n- a list\n`,
  (t) => t.replace(/true/g, 'on').replace(/: ?80$/m, ': "80"'),
);

const manifest = fc.record({
  kind: fc.constantFrom(...Object.keys(BASES)),
  name: fc.constantFrom(...NAMES),
  mutations: fc.array(mutation, { maxLength: 3 }),
  json: fc.boolean(),
  damage,
}).map(({ kind, name, mutations, json, damage: d }) => {
  const obj = mutate(BASES[kind]!(name), mutations);
  return json ? JSON.stringify(obj) : d(stringify(obj));
});

describe('random manifests against the API server and controllers', () => {
  it('never throw, and a rejected document changes nothing (2,000+ manifests)', () => {
    const boot = bootScenario(clusterScenario({ nodes: 2, networkPolicy: true }), 3);
    if (typeof boot === 'string') throw new Error(boot);
    const { world } = boot;
    // No shell stands in this world: the digest covers the world's part only.
    const noShell = { frames: [], history: [] };
    const c = world.cluster!;
    let rejected = 0;
    let stored = 0;
    let runs = 0;
    fc.assert(fc.property(fc.array(manifest, { minLength: 2, maxLength: 4 }), (texts) => {
      for (const text of texts) {
        runs++;
        const parsed = parseManifests(text);
        if ('error' in parsed) {
          expect(parsed.error).toMatch(/^error converting YAML to JSON: yaml: |^error unmarshaling JSON/);
          rejected++;
          continue;
        }
        for (const doc of parsed.docs) {
          const obj = toObject(doc, 'default', 'fuzz.yaml');
          if ('client' in obj) { rejected++; continue; }
          const docBefore = configDigest(world, noShell);
          const docRv = c.resourceVersion;
          const r = applyObject(world, obj);
          if (!r.ok) {
            rejected++;
            expect(r.error.message.length).toBeGreaterThan(0);
            expect(c.resourceVersion).toBe(docRv);
            expect(configDigest(world, noShell)).toBe(docBefore);
            continue;
          }
          stored++;
          reconcileAll(world);
        }
      }
    }), { numRuns: Number(process.env.FUZZ_RUNS ?? 700) });
    expect(runs).toBeGreaterThanOrEqual(2000);
    // Both branches were exercised: the mix is neither all-valid nor all-rejected.
    expect(rejected).toBeGreaterThan(200);
    expect(stored).toBeGreaterThan(200);
  }, 300_000);
});
