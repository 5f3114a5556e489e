/**
 * The SELECTOR columns of `kubectl get`: printers.go writes a workload's selector as
 * metav1.LabelSelectorAsSelector(...).String() and a NetworkPolicy's pod selector with
 * metav1.FormatLabelSelector, and both sort the requirements by key (labels.internalSelector)
 * and each requirement's values (labels.NewRequirement), whatever order the manifest used.
 */
import { describe, expect, it } from 'vitest';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';

async function shell() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  return async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); return out; };
}

const DEPLOYMENT = `kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 1
  selector:
    matchLabels: { tier: back, app: api }
    matchExpressions:
    - { key: track, operator: In, values: [stable, canary] }
  template:
    metadata:
      labels: { app: api, tier: back, track: stable }
    spec:
      containers:
      - { name: api, image: nginx:1.27 }
EOF`;

const POLICY = `kubectl apply -f - <<EOF
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: only-api
spec:
  podSelector:
    matchLabels: { tier: back }
    matchExpressions:
    - { key: app, operator: NotIn, values: [web, db] }
  policyTypes: [Ingress]
EOF`;

describe('kubectl get: selector columns', () => {
  it('Deployment and ReplicaSet -o wide: requirements sorted by key, values sorted', async () => {
    const run = await shell();
    expect(await run(DEPLOYMENT)).toBe('deployment.apps/api created\n');
    const deploy = (await run('kubectl get deploy api -o wide')).split('\n')[1]!;
    expect(deploy.trimEnd().endsWith('app=api,tier=back,track in (canary,stable)')).toBe(true);
    const rs = (await run('kubectl get rs -l app=api -o wide')).split('\n')[1]!;
    expect(rs).toMatch(/app=api,pod-template-hash=[a-z0-9]+,tier=back,track in \(canary,stable\)$/);
  });

  it('NetworkPolicy POD-SELECTOR: the same order, and <none> for a policy that selects every pod', async () => {
    const run = await shell();
    expect(await run(POLICY)).toBe('networkpolicy.networking.k8s.io/only-api created\n');
    expect(await run("kubectl apply -f - <<EOF\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: all\nspec:\n  podSelector: {}\nEOF")).toBe('networkpolicy.networking.k8s.io/all created\n');
    const rows = (await run('kubectl get netpol')).split('\n').slice(1, 3).map((row) => row.split(/\s{2,}/).slice(0, 2));
    expect(rows).toEqual([['all', '<none>'], ['only-api', 'app notin (db,web),tier=back']]);
  });
});
