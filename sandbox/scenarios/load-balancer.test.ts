// The cloud load balancer on the default scenario: a LoadBalancer Service gets an external IP
// from the scenario's pool, the internet machine reaches it, the backend sees the client as
// externalTrafficPolicy says (Cluster: a node's address after the hop; Local: the internet
// client itself), and Local sends traffic only to nodes with a local endpoint.
import { describe, expect, it } from 'vitest';
import { bootScenario } from './index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { createShell } from '../shell/session.ts';
import { getObject, listObjects } from '../cluster/index.ts';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: who
spec:
  replicas: 1
  selector:
    matchLabels: { app: who }
  template:
    metadata:
      labels: { app: who }
    spec:
      nodeName: node-2
      containers:
        - name: whoami
          image: traefik/whoami
---
apiVersion: v1
kind: Service
metadata:
  name: who
spec:
  type: LoadBalancer
  selector: { app: who }
  ports:
    - port: 80
      targetPort: 80
`;

async function setup() {
  const r = bootScenario(scenarioText('default')!, 1);
  if (typeof r === 'string') throw new Error(r);
  const world = r.world;
  const shell = (machine: string) => {
    const sh = createShell(world, machine);
    return async (line: string) => {
      let out = '';
      let err = '';
      const { status } = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
      return { out, err, status };
    };
  };
  const node1 = shell('node-1');
  const applied = await node1(`kubectl apply -f - <<'EOF'\n${MANIFEST}EOF`);
  expect(applied.status).toBe(0);
  return { world, node1, internet: shell('internet'), gateway: shell('gateway') };
}

describe('cloud load balancer (default scenario)', () => {
  it('gives a LoadBalancer Service an external IP from the pool, shown by kubectl get svc', async () => {
    const { world, node1 } = await setup();
    const svc = getObject(world.cluster!, 'Service', 'default', 'who')!;
    expect((svc.status as { loadBalancer: { ingress: { ip: string }[] } }).loadBalancer.ingress[0]!.ip).toBe('203.0.113.201');
    const r = await node1('kubectl get svc who');
    expect(r.out).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nwho\s+LoadBalancer\s+10\.\S+\s+203\.0\.113\.201\s+80:3\d{4}\/TCP\s+/);
  });

  it('lets the internet machine curl the external IP; with Cluster the backend may see a node address', async () => {
    const { internet, gateway } = await setup();
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const r = await internet('curl -s http://203.0.113.201/');
      expect(r.status).toBe(0);
      expect(r.out).toMatch(/^Hostname: who-/);
      seen.add(/RemoteAddr: ([\d.]+):/.exec(r.out)![1]!);
    }
    // kube-proxy masquerades every external flow of a Cluster-policy Service (KUBE-EXT ->
    // KUBE-MARK-MASQ): flows the LB sent to node-2 reach the pod from node-2's cni0 address,
    // flows sent to node-1 hop over VXLAN and arrive from node-1's flannel.1 address.
    expect([...seen].sort()).toEqual(['10.244.0.0', '10.244.1.1']);
    const save = await gateway('iptables-save -t nat');
    expect(save.out).toContain('-A PREROUTING -m comment --comment "cloud load balancer" -j CLOUD-LB');
    expect(save.out).toMatch(/-A CLOUD-LB -d 203\.0\.113\.201\/32 -p tcp -m comment --comment "default\/who" -m tcp --dport 80 -j CLOUD-LB-\w{16}/);
    expect(save.out).toMatch(/-p tcp -m comment --comment "default\/who -> node-1" -m statistic --mode random --probability 0\.50000000000 -j DNAT --to-destination 10\.0\.16\.11:3\d{4}/);
  });

  it('with externalTrafficPolicy: Local sends only to nodes with an endpoint, and the client IP is kept', async () => {
    const { internet, node1, gateway, world } = await setup();
    const p = await node1(`kubectl patch svc who -p '{"spec":{"externalTrafficPolicy":"Local"}}'`);
    if (p.status !== 0) {
      // Without kubectl patch, re-apply the Service with the field set.
      const m = MANIFEST.split('---\n')[1]!.replace('  type: LoadBalancer\n', '  type: LoadBalancer\n  externalTrafficPolicy: Local\n');
      expect((await node1(`kubectl apply -f - <<'EOF'\n${m}EOF`)).status).toBe(0);
    }
    // The API server gave the Service a healthCheckNodePort: the port the LB's health check asks.
    expect((await node1('kubectl describe svc who')).out).toMatch(/\nHealthCheck NodePort:\s+3\d{4}\n/);
    const save = await gateway('iptables-save -t nat');
    expect(save.out).toMatch(/-p tcp -m comment --comment "default\/who -> node-2" -j DNAT --to-destination 10\.0\.16\.12:3\d{4}/);
    expect(save.out).not.toContain('default/who -> node-1');
    for (let i = 0; i < 6; i++) {
      const r = await internet('curl -s http://203.0.113.201/');
      expect(r.out).toMatch(/RemoteAddr: 203\.0\.113\.254:\d+/);
    }
    expect(listObjects(world.cluster!, 'Service', 'default').find((s) => s.metadata.name === 'who')).toBeDefined();
  });

  it('releases the address when the Service is deleted', async () => {
    const { node1, gateway } = await setup();
    expect((await gateway('ip -4 addr show dev wan0')).out).toContain('inet 203.0.113.201/32');
    expect((await node1('kubectl delete svc who')).status).toBe(0);
    expect((await gateway('ip -4 addr show dev wan0')).out).not.toContain('203.0.113.201');
    expect((await gateway('iptables-save -t nat')).out).not.toContain('default/who');
  });
});
