// host-local's allocation order: the learner sees that a deleted pod's address is not the
// next one handed out (containernetworking/plugins plugins/ipam/host-local/backend/allocator).
import { describe, expect, it } from 'vitest';
import { allocate, gatewayOf, hostLocalFiles, hostLocalState, release, syncHostLocalFiles } from './host-local.ts';

describe('host-local', () => {
  it('starts at .2 (the gateway .1 is reserved) and continues after the last reserved', () => {
    const s = hostLocalState('10.244.1.0/24');
    expect(gatewayOf('10.244.1.0/24')).toBe('10.244.1.1');
    expect([allocate(s, 'a'), allocate(s, 'b'), allocate(s, 'c')]).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    release(s, 'a');
    expect(allocate(s, 'd')).toBe('10.244.1.5');
  });
  it('wraps around after the end of the range and then reuses freed addresses', () => {
    const s = hostLocalState('10.244.1.0/29');
    const got = ['a', 'b', 'c', 'd', 'e'].map((id) => allocate(s, id));
    expect(got).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4', '10.244.1.5', '10.244.1.6']);
    expect(allocate(s, 'f')).toBeUndefined();
    release(s, 'b');
    expect(allocate(s, 'g')).toBe('10.244.1.3');
  });
  it('disk store: one file per address (id CRLF ifname), last_reserved_ip.0 and lock', () => {
    const s = hostLocalState('10.244.1.0/24');
    allocate(s, 'aaaa');
    allocate(s, 'bbbb');
    expect(Object.fromEntries(hostLocalFiles(s))).toEqual({
      '/var/lib/cni/networks/cbr0/lock': '',
      '/var/lib/cni/networks/cbr0/10.244.1.2': 'aaaa\r\neth0',
      '/var/lib/cni/networks/cbr0/10.244.1.3': 'bbbb\r\neth0',
      '/var/lib/cni/networks/cbr0/last_reserved_ip.0': '10.244.1.3',
    });
  });
  it('sync removes a released address\'s file and leaves the last reserved and other files', () => {
    const s = hostLocalState('10.244.1.0/24');
    const files = new Map([['/etc/hostname', 'node-1\n']]);
    allocate(s, 'aaaa');
    allocate(s, 'bbbb');
    syncHostLocalFiles(files, s);
    release(s, 'bbbb');
    syncHostLocalFiles(files, s);
    expect([...files.keys()].sort()).toEqual(['/etc/hostname', '/var/lib/cni/networks/cbr0/10.244.1.2', '/var/lib/cni/networks/cbr0/last_reserved_ip.0', '/var/lib/cni/networks/cbr0/lock']);
    expect(files.get('/var/lib/cni/networks/cbr0/last_reserved_ip.0')).toBe('10.244.1.3');
  });
});
