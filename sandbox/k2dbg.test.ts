import { it } from 'vitest';
import { bootScenario } from '/work/main/sandbox/scenarios/index.ts';
import { createShell } from '/work/main/sandbox/shell/session.ts';
import { proxyEntriesOf } from '/work/main/sandbox/cluster/kube-proxy/from-api.ts';
import { lbPayload } from '/work/main/sandbox/cluster/cloud-lb/index.ts';
it('dbg', async () => {
  const r = bootScenario('default', 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  let out = '';
  await sh.exec(`kubectl apply -f - <<'EOF'\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: LoadBalancer\n  selector: { app: web }\n  ports:\n    - port: 80\nEOF`, (c) => { out += c.text; });
  console.log(out);
  const e = proxyEntriesOf(r.world.cluster!).filter((x) => x.svc.name === 'web');
  console.log(JSON.stringify(e.map((x) => x.svc)));
  console.log(lbPayload(r.world, r.world.cluster!, e, [], true));
  out = '';
  await sh.exec(`kubectl get svc web -o yaml`, (c) => { out += c.text; });
  console.log(out);
});
