import { it } from 'vitest';
import { bootScenario } from '../../scenarios/index.ts';
import { createShell } from '../../shell/session.ts';
it('tmp', async () => {
  const r = bootScenario('default', 1);
  if (typeof r === 'string') throw new Error(r);
  const sh = createShell(r.world, 'node-1');
  const run = async (l: string) => { let out = ''; await sh.exec(l, (c) => { out += c.text; }); console.log(`$ ${l}\n${out}`); };
  await run('kubectl run bad --image=ngnix');
  await run('kubectl run bad2 --image=nginx:doesnotexist');
  await run('kubectl get pods');
  await run('sleep 40');
  await run('kubectl get pods');
  await run('kubectl describe pod bad');
});
