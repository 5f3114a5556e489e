import { it } from 'vitest';
import { bootScenario } from './index.ts';
import { clusterScenario } from './fixtures.ts';
it('perf', () => {
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
  const t = performance.now();
  const r = bootScenario(clusterScenario({ nodes: 100, manifests: deps }), 1);
  if (typeof r === 'string') throw new Error(r);
  console.log('build ms', Math.round(performance.now() - t), 'pods', r.world.cluster!.pods.size);
}, 300000);
