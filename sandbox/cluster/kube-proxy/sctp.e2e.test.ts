/**
 * A Service with an SCTP port next to a TCP one (kube-proxy's proxier writes `-p sctp -m sctp`
 * rules as for any protocol): the node's restore succeeds, the SCTP port gets its chains, and
 * the TCP port keeps working. Before the iptables sctp match existed the whole restore failed
 * ("Couldn't load match `sctp'") and every Service on the node went stale.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import type { World } from '../../fabric/world.ts';
import { createObject, reconcileAll } from '../index.ts';
import { restoreErrors } from './controller.ts';

async function run(world: World, place: string, line: string) {
  const sh = createShell(world, place);
  let out = '';
  const rep = await sh.exec(line, (c) => { out += c.text; });
  return { out, status: rep.status };
}

describe('kube-proxy with an SCTP Service port', () => {
  it('writes sctp rules and keeps the TCP port of the same Service reachable', async () => {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const world = r.world;
    createObject(world, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'mixed', namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: { selector: { app: 'echo' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }, { name: 'sc', port: 9999, protocol: 'SCTP', targetPort: 9999 }] } });
    reconcileAll(world);
    expect([...restoreErrors(world).values()]).toEqual([]);
    const save = await run(world, 'node-1', 'iptables-save -t nat | grep default/mixed:sc');
    expect(save.out).toMatch(/^-A KUBE-SERVICES -d [\d.]+\/32 -p sctp -m comment --comment "default\/mixed:sc cluster IP" -m sctp --dport 9999 -j KUBE-SVC-\w{16}$/m);
    expect(save.out).toMatch(/-p sctp -m comment --comment "default\/mixed:sc" -m sctp -j DNAT --to-destination [\d.]+:9999/);
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const curl = await run(world, place, 'curl -sS -m 2 mixed/hostname');
    expect(curl.status).toBe(0);
    expect(curl.out).toMatch(/^echo-/);
  });
});
