// proxy-arp.ts: when a node answers an ARP request for an address that is not its own
// (arp_fwd_proxy): proxy_arp on for the receiving device (or conf.all), forwarding on, and a
// unicast route for the target out of a different device. The end-to-end behaviour against
// real Linux is in tests/fidelity/calico-proxy-arp.test.ts.
import { describe, expect, it } from 'vitest';
import { createNetns } from '../netns.ts';
import { addLink } from '../link.ts';
import { addRoute } from '../route.ts';
import { setLinkUp } from '../link-state.ts';
import { setSysctl } from '../sysctl.ts';
import { testWorld } from '../test-world.ts';
import { addr, ip } from './topo.test-helper.ts';
import { proxiesFor } from './proxy-arp.ts';
import type { ArpPacket } from '../../wire/index.ts';
import type { DpWorld } from './types.ts';

function node() {
  const world = testWorld() as DpWorld;
  const ns = createNetns(world, 'node', []);
  const pod = createNetns(world, 'pod', []);
  const eth0 = addLink(world, ns, { kind: 'dummy', name: 'eth0' });
  const cali = addLink(world, ns, { kind: 'veth', name: 'calia', peerName: 'eth0', peerNetns: pod });
  if (!eth0.ok || !cali.ok) throw new Error('fixture');
  addr(world, ns, eth0.value, '10.0.16.11/20');
  setLinkUp(world, ns, cali.value, true);
  addRoute(ns, { table: 254, type: 'unicast', dst: { addr: 0, len: 0 }, via: ip('10.0.16.1'), dev: eth0.value.ifindex, proto: 'boot', scope: 'global' });
  addRoute(ns, { table: 254, type: 'unicast', dst: { addr: ip('10.244.0.1'), len: 32 }, dev: cali.value.ifindex, proto: 'boot', scope: 'link' });
  setSysctl(ns, 'net.ipv4.ip_forward', '1');
  const ask = (target: string): ArpPacket => ({ kind: 'arp', op: 'request', senderMac: '0a:00:00:00:00:01', senderIp: ip('10.244.0.1'), targetMac: '00:00:00:00:00:00', targetIp: ip(target) });
  return { ns, cali: cali.value, ask };
}

describe('proxy ARP (arp_fwd_proxy)', () => {
  it('stays silent while proxy_arp is off (the kernel default)', () => {
    const { ns, cali, ask } = node();
    expect(proxiesFor(ns, cali, ask('169.254.1.1'))).toBe(false);
  });
  it('answers for an address routed out of another device once proxy_arp is on, for the device or for all', () => {
    const { ns, cali, ask } = node();
    setSysctl(ns, 'net.ipv4.conf.calia.proxy_arp', '1');
    expect(proxiesFor(ns, cali, ask('169.254.1.1'))).toBe(true);
    setSysctl(ns, 'net.ipv4.conf.calia.proxy_arp', '0');
    setSysctl(ns, 'net.ipv4.conf.all.proxy_arp', '1');
    expect(proxiesFor(ns, cali, ask('10.0.16.12'))).toBe(true);
  });
  it('does not answer for an address routed back out of the asking device, nor without forwarding, nor for loopback or multicast', () => {
    const { ns, cali, ask } = node();
    setSysctl(ns, 'net.ipv4.conf.calia.proxy_arp', '1');
    expect(proxiesFor(ns, cali, ask('10.244.0.1'))).toBe(false);
    expect(proxiesFor(ns, cali, ask('127.0.0.5'))).toBe(false);
    expect(proxiesFor(ns, cali, ask('224.0.0.1'))).toBe(false);
    expect(proxiesFor(ns, cali, { ...ask('169.254.1.1'), op: 'reply' })).toBe(false);
    setSysctl(ns, 'net.ipv4.ip_forward', '0');
    expect(proxiesFor(ns, cali, ask('169.254.1.1'))).toBe(false);
  });
});
