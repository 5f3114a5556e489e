// host-local's allocator and disk store (containernetworking/plugins plugins/ipam/host-local:
// allocator.go's RangeIter, backend/disk's files): the state is the files, so removing a
// file frees its address.
import { describe, expect, it } from 'vitest';
import { hostLocalAdd, hostLocalCheck, hostLocalDel, parseHostLocalConf, rangeSetString, type HostLocalConf } from './host-local.ts';

const conf = (ipam: unknown): HostLocalConf => {
  const c = parseHostLocalConf(ipam);
  if (!c.ok) throw new Error(c.error.msg);
  return c.value;
};
const DIR = '/var/lib/cni/networks/cbr0';
const addr = (r: ReturnType<typeof hostLocalAdd>): string => (r.ok ? r.value.address : `error: ${r.error.msg}`);

describe('host-local', () => {
  it('starts at .2 (the gateway .1 is skipped) and continues after the last reserved', () => {
    const files = new Map<string, string>();
    const c = conf({ ranges: [[{ subnet: '10.244.1.0/24' }]] });
    expect(['a', 'b', 'c'].map((id) => addr(hostLocalAdd(files, 'cbr0', c, id, 'eth0')))).toEqual(['10.244.1.2/24', '10.244.1.3/24', '10.244.1.4/24']);
    hostLocalDel(files, 'cbr0', c, 'b', 'eth0');
    expect(addr(hostLocalAdd(files, 'cbr0', c, 'd', 'eth0'))).toBe('10.244.1.5/24');
  });

  it('runs out in a /29 with the real message, and a removed file frees its address', () => {
    const files = new Map<string, string>();
    const c = conf({ ranges: [[{ subnet: '10.244.1.0/29' }]] });
    const got = ['a', 'b', 'c', 'd', 'e'].map((id) => addr(hostLocalAdd(files, 'cbr0', c, id, 'eth0')));
    expect(got.at(-1)).toBe('10.244.1.6/29');
    expect(addr(hostLocalAdd(files, 'cbr0', c, 'f', 'eth0'))).toBe('error: failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.6');
    files.delete(`${DIR}/10.244.1.3`);
    expect(addr(hostLocalAdd(files, 'cbr0', c, 'g', 'eth0'))).toBe('10.244.1.3/29');
  });

  it('writes id CRLF ifname per address, last_reserved_ip.0 and lock', () => {
    const files = new Map<string, string>();
    const c = conf({ subnet: '10.244.1.0/24' });
    hostLocalAdd(files, 'cbr0', c, 'aaaa', 'eth0');
    expect(Object.fromEntries(files)).toEqual({ [`${DIR}/lock`]: '', [`${DIR}/10.244.1.2`]: 'aaaa\r\neth0', [`${DIR}/last_reserved_ip.0`]: '10.244.1.2' });
    expect(hostLocalCheck(files, 'cbr0', c, 'aaaa', 'eth0')).toEqual({ ok: true, value: '10.244.1.2' });
    expect(hostLocalCheck(files, 'cbr0', c, 'zzzz', 'eth0')).toMatchObject({ ok: false, error: { msg: 'host-local: Failed to find address added by container zzzz' } });
  });

  it('refuses a second address for the same container and interface', () => {
    const files = new Map<string, string>();
    const c = conf({ ranges: [[{ subnet: '10.22.0.0/16', rangeStart: '10.22.0.10', rangeEnd: '10.22.0.11' }]] });
    expect(rangeSetString(c.ranges)).toBe('10.22.0.10-10.22.0.11');
    expect(addr(hostLocalAdd(files, 'lab', c, 'x', 'eth0'))).toBe('10.22.0.10/16');
    expect(addr(hostLocalAdd(files, 'lab', c, 'x', 'eth0'))).toBe('error: failed to allocate for range 0: 10.22.0.10 has been allocated to x, duplicate allocation is not allowed');
  });

  it('rejects bad ranges with range.go words', () => {
    expect(parseHostLocalConf({ ranges: [[{ subnet: '10.22.0.1/16' }]] })).toMatchObject({ ok: false, error: { msg: 'invalid range set 0: Network has host bits set. For a subnet mask of length 16 the network address is 10.22.0.0' } });
    expect(parseHostLocalConf({ ranges: [[{ subnet: '10.22.0.0/16', rangeStart: '10.23.0.1' }]] })).toMatchObject({ ok: false, error: { msg: 'invalid range set 0: RangeStart 10.23.0.1 not in network 10.22.0.0/16' } });
    expect(parseHostLocalConf({})).toMatchObject({ ok: false, error: { msg: 'no IP ranges specified' } });
    expect(parseHostLocalConf(undefined)).toMatchObject({ ok: false, error: { msg: "IPAM config missing 'ipam' key" } });
  });
});
