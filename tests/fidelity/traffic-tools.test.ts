// nc, traceroute and pwru in the reference lab, and the walks the sandbox API exposes: the
// texts are netcat-openbsd's and traceroute 2.1's (captured in a local netns), the walk
// names the kube-proxy rule that DNATed a Service packet and where an unanswered one died.
import { describe, expect, it } from 'vitest';
import { during, lab, run } from './traffic-lab.helper.ts';
import { recentTraces } from '../../sandbox/fabric/traffic.ts';

describe('nc', () => {
  it('reports an open port, a closed one and a silent one as netcat-openbsd does', async () => {
    const world = lab();
    expect(await run(world, 'lab-n1-pa', 'nc -zv 10.244.1.3 8080')).toMatchObject({ status: 0, stderr: 'Connection to 10.244.1.3 8080 port [tcp/http-alt] succeeded!\n' });
    expect(await run(world, 'lab-n1-pa', 'nc -zv 10.244.1.3 9999')).toMatchObject({ status: 1, stderr: 'nc: connect to 10.244.1.3 port 9999 (tcp) failed: Connection refused\n' });
    expect(await run(world, 'lab-n1-pa', 'nc -z -w 1 10.244.9.9 80')).toMatchObject({ status: 1, stderr: 'nc: connect to 10.244.9.9 port 80 (tcp) timed out: Operation now in progress\n' });
  });

  it('sends stdin and prints the answer until the server closes', async () => {
    const r = await run(lab(), 'lab-n1-pa', "printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc 10.244.2.2 8080");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
    expect(r.stdout).toMatch(/lab-n2-pc: hello from 10\.244\.2\.2:8080, you are 10\.244\.1\.2:\d+\n$/);
  });
});

describe('traceroute', () => {
  it('lists the routers on the way: the node, the other node\'s flannel.1 address, the pod', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'traceroute -n 10.244.2.2');
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 60 byte packets');
    expect(lines.slice(1, 4).map((l) => l.replace(/\d+\.\d+ ms/g, 'T ms'))).toEqual([
      ' 1  10.244.1.1  T ms  T ms  T ms', ' 2  10.244.2.0  T ms  T ms  T ms', ' 3  10.244.2.2  T ms  T ms  T ms',
    ]);
  });

  it('prints stars for hops that stay silent', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'traceroute -n -m 3 -w 1 10.96.0.10');
    expect(r.stdout.split('\n').slice(1)).toContain(' 3  * * *');
  });
});

describe('packet walks', () => {
  it('records the Service DNAT rule a curl to the ClusterIP went through', async () => {
    const world = lab();
    await run(world, 'lab-n1-pa', 'curl -sS -m 5 http://10.96.0.10/');
    const walk = recentTraces(world).at(-1)!;
    expect(walk.command).toBe('curl -sS -m 5 http://10.96.0.10/');
    expect(walk.hops.some((h) => h.netns === 'lab-node1' && /KUBE-SEP-/.test(h.detail ?? ''))).toBe(true);
    expect(walk.hops[0]).toMatchObject({ netns: 'lab-n1-pa', event: 'ip_local_out' });
  });

  it('pwru --last shows where an unanswered SYN went (out of the node towards the LAN)', async () => {
    const world = lab();
    await run(world, 'lab-n1-pa', 'curl -sS --connect-timeout 1 http://10.244.9.9:8080/');
    const r = await run(world, 'lab-node1', 'pwru --last --filter-netns lab-node1 --output-meta tcp');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('# curl -sS --connect-timeout 1 http://10.244.9.9:8080/');
    expect(r.stdout).toMatch(/lab-node1 +eth0 +10\.244\.1\.2:\d+->10\.244\.9\.9:8080\(tcp\) +ip_output/);
  });

  it('pwru prints hops live while traffic runs, until its line limit', async () => {
    const { cap } = await during(lab(), 'lab-node1', 'pwru --output-limit-lines 5 --filter-netns lab-node1', 'lab-n1-pa', 'curl -sS -m 5 http://10.244.2.2:8080/');
    const rows = cap.stdout.split('\n').filter(Boolean);
    expect(rows[0]).toMatch(/^TIME +NETNS +IFACE +TUPLE +FUNC$/);
    expect(rows).toHaveLength(6);
    expect(rows.slice(1).every((l) => /lab-node1/.test(l))).toBe(true);
  });
});
