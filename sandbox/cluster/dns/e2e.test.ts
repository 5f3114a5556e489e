/**
 * The network control plane end to end on the `default` scenario: CoreDNS comes up behind
 * kube-dns, kube-proxy programs its ClusterIP, and dig in a pod sends a real UDP datagram
 * through the node's rules to a CoreDNS pod, which answers from the API objects.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { createShell } from '../../shell/session.ts';
import { createObject, listObjects, reconcileAll } from '../index.ts';
import { restoreErrors } from '../kube-proxy/controller.ts';

async function boot() {
  const r = bootScenario('default', 1);
  if (typeof r === 'string') throw new Error(r);
  return r.world;
}

async function run(world: Parameters<typeof createShell>[0], place: string, line: string) {
  const sh = createShell(world, place);
  let out = '';
  const rep = await sh.exec(line, (c) => { out += c.text; });
  return { out, status: rep.status };
}

describe('DNS and Services on the default scenario', () => {
  it('starts CoreDNS behind kube-dns and programs its chains', async () => {
    const world = await boot();
    const c = world.cluster!;
    const svc = listObjects(c, 'Service', 'kube-system')[0]!;
    expect((svc.spec as { clusterIP: string }).clusterIP).toBe('10.96.0.10');
    const slices = listObjects(c, 'EndpointSlice', 'kube-system');
    expect(slices).toHaveLength(1);
    expect((slices[0]!.endpoints as unknown[]).length).toBe(2);
    expect([...restoreErrors.values()]).toEqual([]);
    const save = await run(world, 'node-1', 'iptables-save -t nat');
    expect(save.out).toContain('-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m comment --comment "kube-system/kube-dns:dns cluster IP" -m udp --dport 53 -j KUBE-SVC-TCOU7JCQXEZGVUNU');
  });

  it('answers dig from a pod through the ClusterIP', async () => {
    const world = await boot();
    createObject(world, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 80 }] } });
    reconcileAll(world);
    const web = listObjects(world.cluster!, 'Service', 'default').find((s) => s.metadata.name === 'web')!;
    const ip = (web.spec as { clusterIP: string }).clusterIP;
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const r = await run(world, place, 'dig +short web.default.svc.cluster.local');
    expect(r.out).toBe(`${ip}\n`);
    const full = await run(world, place, 'nslookup web');
    expect(full.out).toContain(`Name:\tweb.default.svc.cluster.local\nAddress: ${ip}\n`);
    const srv = await run(world, place, 'host -t SRV _http._tcp.web');
    expect(srv.out).toBe('_http._tcp.web.default.svc.cluster.local has SRV record 0 100 80 web.default.svc.cluster.local.\n');
    const env = await run(world, place, 'cat /etc/resolv.conf');
    expect(env.out).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
});
