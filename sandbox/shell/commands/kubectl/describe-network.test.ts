// `kubectl describe ingress` and `kubectl describe networkpolicy` in kubectl's layouts
// (pkg/describe/describe.go): backends with the Service's endpoints, the tabwriter's column
// blocks, the policy's selectors and rules, and no raw-YAML fallback.
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';
import { getObject } from '../../../cluster/index.ts';
import { formatLabelSelector } from './describe-helpers.ts';

function boot(name: string) {
  const r = bootScenario(scenarioText(name)!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (line: string) => {
    let out = '';
    let err = '';
    const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
    return { out, err, status };
  };
  return { world: r.world, run };
}

describe('kubectl describe ingress', () => {
  it('prints address, class, rules with each backend\'s endpoints, annotations and events', async () => {
    const { world, run } = boot('ingress');
    const ep = getObject(world.cluster!, 'Endpoints', 'default', 'blog') as unknown as { subsets: { addresses: { ip: string }[]; ports: { port: number }[] }[] };
    const blogEp = ep.subsets.flatMap((s) => s.addresses.map((a) => `${a.ip}:${s.ports[0]!.port}`)).join(',');
    const r = await run('kubectl describe ingress blog');
    expect(r.status).toBe(0);
    expect(r.out).toBe([
      'Name:             blog',
      'Labels:           <none>',
      'Namespace:        default',
      'Address:          ',
      'Ingress Class:    <none>',
      'Default backend:  <default>',
      'Rules:',
      '  Host              Path  Backends',
      '  ----              ----  --------',
      '  blog.example.com  ',
      `                    /   blog:80 (${blogEp})`,
      'Annotations:        <none>',
      'Events:             <none>',
      '',
    ].join('\n'));
    const shop = await run('kubectl describe ingress shop');
    expect(shop.out).toMatch(/^Address: {10}\d+\.\d+\.\d+\.\d+\nIngress Class: {4}nginx\n/m);
    expect(shop.out).not.toContain('apiVersion');
  });
});

describe('kubectl describe networkpolicy', () => {
  it('prints the pod selector, the allowed ports and peers, and the policy types', async () => {
    const { run } = boot('dns');
    await run(`kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: dns-clients, namespace: kube-system }
spec:
  podSelector: { matchLabels: { k8s-app: kube-dns } }
  policyTypes: [Ingress]
  ingress:
    - from: [{ namespaceSelector: { matchLabels: { dns: allowed } } }]
      ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]
EOF`);
    const r = await run('kubectl describe networkpolicy dns-clients -n kube-system');
    expect(r.out).toMatch(/^Created on: {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/m);
    expect(r.out.replace(/^Created on:.*\n/m, '')).toBe([
      'Name:         dns-clients',
      'Namespace:    kube-system',
      'Labels:       <none>',
      'Annotations:  <none>',
      'Spec:',
      '  PodSelector:     k8s-app=kube-dns',
      '  Allowing ingress traffic:',
      '    To Port: 53/UDP',
      '    To Port: 53/TCP',
      '    From:',
      '      NamespaceSelector: dns=allowed',
      '  Not affecting egress traffic',
      '  Policy Types: Ingress',
      '',
    ].join('\n'));
  });

  it('prints isolation, any-port/any-peer rules, ipBlocks and rule separators', async () => {
    const { run } = boot('dns');
    const yaml = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: mix}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
  ingress:
  - {}
  - from:
    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}
    - podSelector: {matchLabels: {app: a}}
      namespaceSelector: {matchExpressions: [{key: team, operator: In, values: [prod, dev]}]}
`;
    expect((await run(`cat <<'EOF' | kubectl apply -f -\n${yaml}EOF`)).status).toBe(0);
    const r = await run('kubectl describe netpol mix');
    expect(r.out.slice(r.out.indexOf('Spec:'))).toBe([
      'Spec:',
      '  PodSelector:     <none> (Allowing the specific traffic to all pods in this namespace)',
      '  Allowing ingress traffic:',
      '    To Port: <any> (traffic allowed to all ports)',
      '    From: <any> (traffic not restricted by source)',
      '    ----------',
      '    To Port: <any> (traffic allowed to all ports)',
      '    From:',
      '      IPBlock:',
      '        CIDR: 10.0.0.0/8',
      '        Except: 10.1.0.0/16',
      '    From:',
      '      NamespaceSelector: team in (dev,prod)',
      '      PodSelector: app=a',
      '  Allowing egress traffic:',
      '    <none> (Selected pods are isolated for egress connectivity)',
      '  Policy Types: Ingress, Egress',
      '',
    ].join('\n'));
  });

  it('formats label selectors as metav1.FormatLabelSelector', () => {
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { b: '1' }, matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'c', operator: 'DoesNotExist' }] })).toBe('a,b=1,!c');
  });
});
