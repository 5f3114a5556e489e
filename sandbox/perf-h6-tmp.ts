import { bootScenario } from '/work/main/sandbox/scenarios/index.ts';
import { clusterScenario } from '/work/main/sandbox/scenarios/fixtures.ts';
import { registeredControllers } from '/work/main/sandbox/cluster/index.ts';
const deps = Array.from({ length: 30 }, (_, i) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: d${i} }
spec:
  replicas: 100
  selector: { matchLabels: { app: d${i} } }
  template:
    metadata: { labels: { app: d${i} } }
    spec:
      containers: [{ name: c, image: nginx }]`).join('\n---\n');
const times = new Map<string, number>();
for (const c of registeredControllers()) {
  const f = c.reconcile.bind(c);
  c.reconcile = (cl, w) => { const t = performance.now(); const r = f(cl, w); times.set(c.name, (times.get(c.name) ?? 0) + performance.now() - t); return r; };
}
const t = performance.now();
const r = bootScenario(clusterScenario({ nodes: 100, manifests: deps }), 1);
console.log('build ms', Math.round(performance.now() - t));
console.log([...times].map(([k, v]) => `${k} ${Math.round(v)}`).join('\n'));
