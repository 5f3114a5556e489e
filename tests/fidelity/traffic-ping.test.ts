// ping in the reference lab against the lab's captures (golden/*.ping-*): TTLs show the
// routed hops (64 same bridge, 63 via the node, 62 across VXLAN), a ClusterIP and an
// unknown pod answer nothing (100% loss, exit 1), and the statistics block's layout.
import { describe, expect, it } from 'vitest';
import { golden, lab, run } from './traffic-lab.helper.ts';
import { createShell } from '../../sandbox/shell/session.ts';

/** rtts and the elapsed time vary between runs. */
const mask = (s: string) => s
  .replace(/time=[\d.]+ ms/g, 'time=T ms')
  .replace(/time \d+ms/g, 'time Tms')
  .replace(/= [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms/g, '= RTT ms');

describe('ping in the reference lab', () => {
  it.each([
    ['lab-n1-pa', 'ping -c 3 10.244.2.2', 'lab-n1-pa.ping-c3-pod-c', 0],
    ['lab-n1-pa', 'ping -c 3 10.244.1.3', 'lab-n1-pa.ping-c3-pod-b', 0],
    ['lab-n1-pa', 'ping -c 2 10.0.16.1', 'lab-n1-pa.ping-c2-external', 0],
    ['lab-node1', 'ping -c 2 10.0.16.12', 'lab-node1.ping-c2-node2', 0],
    ['lab-n1-pa', 'ping -c 2 -W 1 10.96.0.10', 'lab-n1-pa.ping-c2-W1-clusterip', 1],
    ['lab-n1-pa', 'ping -c 2 -W 1 10.244.9.9', 'lab-n1-pa.ping-c2-W1-unknown-pod', 1],
  ])('%s: %s', async (on, line, file, status) => {
    const r = await run(lab(), on, line);
    expect(r.status).toBe(status);
    expect(mask(r.stdout)).toBe(mask(golden(file)));
  });

  it('takes about (count-1) intervals, as the statistics line says', async () => {
    const r = await run(lab(), 'lab-n1-pa', 'ping -c 3 10.244.1.3');
    const ms = Number(/time (\d+)ms/.exec(r.stdout)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(2000);
    expect(ms).toBeLessThan(2100);
  });

  it('reports an unresolved neighbour as Destination Host Unreachable from the sender itself', async () => {
    // 10.244.1.9 is on pod a's own subnet: no one answers ARP, the kernel gives up after 3 probes.
    const r = await run(lab(), 'lab-n1-pa', 'ping -c 2 10.244.1.9');
    expect(r.status).toBe(1);
    expect(mask(r.stdout)).toBe(
      'PING 10.244.1.9 (10.244.1.9) 56(84) bytes of data.\n' +
      'From 10.244.1.2 icmp_seq=1 Destination Host Unreachable\nFrom 10.244.1.2 icmp_seq=2 Destination Host Unreachable\n\n' +
      '--- 10.244.1.9 ping statistics ---\n2 packets transmitted, 0 received, +2 errors, 100% packet loss, time Tms\npipe 2\n');
  });

  it('fails before sending without a route, and without a destination', async () => {
    const world = lab();
    expect(await run(world, 'lab-lan', 'ping -c 1 10.244.9.9')).toMatchObject({ status: 2, stderr: 'ping: connect: Network is unreachable\n' });
    expect(await run(world, 'lab-lan', 'ping')).toMatchObject({ status: 1, stderr: 'ping: usage error: Destination address required\n' });
    expect((await run(world, 'lab-node1', 'ping -V')).stdout).toBe(golden('lab-node1.ping-V'));
  });

  it('runs until Ctrl-C without -c, printing replies as they come, then the statistics', async () => {
    const sh = createShell(lab(), 'lab-n1-pa');
    let out = '';
    const p = sh.exec('ping 10.244.1.3', (c) => { out += c.text; });
    for (let i = 0; i < 1000 && (out.match(/bytes from/g) ?? []).length < 3; i++) await new Promise((r) => setTimeout(r, 0));
    sh.interrupt();
    const { status } = await p;
    expect(status).toBe(0);
    const replies = (out.match(/^64 bytes from 10\.244\.1\.3: icmp_seq=\d+ ttl=64 time=[\d.]+ ms$/gm) ?? []).length;
    expect(replies).toBeGreaterThanOrEqual(3);
    expect(out).toMatch(new RegExp(String.raw`\n--- 10\.244\.1\.3 ping statistics ---\n\d+ packets transmitted, ${replies} received`));
  });
});
