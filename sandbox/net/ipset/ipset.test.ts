// Elements and lookups of the set types kube-proxy's IPVS mode uses (ipset(8) lib/parse.c for
// the element syntax, net/netfilter/ipset/ip_set_hash_*.c and ip_set_bitmap_port.c for lookups).
import { describe, expect, it } from 'vitest';
import { createNetns } from '../netns.ts';
import { createWorld } from '../../fabric/world.ts';
import { parseIpv4, type Ipv4Packet } from '../../wire/index.ts';
import { changeMember, createSet, findSet, formatSet, parseElement, packetInSet, type IpSet, type IpSetType } from './index.ts';

const set = (type: IpSetType, range?: { min: number; max: number }): IpSet =>
  ({ name: 'S', type, hashsize: 1024, maxelem: 65536, initval: 0, members: [], ...(range ? { range } : {}) });
const tcp = (src: string, sport: number, dst: string, dport: number): Ipv4Packet => ({
  src: parseIpv4(src)!, dst: parseIpv4(dst)!, ttl: 64, id: 1, df: true,
  payload: { proto: 'tcp', sport, dport, seq: 0, ack: 0, flags: { syn: true, ack: false, fin: false, rst: false, psh: false }, window: 1000, data: '' },
} as unknown as Ipv4Packet);

describe('set elements', () => {
  it('reads each type into the form the kernel lists', () => {
    expect(parseElement(set('hash:ip,port'), '10.96.0.10,udp:53')).toEqual({ ok: true, elem: '10.96.0.10,udp:53' });
    // No protocol means tcp (ipset_parse_proto_port).
    expect(parseElement(set('hash:ip,port'), '10.96.0.1,443')).toEqual({ ok: true, elem: '10.96.0.1,tcp:443' });
    expect(parseElement(set('hash:ip,port,ip'), '10.244.0.5,tcp:80,10.244.0.5')).toEqual({ ok: true, elem: '10.244.0.5,tcp:80,10.244.0.5' });
    // A network keeps its host bits cleared; a /32 lists as a bare address.
    expect(parseElement(set('hash:ip,port,net'), '203.0.113.200,tcp:80,198.51.100.7/24')).toEqual({ ok: true, elem: '203.0.113.200,tcp:80,198.51.100.0/24' });
    expect(parseElement(set('hash:ip,port,net'), '203.0.113.200,tcp:80,198.51.100.7/32')).toEqual({ ok: true, elem: '203.0.113.200,tcp:80,198.51.100.7' });
    expect(parseElement(set('bitmap:port', { min: 0, max: 65535 }), '30080')).toEqual({ ok: true, elem: '30080' });
  });

  it('refuses malformed elements with ipset\'s messages', () => {
    expect(parseElement(set('hash:ip,port'), '10.96.0.1')).toEqual({ ok: false, message: 'Syntax error: Second element is missing from 10.96.0.1.' });
    expect(parseElement(set('hash:ip,port,ip'), '10.96.0.1,tcp:80')).toEqual({ ok: false, message: 'Syntax error: Third element is missing from 10.96.0.1,tcp:80.' });
    expect(parseElement(set('hash:ip'), '10.96.0.1,tcp:80')).toMatchObject({ ok: false, message: 'Syntax error: Elem separator in 10.96.0.1,tcp:80, but settype hash:ip supports none.' });
    expect(parseElement(set('hash:ip,port'), '10.96.0.1,icmp:80')).toMatchObject({ ok: false });
    expect(parseElement(set('bitmap:port', { min: 30000, max: 32767 }), '80')).toEqual({ ok: false, message: 'Element is out of the range of the set' });
  });
});

describe('--match-set lookups', () => {
  it('builds the element from the packet by the direction flags', () => {
    const s = set('hash:ip,port');
    s.members.push('10.96.0.10,tcp:80');
    const p = tcp('10.244.1.4', 40000, '10.96.0.10', 80);
    expect(packetInSet(s, p, ['dst', 'dst'])).toBe(true);
    expect(packetInSet(s, p, ['src', 'dst'])).toBe(false);
    // A flag list shorter than the set's dimension never matches.
    expect(packetInSet(s, p, ['dst'])).toBe(false);
    expect(packetInSet(s, tcp('10.244.1.4', 40000, '10.96.0.10', 81), ['dst', 'dst'])).toBe(false);
  });

  it('finds the hairpin case in hash:ip,port,ip with dst,dst,src', () => {
    const s = set('hash:ip,port,ip');
    s.members.push('10.244.1.5,tcp:80,10.244.1.5');
    expect(packetInSet(s, tcp('10.244.1.5', 40000, '10.244.1.5', 80), ['dst', 'dst', 'src'])).toBe(true);
    expect(packetInSet(s, tcp('10.244.1.6', 40000, '10.244.1.5', 80), ['dst', 'dst', 'src'])).toBe(false);
  });

  it('matches a source inside a network of hash:ip,port,net and a port of bitmap:port', () => {
    const s = set('hash:ip,port,net');
    s.members.push('203.0.113.200,tcp:80,198.51.100.0/24');
    expect(packetInSet(s, tcp('198.51.100.9', 5000, '203.0.113.200', 80), ['dst', 'dst', 'src'])).toBe(true);
    expect(packetInSet(s, tcp('198.51.101.9', 5000, '203.0.113.200', 80), ['dst', 'dst', 'src'])).toBe(false);
    const b = set('bitmap:port', { min: 0, max: 65535 });
    b.members.push('30013');
    expect(packetInSet(b, tcp('1.2.3.4', 5000, '10.0.16.12', 30013), ['dst'])).toBe(true);
    expect(packetInSet(b, tcp('1.2.3.4', 30013, '10.0.16.12', 80), ['dst'])).toBe(false);
  });
});

describe('set operations', () => {
  it('adds once, ignores a repeat with -exist, lists members and sizes', () => {
    const world = createWorld(3);
    const ns = createNetns(world, 'n');
    expect(createSet(ns, world.rng, 'KUBE-CLUSTER-IP', 'hash:ip,port', {}, false).ok).toBe(true);
    // Same parameters with -exist: fine; without: the kernel refuses.
    expect(createSet(ns, world.rng, 'KUBE-CLUSTER-IP', 'hash:ip,port', {}, true).ok).toBe(true);
    expect(createSet(ns, world.rng, 'KUBE-CLUSTER-IP', 'hash:ip,port', {}, false).ok).toBe(false);
    expect(changeMember(ns, 'add', 'KUBE-CLUSTER-IP', '10.96.0.1,tcp:443', false)).toEqual({ ok: true, value: true });
    expect(changeMember(ns, 'add', 'KUBE-CLUSTER-IP', '10.96.0.1,tcp:443', false).ok).toBe(false);
    expect(changeMember(ns, 'add', 'KUBE-CLUSTER-IP', '10.96.0.1,tcp:443', true).ok).toBe(true);
    expect(changeMember(ns, 'test', 'KUBE-CLUSTER-IP', '10.96.0.1,443', false)).toEqual({ ok: true, value: true });
    const text = formatSet(ns, findSet(ns, 'KUBE-CLUSTER-IP')!, false);
    expect(text).toMatch(/\nSize in memory: 264\nReferences: 0\nNumber of entries: 1\nMembers:\n10\.96\.0\.1,tcp:443\n$/);
  });
});
