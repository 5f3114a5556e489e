import { describe, expect, it } from 'vitest';
import { testWorld } from './test-world.ts';
import { createNetns, deleteNetns } from './netns.ts';
import { addLink, deleteLink, linkByName, linkLocalOf, setLinkNetns, setMac, setMaster, renameLink, setMtu } from './link.ts';
import { hasCarrier, operState, setLinkUp } from './link-state.ts';
import type { BridgeLink, VethLink } from './types.ts';

describe('netns', () => {
  it('starts with lo at ifindex 1, down and without addresses', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    expect(w.netns.get(ns.id)).toBe(ns);
    expect([...ns.links.values()].map((l) => [l.ifindex, l.name, l.up])).toEqual([[1, 'lo', false]]);
    expect(ns.addrs).toEqual([]);
  });

  it('brings lo up with 127.0.0.1/8, ::1 and the local-table routes', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    setLinkUp(w, ns, ns.links.get(1)!, true);
    expect(ns.addrs.map((a) => a.family)).toEqual(['inet', 'inet6']);
    expect(ns.routes.map((r) => [r.type, r.dst.addr >>> 24, r.dst.len]).sort()).toEqual([['broadcast', 127, 32], ['local', 127, 32], ['local', 127, 8]]);
    expect(operState(w, ns, ns.links.get(1)!)).toBe('UNKNOWN');
  });

  it('deleting a namespace deletes the veth peers it held', () => {
    const w = testWorld();
    const a = createNetns(w, 'a');
    const b = createNetns(w, 'b');
    const r = addLink(w, a, { kind: 'veth', name: 'v0', peerName: 'eth0', peerNetns: b });
    expect(r.ok).toBe(true);
    deleteNetns(w, b.id);
    expect(linkByName(a, 'v0')).toBeUndefined();
    expect(w.netns.has(b.id)).toBe(false);
  });
});

describe('links', () => {
  it('numbers a same-namespace veth pair peer first, consecutively', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const r = addLink(w, ns, { kind: 'veth', name: 'va', peerName: 'vb' });
    if (!r.ok) throw new Error('add failed');
    expect(r.value.ifindex).toBe(3);
    expect(linkByName(ns, 'vb')?.ifindex).toBe(2);
    const peer = linkByName(ns, 'vb') as VethLink;
    expect(peer.peer).toEqual({ netns: ns.id, ifindex: 3 });
  });

  it('refuses a taken name with EEXIST and leaves the state alone', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    addLink(w, ns, { kind: 'bridge', name: 'br0' });
    const before = structuredClone(ns.links);
    const r = addLink(w, ns, { kind: 'veth', name: 'x', peerName: 'br0' });
    expect(r).toMatchObject({ ok: false, errno: 'EEXIST' });
    expect(ns.links).toEqual(before);
  });

  it('gives a veth carrier only when both ends are up', () => {
    const w = testWorld();
    const a = createNetns(w, 'a');
    const b = createNetns(w, 'b');
    const r = addLink(w, a, { kind: 'veth', name: 'v0', peerName: 'eth0', peerNetns: b });
    if (!r.ok) throw new Error('add failed');
    const eth0 = linkByName(b, 'eth0')!;
    setLinkUp(w, a, r.value, true);
    expect(operState(w, a, r.value)).toBe('LOWERLAYERDOWN');
    expect(a.addrs.some((x) => x.family === 'inet6')).toBe(false);
    setLinkUp(w, b, eth0, true);
    expect(operState(w, a, r.value)).toBe('UP');
    expect(hasCarrier(w, b, eth0)).toBe(true);
    // both ends got their EUI-64 link-local once carrier came
    expect(a.addrs.find((x) => x.family === 'inet6')?.addr).toBe(linkLocalOf(r.value.mac));
    expect(b.addrs.find((x) => x.family === 'inet6')?.addr).toBe(linkLocalOf(eth0.mac));
  });

  it('computes EUI-64 link-locals like the kernel (golden addresses)', () => {
    expect(linkLocalOf('52:54:00:00:10:11')).toBe('fe80::5054:ff:fe00:1011');
    expect(linkLocalOf('0a:58:0a:f4:01:01')).toBe('fe80::858:aff:fef4:101');
    expect(linkLocalOf('9e:f1:a0:00:01:00')).toBe('fe80::9cf1:a0ff:fe00:100');
    expect(linkLocalOf('02:00:00:00:00:01')).toBe('fe80::ff:fe00:1');
  });

  it('keeps the ifindex when moving to a namespace where it is free, else takes a new one', () => {
    const w = testWorld();
    const a = createNetns(w, 'a');
    const b = createNetns(w, 'b');
    const r = addLink(w, a, { kind: 'veth', name: 'x1', peerName: 'x2' });
    if (!r.ok) throw new Error('add failed');
    expect(setLinkNetns(w, a, r.value, b).ok).toBe(true);
    expect(b.links.get(3)?.name).toBe('x1');
    expect((linkByName(a, 'x2') as VethLink).peer).toEqual({ netns: b.id, ifindex: 3 });
    const q = addLink(w, a, { kind: 'veth', name: 'y1', peerName: 'y2' });
    if (!q.ok) throw new Error('add failed');
    // y2 is 4 and y1 is 5 in a; b holds lo(1) and x1(3): 4 is free there? a's ifindex 4 (y2) moves keeping 4
    const y2 = linkByName(a, 'y2')!;
    setLinkNetns(w, a, y2, b);
    expect(y2.ifindex).toBe(4);
    const lo2 = linkByName(a, 'x2')!;
    setLinkNetns(w, a, lo2, b);
    expect(lo2.ifindex).not.toBe(3);
    expect(b.links.get(lo2.ifindex)).toBe(lo2);
  });

  it('refuses to move lo or a bridge (netns-local devices)', () => {
    const w = testWorld();
    const a = createNetns(w, 'a');
    const b = createNetns(w, 'b');
    expect(setLinkNetns(w, a, a.links.get(1)!, b)).toMatchObject({ ok: false, errno: 'EINVAL' });
  });

  it('bridge takes its lowest port MAC unless set, and has carrier only with an up port', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const br = addLink(w, ns, { kind: 'bridge', name: 'brx' });
    const v = addLink(w, ns, { kind: 'veth', name: 'va', peerName: 'vb', mac: '02:00:00:00:00:09' });
    if (!br.ok || !v.ok) throw new Error('add failed');
    const bridge = br.value as BridgeLink;
    setMaster(w, ns, v.value, bridge);
    expect(bridge.mac).toBe('02:00:00:00:00:09');
    expect(bridge.fdb).toEqual([{ mac: '02:00:00:00:00:09', port: v.value.ifindex, state: 'permanent', updated: 0 }]);
    setLinkUp(w, ns, bridge, true);
    expect(operState(w, ns, bridge)).toBe('DOWN');
    const lone = addLink(w, ns, { kind: 'bridge', name: 'br9' });
    if (!lone.ok) throw new Error('add failed');
    setLinkUp(w, ns, lone.value, true);
    expect(operState(w, ns, lone.value)).toBe('UNKNOWN');
    setMac(ns, lone.value, '02:00:00:00:00:77');
    expect(operState(w, ns, lone.value)).toBe('DOWN');
    setLinkUp(w, ns, v.value, true);
    setLinkUp(w, ns, linkByName(ns, 'vb')!, true);
    expect(operState(w, ns, bridge)).toBe('UP');
    // vb announced itself (DAD/MLD) through va: the bridge learnt vb's MAC on va
    const vb = linkByName(ns, 'vb')!;
    expect(bridge.fdb.find((e) => e.mac === vb.mac)).toMatchObject({ port: v.value.ifindex, state: 'dynamic' });
    setMac(ns, bridge, '0a:58:0a:f4:01:01');
    expect(bridge.macSet).toBe(true);
    expect(bridge.fdb.some((e) => e.mac === '0a:58:0a:f4:01:01' && e.port === bridge.ifindex)).toBe(true);
  });

  it('deleting a veth deletes its peer; deleting lo is refused', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const v = addLink(w, ns, { kind: 'veth', name: 'va', peerName: 'vb' });
    if (!v.ok) throw new Error('add failed');
    expect(deleteLink(w, ns, v.value).ok).toBe(true);
    expect([...ns.links.keys()]).toEqual([1]);
    expect(deleteLink(w, ns, ns.links.get(1)!)).toMatchObject({ ok: false });
  });

  it('validates mtu and rename rules', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const d = addLink(w, ns, { kind: 'dummy', name: 'd0' });
    if (!d.ok) throw new Error('add failed');
    expect(setMtu(ns, d.value, 67).ok).toBe(false);
    expect(setMtu(ns, d.value, 1450).ok).toBe(true);
    expect(d.value.mtu).toBe(1450);
    setLinkUp(w, ns, d.value, true);
    expect(renameLink(ns, d.value, 'lo')).toMatchObject({ ok: false, errno: 'EEXIST' });
    expect(renameLink(ns, d.value, 'bad/name')).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(renameLink(ns, d.value, 'd1').ok).toBe(true);
    expect(d.value.name).toBe('d1');
  });
});
