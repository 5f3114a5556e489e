// Fates that emerge from state, not from special cases: a REJECT rule refuses at once, a
// DROP rule times out, forwarding switched off silences a node, a link down cuts a pod off,
// a removed route fails before sending; the packet walk says where each packet ended.
import { describe, expect, it } from 'vitest';
import { createShell } from '../../sandbox/shell/session.ts';
import { recentTraces } from '../../sandbox/fabric/traffic.ts';
import { lab, run } from './traffic-lab.helper.ts';

describe('fates in the reference lab', () => {
  it('a bridged REJECT --reject-with tcp-reset refuses the connection (br_netfilter FORWARD)', async () => {
    const world = lab();
    const node = createShell(world, 'lab-node1');
    expect((await run(world, 'lab-node1', 'iptables -I FORWARD -d 10.244.1.3 -p tcp --dport 8080 -j REJECT --reject-with tcp-reset', node)).status).toBe(0);
    const r = await run(world, 'lab-n1-pa', 'curl -sS -m 5 http://10.244.1.3:8080/');
    expect(r).toMatchObject({ status: 7, stderr: 'curl: (7) Failed to connect to 10.244.1.3 port 8080 after 0 ms: Couldn\'t connect to server\n' });
  });

  it('a DROP rule makes the connect time out, and the walk names the rule', async () => {
    const world = lab();
    await run(world, 'lab-node1', 'iptables -I FORWARD -d 10.244.2.2 -j DROP');
    const r = await run(world, 'lab-n1-pa', 'curl -sS --connect-timeout 2 http://10.244.2.2:8080/');
    expect(r.status).toBe(28);
    const drops = recentTraces(world).at(-1)!.hops.filter((h) => h.event === 'kfree_skb');
    expect(drops[0]).toMatchObject({ netns: 'lab-node1' });
    expect(drops[0]!.detail).toMatch(/FORWARD/);
  });

  it('ip_forward=0 on the node silences cross-node traffic', async () => {
    const world = lab();
    await run(world, 'lab-node1', 'sysctl -w net.ipv4.ip_forward=0');
    const r = await run(world, 'lab-n1-pa', 'ping -c 1 -W 1 10.244.2.2');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss');
    expect(recentTraces(world).at(-1)!.hops.some((h) => h.event === 'kfree_skb' && /ip_forward=0/.test(h.detail ?? ''))).toBe(true);
  });

  it('a pod whose route is gone cannot even send', async () => {
    const world = lab();
    await run(world, 'lab-n1-pa', 'ip route del default');
    const r = await run(world, 'lab-n1-pa', 'curl -sS -m 2 http://10.0.16.1/');
    expect(r).toMatchObject({ status: 7, stderr: 'curl: (7) Failed to connect to 10.0.16.1 port 80 after 0 ms: Couldn\'t connect to server\n' });
    expect((await run(world, 'lab-n1-pa', 'ping -c 1 10.0.16.1')).stderr).toBe('ping: connect: Network is unreachable\n');
  });

  it('a host-side veth taken down cuts the pod off (no carrier)', async () => {
    const world = lab();
    await run(world, 'lab-node1', 'ip link set veth8e41d7a0 down');
    const r = await run(world, 'lab-n1-pa', 'curl -sS --connect-timeout 1 http://10.244.1.3:8080/');
    expect(r.status).toBe(28);
  });

  it('counters grow with traffic (ip -s link on flannel.1)', async () => {
    const world = lab();
    const before = (await run(world, 'lab-node1', 'ip -s link show flannel.1')).stdout;
    await run(world, 'lab-n1-pa', 'curl -sS -m 5 http://10.244.2.2:8080/');
    const after = (await run(world, 'lab-node1', 'ip -s link show flannel.1')).stdout;
    expect(after).not.toBe(before);
  });
});
