// The hairpin flag set through rtnetlink's bridge_slave data (`ip link set DEV type
// bridge_slave hairpin on`, ip/iplink_bridge_slave.c) is the same port flag `bridge link set`
// changes: it shows in `ip -d link` and `bridge -d link`, and a pod that reaches itself through
// a DNAT on its node (out of and back into the same bridge port) needs it. Compared with real
// captures (tests/fixtures/edge-details/golden, lab.sh capture-edge).
import { describe, expect, it } from 'vitest';
import { lab, maskHttp, run } from './traffic-lab.helper.ts';
import { edgeGolden } from './edge-details.helper.ts';

const PORT = 'veth3f6a1b2c';

describe('ip link set DEV type bridge_slave', () => {
  it.each([
    [`ip link set ${PORT} type bridge_slave hairpin maybe`, 'lab-node1.ip-link-set-hairpin-bad', 1],
    ['ip link set flannel.1 type bridge_slave hairpin on', 'lab-node1.ip-link-set-hairpin-nomaster', 2],
    [`ip link set ${PORT} type bridge_slave foo`, 'lab-node1.ip-link-set-bridge-slave-unknown', 1],
    [`ip link set ${PORT} type bridge_slave hairpin`, 'lab-node1.ip-link-set-hairpin-novalue', 255],
  ])('%s fails as iproute2 does', async (line, file, status) => {
    const r = await run(lab(), 'lab-node1', line);
    expect(r.status).toBe(status);
    expect(r.stderr).toBe(edgeGolden(file, 'stderr'));
  });

  it('learning and flood show in bridge -d link', async () => {
    const r = await run(lab(), 'lab-node1', `ip link set ${PORT} type bridge_slave learning off flood off && bridge -d link show dev ${PORT}`);
    expect(r.stdout).toBe(edgeGolden('lab-node1.ip-link-set-learning-flood-off'));
  });

  it('hairpin on shows in ip -d link on the node', async () => {
    const world = lab();
    await run(world, 'lab-node1', `ip link set ${PORT} type bridge_slave hairpin off`);
    expect((await run(world, 'lab-node1', `ip link set ${PORT} type bridge_slave hairpin on`)).status).toBe(0);
    const d = await run(world, 'lab-node1', `ip -d link show ${PORT}`);
    expect(d.stdout).toMatch(/ hairpin on /);
  });

  it('decides whether a pod reaches itself through a DNAT on its node', async () => {
    const world = lab();
    expect((await run(world, 'lab-node1', `ip link set ${PORT} type bridge_slave hairpin off`)).status).toBe(0);
    await run(world, 'lab-node1', 'iptables -t nat -I PREROUTING 1 -s 10.244.1.2 -d 10.96.0.99 -p tcp --dport 80 -j DNAT --to-destination 10.244.1.2:8080 && iptables -t nat -I POSTROUTING 1 -s 10.244.1.2 -d 10.244.1.2 -j MASQUERADE');
    const off = await run(world, 'lab-n1-pa', 'curl -sS -m 2 http://10.96.0.99/');
    expect(off.status).toBe(28);
    const ms = (t: string) => t.replace(/after \d+ milliseconds/, 'after N milliseconds');
    expect(ms(off.stderr)).toBe(ms(edgeGolden('lab-n1-pa.curl-self-hairpin-off', 'stderr')));
    await run(world, 'lab-node1', `ip link set ${PORT} type bridge_slave hairpin on`);
    const on = await run(world, 'lab-n1-pa', 'curl -sS -m 5 http://10.96.0.99/');
    expect(on.status).toBe(0);
    expect(maskHttp(on.stdout)).toBe(maskHttp(edgeGolden('lab-n1-pa.curl-self-hairpin-on')));
  });

  it('acts on the namespace ip -n names, not the shell\'s', async () => {
    const world = lab();
    const r = await run(world, 'lab-node1', 'ip netns add t && ip -n t link add br0 type bridge && ip -n t link add v0 type veth peer name v1 && ' +
      'ip -n t link set v0 master br0 && ip -n t link set v0 type bridge_slave hairpin on && ip -n t -d link show v0 && bridge -d link show dev veth3f6a1b2c');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/bridge_slave state \w+ priority 32 cost 2 hairpin on /);
    // The node's own port keeps the lab's hairpin on; a flag set with -n never lands elsewhere.
    await run(world, 'lab-node1', 'ip -n t link set v0 type bridge_slave hairpin off');
    expect((await run(world, 'lab-node1', 'ip -n t -d link show v0')).stdout).toMatch(/ hairpin off /);
    expect((await run(world, 'lab-node1', `ip -d link show ${PORT}`)).stdout).toMatch(/ hairpin on /);
  });
});
