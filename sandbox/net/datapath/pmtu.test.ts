// Path MTU discovery (RFC 1191, ip(7) IP_MTU_DISCOVER) as a lesson on flannel's 1450 needs it:
// a DF packet over the sender's route MTU fails locally (EMSGSIZE with the MTU); one over a
// forwarding hop's MTU is dropped there with ICMP "fragmentation needed" carrying the next
// hop's MTU, which the sender remembers for the next packets; without DF it goes through.
import { describe, expect, it } from 'vitest';
import { pingOpen, pingSend, type PmtuDisc } from '../socket-udp.ts';
import { pump } from './pump.ts';
import { addr, bridgeNode, ip } from './topo.test-helper.ts';
import { addLink } from '../link.ts';
import { addRoute } from '../route.ts';
import { netns } from './topo.test-helper.ts';

/** pa (10.244.1.2, MTU 1500) -> node -> far (10.9.0.2) over a veth of MTU 1450. */
function narrowHop() {
  const t = bridgeNode();
  const far = netns(t.world, 'far');
  const made = addLink(t.world, t.node, { kind: 'veth', name: 'narrow', mtu: 1450, peerName: 'eth0', peerNetns: far, peerMtu: 1450 });
  if (!made.ok) throw new Error(made.errno);
  addr(t.world, t.node, made.value, '10.9.0.1/24');
  const eth0 = [...far.links.values()].find((l) => l.name === 'eth0')!;
  addr(t.world, far, eth0, '10.9.0.2/24');
  addRoute(far, { table: 254, type: 'unicast', dst: { addr: 0, len: 0 }, via: ip('10.9.0.1'), dev: eth0.ifindex, proto: 'boot', scope: 'global' });
  return t;
}

function ping(size: number, mode: PmtuDisc, count = 1) {
  const { world, pa } = narrowHop();
  const s = pingOpen(world, pa, 0);
  const sends = [];
  for (let seq = 1; seq <= count; seq++) {
    sends.push(pingSend(world, s, ip('10.9.0.2'), seq, size, 64, mode));
    pump(world, world.clock.ms + 1000, () => false);
  }
  return { sends, s, pa };
}

describe('path MTU discovery', () => {
  it('-M do over the first hop\'s MTU: EMSGSIZE with the MTU, nothing sent', () => {
    const { world, pa } = narrowHop();
    const s = pingOpen(world, pa, 0);
    expect(pingSend(world, s, ip('10.244.1.3'), 1, 1473, 64, 'do')).toEqual({ ok: false, errno: 'EMSGSIZE', detail: '1500' });
    expect(pingSend(world, s, ip('10.244.1.3'), 2, 1472, 64, 'do').ok).toBe(true);
  });
  it('a forwarding hop answers frag needed with its MTU, and the next packet fails locally', () => {
    const { sends, s, pa } = ping(1430, 'do', 2);
    expect(sends[0]!.ok).toBe(true);
    expect(s.errors.map((e) => [e.from, e.type, e.code, e.mtu])).toEqual([[ip('10.244.1.1'), 3, 4, 1450]]);
    expect(pa.pmtu?.get(ip('10.9.0.2'))?.mtu).toBe(1450);
    expect(sends[1]).toEqual({ ok: false, errno: 'EMSGSIZE', detail: '1450' });
  });
  it('a packet that fits the narrow hop (1422 + 28 = 1450) is answered', () => {
    const { s } = ping(1422, 'do');
    expect([s.replies.length, s.errors.length]).toEqual([1, 0]);
  });
  it('-M dont: no DF, the router does not refuse it', () => {
    const { s } = ping(1430, 'dont');
    expect([s.replies.length, s.errors.length]).toEqual([1, 0]);
  });
});
