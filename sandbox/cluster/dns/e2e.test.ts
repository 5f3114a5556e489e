/**
 * The network control plane end to end on the `default` scenario: CoreDNS comes up behind
 * kube-dns, kube-proxy programs its ClusterIP, and dig in a pod sends a real UDP datagram
 * through the node's rules to a CoreDNS pod, which answers from the API objects.
 */
import { describe, expect, it } from 'vitest';
import '../index.ts';
import { bootScenario } from '../../scenarios/index.ts';
import { scenarioText } from '../../../scripts/lesson-files.ts';
import { createShell } from '../../shell/session.ts';
import { createObject, listObjects, reconcileAll, updateObject } from '../index.ts';
import { restoreErrors } from '../kube-proxy/controller.ts';

async function boot() {
  const r = bootScenario(scenarioText('default')!, 1);
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
    expect([...restoreErrors(world).values()]).toEqual([]);
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

  it('answers with the TTL the Corefile configures (kubeadm\'s ttl 30), and follows an edit of it', async () => {
    const world = await boot();
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const a = await run(world, place, 'dig kube-dns.kube-system.svc.cluster.local');
    expect(a.out).toMatch(/^kube-dns\.kube-system\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.96\.0\.10$/m);
    const nx = await run(world, place, 'dig nosuch.default.svc.cluster.local');
    expect(nx.out).toMatch(/^cluster\.local\.\s+30\s+IN\s+SOA\s+ns\.dns\.cluster\.local\. hostmaster\.cluster\.local\. \d+ 7200 1800 86400 30$/m);
    const cm = listObjects(world.cluster!, 'ConfigMap', 'kube-system').find((o) => o.metadata.name === 'coredns')!;
    const data = cm.data as { Corefile: string };
    updateObject(world, { ...cm, data: { Corefile: data.Corefile.replace(/^\s*ttl 30\n/m, '') } });
    reconcileAll(world);
    const b = await run(world, place, 'dig kube-dns.kube-system.svc.cluster.local');
    expect(b.out).toMatch(/^kube-dns\.kube-system\.svc\.cluster\.local\.\s+5\s+IN\s+A\s+10\.96\.0\.10$/m);
  });

  it('answers the spec\'s dns-version TXT, and its cache 30 caps TTLs and counts them down (CoreDNS plugin/cache)', async () => {
    const world = await boot();
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const v = await run(world, place, 'dig +noall +answer TXT dns-version.cluster.local');
    expect(v.out).toBe('dns-version.cluster.local. 30\tIN\tTXT\t"1.1.0"\n');
    // Ask one CoreDNS pod directly, so every query meets the same cache.
    const pod = listObjects(world.cluster!, 'Pod', 'kube-system').find((p) => p.metadata.name.startsWith('coredns-'))!;
    const ip = (pod.status as { podIP: string }).podIP;
    const first = await run(world, place, `dig +noall +answer @${ip} example.com`);
    expect(first.out).toMatch(/^example\.com\.\s+30\s+IN\s+A\s+93\.184\.215\.14$/m);
    const later = await run(world, place, `sleep 7; dig +noall +answer @${ip} example.com`);
    expect(later.out).toMatch(/^example\.com\.\s+23\s+IN\s+A\s+93\.184\.215\.14$/m);
    const expired = await run(world, place, `sleep 30; dig +noall +answer @${ip} example.com`);
    expect(expired.out).toMatch(/^example\.com\.\s+30\s+IN\s+A/m);
  });

  it('resolves an ExternalName to an outside name through the upstream, so curl reaches it', async () => {
    const world = await boot();
    createObject(world, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'docs', namespace: 'default', uid: '', resourceVersion: '', creationTimestamp: '' },
      spec: { type: 'ExternalName', externalName: 'example.com' } });
    reconcileAll(world);
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const d = await run(world, place, 'dig docs.default.svc.cluster.local');
    expect(d.out).toContain('status: NOERROR');
    expect(d.out).toMatch(/ANSWER: 2,/);
    expect(d.out).toMatch(/^docs\.default\.svc\.cluster\.local\.\s+30\s+IN\s+CNAME\s+example\.com\.\nexample\.com\.\s+\d+\s+IN\s+A\s+93\.184\.215\.14$/m);
    const c = await run(world, place, 'curl -s http://docs');
    expect(c.status).toBe(0);
    expect(c.out).toMatch(/hello from 93\.184\.215\.14:80/);
  });

  it('serves DNS over TCP 53 too: dig +tcp, a forwarded name over TCP, nc -zv', async () => {
    const world = await boot();
    const place = [...world.machines.keys()].find((m) => m.includes('toolbox') && m.endsWith('netshoot'))!;
    const t = await run(world, place, 'dig +tcp kube-dns.kube-system.svc.cluster.local');
    expect(t.status).toBe(0);
    expect(t.out).toMatch(/^kube-dns\.kube-system\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.96\.0\.10$/m);
    expect(t.out).toContain(';; SERVER: 10.96.0.10#53(10.96.0.10) (TCP)');
    const size = /MSG SIZE {2}rcvd: (\d+)/.exec(t.out)?.[1];
    const udp = await run(world, place, 'dig kube-dns.kube-system.svc.cluster.local');
    expect(/MSG SIZE {2}rcvd: (\d+)/.exec(udp.out)?.[1]).toBe(size);
    const ext = await run(world, place, 'dig +vc example.com');
    expect(ext.out).toMatch(/^example\.com\.\s+\d+\s+IN\s+A\s+93\.184\.215\.14$/m);
    expect(ext.out).toContain('(TCP)');
    const nc = await run(world, place, 'nc -zv 10.96.0.10 53');
    expect(nc.status).toBe(0);
  });

  it('dig -b ADDR#PORT sends the query from that address and port, and cannot bind a foreign address (dig(1) -b)', async () => {
    const world = await boot();
    const node = createShell(world, 'node-1');
    const on = async (line: string) => {
      let out = '';
      const rep = await node.exec(line, (c) => { out += c.text; });
      return { out, status: rep.status };
    };
    expect(await on('dig -b 10.0.16.11#5353 @10.96.0.10 kube-dns.kube-system.svc.cluster.local +short')).toEqual({ out: '10.96.0.10\n', status: 0 });
    expect((await on('conntrack -L -p udp --orig-port-dst 53')).out).toMatch(/^udp {6}17 \d+ src=10\.0\.16\.11 dst=10\.96\.0\.10 sport=5353 dport=53 /m);
    // A source the namespace does not own: bind(2) fails with EADDRNOTAVAIL before anything is sent.
    const foreign = await on('dig -b 10.9.9.9 @10.96.0.10 kube-dns.kube-system.svc.cluster.local');
    expect(foreign.status).not.toBe(0);
    expect(foreign.out).toContain('address not available');
  });
});
