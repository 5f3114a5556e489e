import { describe, expect, it } from 'vitest';
import { parseIpv4 } from '../wire/index.ts';
import { testWorld } from './test-world.ts';
import { createNetns } from './netns.ts';
import { addLink, linkByName, setMaster } from './link.ts';
import { neighAdd, neighDel, neighLookup, neighState, neighUpdate, REACHABLE_MS } from './neigh.ts';
import { fdbAge, fdbLearn, fdbLookup, selfMulticastMacs, vxlanFdbAdd, vxlanFdbLookup, vxlanFdbTargets } from './fdb.ts';
import { getSysctl, listSysctl, procSysPath, setSysctl, sysctlDirEntries, sysctlFromPath, effectiveConf } from './sysctl.ts';
import { setLinkUp } from './link-state.ts';
import type { BridgeLink, VxlanLink } from './types.ts';

const ip = (t: string) => parseIpv4(t)!;

describe('neighbours', () => {
  it('ages REACHABLE to STALE after base_reachable_time and never overrides PERMANENT', () => {
    const ns = createNetns(testWorld(), 'a');
    neighUpdate(ns, 1, ip('10.0.0.2'), '02:00:00:00:00:02', 'REACHABLE', 1000);
    const n = neighLookup(ns, 1, ip('10.0.0.2'))!;
    expect(neighState(n, 1000 + REACHABLE_MS - 1)).toBe('REACHABLE');
    expect(neighState(n, 1000 + REACHABLE_MS)).toBe('STALE');
    expect(neighAdd(ns, 1, ip('10.0.0.3'), '02:00:00:00:00:03', 'PERMANENT', 'add', 0).ok).toBe(true);
    expect(neighAdd(ns, 1, ip('10.0.0.3'), '02:00:00:00:00:04', 'PERMANENT', 'add', 0)).toMatchObject({ ok: false, errno: 'EEXIST' });
    neighUpdate(ns, { ifindex: 1, ip: ip('10.0.0.3'), lladdr: '02:00:00:00:00:09', state: 'REACHABLE' }, 5);
    expect(neighLookup(ns, 1, ip('10.0.0.3'))).toMatchObject({ lladdr: '02:00:00:00:00:03', state: 'PERMANENT' });
    expect(neighAdd(ns, 1, ip('10.0.0.3'), '02:00:00:00:00:05', 'REACHABLE', 'replace', 0).ok).toBe(true);
    expect(neighLookup(ns, 1, ip('10.0.0.3'))?.lladdr).toBe('02:00:00:00:00:05');
    expect(neighDel(ns, 1, ip('10.0.0.3')).ok).toBe(true);
    expect(neighDel(ns, 1, ip('10.0.0.3'))).toMatchObject({ ok: false, errno: 'ENOENT' });
  });
});

describe('fdb', () => {
  it('learns, refreshes and ages bridge entries; local entries win', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const b = addLink(w, ns, { kind: 'bridge', name: 'br0', mac: '52:54:00:00:10:01' });
    if (!b.ok) throw new Error('bridge');
    const br = b.value as BridgeLink;
    fdbLearn(br, '02:00:00:00:00:07', 5, 0);
    fdbLearn(br, '52:54:00:00:10:01', 5, 0);
    fdbLearn(br, '33:33:00:00:00:01', 5, 0);
    expect(fdbLookup(br, '52:54:00:00:10:01', 0)?.port).toBe(br.ifindex);
    expect(fdbLookup(br, '33:33:00:00:00:01', 0)).toBeUndefined();
    fdbLearn(br, '02:00:00:00:00:07', 6, 200_000);
    expect(fdbLookup(br, '02:00:00:00:00:07', 200_000)?.port).toBe(6);
    expect(fdbLookup(br, '02:00:00:00:00:07', 200_000 + 300_001)).toBeUndefined();
    fdbAge(br, 200_000 + 300_001);
    expect(br.fdb.map((e) => e.mac)).toEqual(['52:54:00:00:10:01']);
  });

  it('vxlan: exact entries, the all-zeros default, append vs add', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const v = addLink(w, ns, { kind: 'vxlan', name: 'vx', vni: 1 });
    if (!v.ok) throw new Error('vxlan');
    const vx = v.value as VxlanLink;
    expect(vxlanFdbLookup(vx, '9e:f1:a0:00:02:00')).toBeUndefined();
    expect(vxlanFdbAdd(vx, '9e:f1:a0:00:02:00', ip('10.0.16.12'), 'append', 0).ok).toBe(true);
    expect(vxlanFdbAdd(vx, '9e:f1:a0:00:02:00', ip('10.0.16.13'), 'add', 0)).toMatchObject({ ok: false, errno: 'EEXIST' });
    vxlanFdbAdd(vx, '00:00:00:00:00:00', ip('10.0.16.12'), 'append', 0);
    vxlanFdbAdd(vx, '00:00:00:00:00:00', ip('10.0.16.13'), 'append', 0);
    expect(vxlanFdbLookup(vx, '9e:f1:a0:00:02:00')?.dst).toBe(ip('10.0.16.12'));
    expect(vxlanFdbTargets(vx, 'ff:ff:ff:ff:ff:ff').map((e) => e.dst)).toEqual([ip('10.0.16.12'), ip('10.0.16.13')]);
  });

  it('derives the self multicast list the golden shows for a bridge and a port', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    const b = addLink(w, ns, { kind: 'bridge', name: 'cni0', mac: '0a:58:0a:f4:01:01' });
    if (!b.ok) throw new Error('bridge');
    expect(selfMulticastMacs(ns, b.value)).toEqual(['33:33:00:00:00:01']);
    setLinkUp(w, ns, b.value, true);
    // no port yet: no carrier, so no link-local and no solicited-node group
    expect(selfMulticastMacs(ns, b.value)).toEqual(['33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01']);
    const v = addLink(w, ns, { kind: 'veth', name: 'va', peerName: 'vb' });
    if (!v.ok) throw new Error('veth');
    setMaster(w, ns, v.value, b.value as BridgeLink);
    setLinkUp(w, ns, v.value, true);
    setLinkUp(w, ns, linkByName(ns, 'vb')!, true);
    expect(selfMulticastMacs(ns, b.value)).toEqual([
      '33:33:00:00:00:01', '01:00:5e:00:00:6a', '33:33:00:00:00:6a', '01:00:5e:00:00:01', '33:33:ff:f4:01:01',
    ]);
    expect(selfMulticastMacs(ns, v.value)).toEqual(['33:33:00:00:00:01', '01:00:5e:00:00:01', `33:33:ff:${v.value.mac.slice(9)}`]);
    expect(selfMulticastMacs(ns, ns.links.get(1)!)).toEqual([]);
  });
});

describe('sysctl', () => {
  it('reads kernel defaults, writes integers, refuses unknown keys and bad values', () => {
    const ns = createNetns(testWorld(), 'a');
    expect(getSysctl(ns, 'net.ipv4.ip_forward')).toBe('0');
    expect(getSysctl(ns, 'net.ipv4.nosuch')).toBeUndefined();
    expect(setSysctl(ns, 'net.ipv4.nosuch', '1')).toMatchObject({ ok: false, errno: 'ENOENT' });
    expect(setSysctl(ns, 'net.ipv4.ip_forward', 'yes')).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(setSysctl(ns, 'net/ipv4/ip_forward', '1').ok).toBe(true);
    expect(getSysctl(ns, 'net.ipv4.conf.lo.forwarding')).toBe('1');
    expect(setSysctl(ns, 'net.ipv4.ip_local_port_range', '1024 65000').ok).toBe(true);
    expect(getSysctl(ns, 'net.ipv4.ip_local_port_range')).toBe('1024\t65000');
  });
  it('has net.bridge.* only on a kernel with br_netfilter, with the module\'s defaults', () => {
    const world = testWorld();
    const bare = createNetns(world, 'router');
    expect(getSysctl(bare, 'net.bridge.bridge-nf-call-iptables')).toBeUndefined();
    expect(setSysctl(bare, 'net.bridge.bridge-nf-call-iptables', '0')).toMatchObject({ ok: false, errno: 'ENOENT' });
    expect(listSysctl(bare).some(([k]) => k.startsWith('net.bridge.'))).toBe(false);
    expect(sysctlDirEntries(bare, '/proc/sys/net/bridge')).toBeUndefined();
    const node = createNetns(world, 'node', ['br_netfilter']);
    // A pod netns created on the node's kernel reads 1 without ever setting it (golden
    // lab-n1-pa.sysctl-lab.txt).
    const pod = createNetns(world, 'pod', node.kernelModules);
    expect(getSysctl(pod, 'net.bridge.bridge-nf-call-iptables')).toBe('1');
    expect(listSysctl(node).filter(([k]) => k.startsWith('net.bridge.'))).toEqual([
      ['net.bridge.bridge-nf-call-arptables', '1'], ['net.bridge.bridge-nf-call-ip6tables', '1'], ['net.bridge.bridge-nf-call-iptables', '1'],
      ['net.bridge.bridge-nf-filter-pppoe-tagged', '0'], ['net.bridge.bridge-nf-filter-vlan-tagged', '0'], ['net.bridge.bridge-nf-pass-vlan-input-dev', '0'],
    ]);
    expect(setSysctl(node, 'net.bridge.bridge-nf-call-iptables', '0').ok).toBe(true);
    expect(getSysctl(pod, 'net.bridge.bridge-nf-call-iptables')).toBe('1');
  });

  it('has per-device keys for existing devices, with dots as slashes, and /proc/sys paths', () => {
    const w = testWorld();
    const ns = createNetns(w, 'a');
    addLink(w, ns, { kind: 'vxlan', name: 'flannel.1', vni: 1 });
    expect(getSysctl(ns, 'net.ipv4.conf.flannel/1.rp_filter')).toBe('0');
    expect(getSysctl(ns, 'net.ipv4.conf.eth9.rp_filter')).toBeUndefined();
    expect(procSysPath('net.ipv4.conf.flannel/1.rp_filter')).toBe('/proc/sys/net/ipv4/conf/flannel.1/rp_filter');
    expect(sysctlFromPath('/proc/sys/net/ipv4/conf/flannel.1/rp_filter')).toBe('net.ipv4.conf.flannel/1.rp_filter');
    expect(sysctlDirEntries(ns, '/proc/sys/net/ipv4/conf')).toEqual(['all', 'default', 'flannel.1', 'lo']);
    setSysctl(ns, 'net.ipv4.conf.all.rp_filter', '2');
    setSysctl(ns, 'net.ipv4.conf.flannel/1.rp_filter', '1');
    expect(effectiveConf(ns, 'flannel.1', 'rp_filter')).toBe(2);
    expect(listSysctl(ns).some(([k]) => k === 'net.ipv4.ip_forward')).toBe(true);
  });
});
