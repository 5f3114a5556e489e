import { describe, expect, it } from 'vitest';
import { formatIpv4, parseIpv4 } from '../wire/index.ts';
import { testWorld } from './test-world.ts';
import { createNetns } from './netns.ts';
import { addLink, linkByName } from './link.ts';
import { setLinkUp } from './link-state.ts';
import { addAddress, delAddress, isSecondary } from './addr.ts';
import { addRoute, delRoute, routeLookup, routesInOrder } from './route.ts';
import type { Netns, Route } from './types.ts';

const ip = (t: string) => parseIpv4(t)!;
const show = (ns: Netns, table: number) =>
  routesInOrder(ns, table).map((r) => `${r.type} ${formatIpv4(r.dst.addr)}/${r.dst.len}${r.via ? ' via ' + formatIpv4(r.via) : ''} dev ${ns.links.get(r.dev!)?.name}${r.src ? ' src ' + formatIpv4(r.src) : ''}`);

/** node1 of the reference lab: lo up, eth0 10.0.16.11/20 brd +, flannel.1 10.244.1.0/32, cni0 10.244.1.1/24. */
function node() {
  const w = testWorld();
  const ns = createNetns(w, 'n');
  const peer = createNetns(w, 'lan');
  setLinkUp(w, ns, ns.links.get(1)!, true);
  const v = addLink(w, ns, { kind: 'veth', name: 'eth0', peerName: 'sw', peerNetns: peer });
  const eth0 = v.ok ? v.value : undefined;
  if (!eth0) throw new Error('veth');
  addAddress(ns, { family: 'inet', ifindex: eth0.ifindex, addr: ip('10.0.16.11'), len: 20, brd: ip('10.0.31.255'), scope: 'global' });
  setLinkUp(w, ns, eth0, true);
  setLinkUp(w, peer, linkByName(peer, 'sw')!, true);
  const fl = addLink(w, ns, { kind: 'vxlan', name: 'flannel.1', vni: 1, dev: eth0.ifindex, learning: false });
  if (!fl.ok) throw new Error('vxlan');
  addAddress(ns, { family: 'inet', ifindex: fl.value.ifindex, addr: ip('10.244.1.0'), len: 32, scope: 'global' });
  setLinkUp(w, ns, fl.value, true);
  const br = addLink(w, ns, { kind: 'bridge', name: 'cni0' });
  if (!br.ok) throw new Error('bridge');
  addAddress(ns, { family: 'inet', ifindex: br.value.ifindex, addr: ip('10.244.1.1'), len: 24, brd: ip('10.244.1.255'), scope: 'global' });
  setLinkUp(w, ns, br.value, true);
  return { w, ns, eth0, fl: fl.value, br: br.value };
}

describe('addresses install the kernel routes', () => {
  it('matches the golden local table of node1', () => {
    const { ns } = node();
    expect(show(ns, 255)).toEqual([
      'local 10.0.16.11/32 dev eth0 src 10.0.16.11',
      'broadcast 10.0.31.255/32 dev eth0 src 10.0.16.11',
      'local 10.244.1.0/32 dev flannel.1 src 10.244.1.0',
      'local 10.244.1.1/32 dev cni0 src 10.244.1.1',
      'broadcast 10.244.1.255/32 dev cni0 src 10.244.1.1',
      'local 127.0.0.0/8 dev lo src 127.0.0.1',
      'local 127.0.0.1/32 dev lo src 127.0.0.1',
      'broadcast 127.255.255.255/32 dev lo src 127.0.0.1',
    ]);
    expect(show(ns, 254)).toEqual(['unicast 10.0.16.0/20 dev eth0 src 10.0.16.11', 'unicast 10.244.1.0/24 dev cni0 src 10.244.1.1']);
  });

  it('refuses a duplicate with the kernel extack and marks same-subnet addresses secondary', () => {
    const { ns, br } = node();
    const r = addAddress(ns, { family: 'inet', ifindex: br.ifindex, addr: ip('10.244.1.1'), len: 24, scope: 'global' });
    expect(r).toEqual({ ok: false, errno: 'EEXIST', detail: 'ipv4: Address already assigned.' });
    addAddress(ns, { family: 'inet', ifindex: br.ifindex, addr: ip('10.244.1.9'), len: 24, scope: 'global' });
    const sec = ns.addrs.find((a) => a.family === 'inet' && a.addr === ip('10.244.1.9'));
    expect(sec && sec.family === 'inet' && isSecondary(ns, sec)).toBe(true);
    expect(show(ns, 255)).toContain('local 10.244.1.9/32 dev cni0 src 10.244.1.1');
  });

  it('removes routes on down and re-adds connected ones on up; delAddress removes its routes', () => {
    const { w, ns, eth0 } = node();
    setLinkUp(w, ns, eth0, false);
    expect(show(ns, 254)).toEqual(['unicast 10.244.1.0/24 dev cni0 src 10.244.1.1']);
    setLinkUp(w, ns, eth0, true);
    expect(show(ns, 254)).toContain('unicast 10.0.16.0/20 dev eth0 src 10.0.16.11');
    expect(delAddress(ns, eth0.ifindex, ip('10.0.16.11'), 20).ok).toBe(true);
    expect(show(ns, 254)).toEqual(['unicast 10.244.1.0/24 dev cni0 src 10.244.1.1']);
    expect(show(ns, 255).some((l) => l.includes('10.0.'))).toBe(false);
    expect(delAddress(ns, eth0.ifindex, ip('10.0.16.11'), 20)).toMatchObject({ ok: false, errno: 'EADDRNOTAVAIL' });
  });
});

describe('routes', () => {
  const gwRoute = (dst: string, len: number, via: string, dev?: number, onlink = false): Route => ({
    table: 254, type: 'unicast', dst: { addr: ip(dst), len }, via: ip(via), proto: 'boot', scope: 'global',
    ...(dev === undefined ? {} : { dev }), ...(onlink ? { onlink } : {}),
  });

  it('validates gateways like fib_check_nh and finds duplicates by prefix+metric', () => {
    const { ns, eth0, fl } = node();
    expect(addRoute(ns, gwRoute('0.0.0.0', 0, '10.0.16.1', eth0.ifindex)).ok).toBe(true);
    expect(addRoute(ns, gwRoute('10.244.2.0', 24, '10.244.2.0', fl.ifindex, true)).ok).toBe(true);
    expect(addRoute(ns, gwRoute('10.244.2.0', 24, '10.244.2.0', fl.ifindex, true))).toMatchObject({ ok: false, errno: 'EEXIST' });
    expect(addRoute(ns, gwRoute('10.244.2.0', 24, '10.244.2.0', fl.ifindex))).toMatchObject({ ok: false, detail: 'Nexthop has invalid gateway.' });
    expect(addRoute(ns, gwRoute('10.244.9.0', 24, '192.168.99.1'))).toMatchObject({ ok: false, errno: 'ENETUNREACH', detail: 'Nexthop has invalid gateway.' });
    expect(addRoute(ns, gwRoute('10.244.9.1', 24, '10.0.16.1'))).toMatchObject({ ok: false, errno: 'EINVAL', detail: 'Invalid prefix for given prefix length.' });
    // no dev given: the gateway's connected route supplies it
    const r = addRoute(ns, gwRoute('10.99.0.0', 16, '10.0.16.1'));
    expect(r.ok && r.value.dev).toBe(eth0.ifindex);
    expect(delRoute(ns, { table: 254, dst: { addr: ip('10.99.0.0'), len: 16 } }).ok).toBe(true);
    expect(delRoute(ns, { table: 254, dst: { addr: ip('10.99.0.0'), len: 16 } })).toMatchObject({ ok: false, errno: 'ESRCH' });
  });

  it('looks up like the goldens of ip route get', () => {
    const { ns, eth0, fl } = node();
    addRoute(ns, gwRoute('0.0.0.0', 0, '10.0.16.1', eth0.ifindex));
    addRoute(ns, gwRoute('10.244.2.0', 24, '10.244.2.0', fl.ifindex, true));
    const pod = routeLookup(ns, ip('10.244.2.2'));
    expect(pod.ok && [pod.value.gateway, pod.value.dev, pod.value.src]).toEqual([ip('10.244.2.0'), fl.ifindex, ip('10.244.1.0')]);
    const far = routeLookup(ns, ip('10.96.0.10'));
    expect(far.ok && [far.value.gateway, far.value.dev, far.value.src]).toEqual([ip('10.0.16.1'), eth0.ifindex, ip('10.0.16.11')]);
    const local = routeLookup(ns, ip('10.244.1.1'));
    expect(local.ok && [local.value.type, local.value.dev, local.value.src]).toEqual(['local', 1, ip('10.244.1.1')]);
  });

  it('answers ENETUNREACH without a matching route, and prefers longest prefix then metric', () => {
    const { ns, eth0, br } = node();
    expect(routeLookup(ns, ip('10.244.9.9'))).toMatchObject({ ok: false, errno: 'ENETUNREACH' });
    addRoute(ns, { table: 254, type: 'unicast', dst: { addr: ip('10.7.0.0'), len: 16 }, dev: eth0.ifindex, proto: 'boot', scope: 'link' });
    addRoute(ns, { table: 254, type: 'unicast', dst: { addr: ip('10.7.0.0'), len: 24 }, dev: br.ifindex, proto: 'boot', scope: 'link', metric: 5 });
    addRoute(ns, { table: 254, type: 'unicast', dst: { addr: ip('10.7.0.0'), len: 24 }, dev: eth0.ifindex, proto: 'boot', scope: 'link', metric: 3 });
    const r = routeLookup(ns, ip('10.7.0.3'));
    expect(r.ok && [r.value.dev, r.value.route.metric]).toEqual([eth0.ifindex, 3]);
    const o = routeLookup(ns, ip('10.7.0.3'), { oif: br.ifindex });
    expect(o.ok && o.value.dev).toBe(br.ifindex);
  });
});
