// The CNI exec contract (containernetworking/cni SPEC.md "Execution protocol", "Result" and
// "Error"; pkg/skel skel.go; pkg/types/040 and 100 for the printed shapes): a plugin run by
// hand with CNI_* variables and its config on stdin prints the spec's result or error JSON
// and changes the namespace it was given.
import { describe, expect, it } from 'vitest';
import { createWorld } from '../../fabric/world.ts';
import type { Machine } from '../../fabric/world.ts';
import { createNetns } from '../../net/netns.ts';
import { linkByName } from '../../net/link.ts';
import { formatIpv4 } from '../../wire/index.ts';
import { execPlugin } from './plugins.ts';
import { installPlugins, PACKAGE_PLUGINS } from './node-files.ts';

function node() {
  const world = createWorld(3);
  const host = createNetns(world, 'node-1', []);
  const pod = createNetns(world, 'lab', []);
  const machine: Machine = { name: 'node-1', hostname: 'node-1', kind: 'node', netns: host.id, namedNetns: new Map([['lab', pod.id]]), files: new Map(), env: new Map() };
  world.machines.set('node-1', machine);
  installPlugins(machine.files, PACKAGE_PLUGINS);
  return { world, host, pod, machine };
}

const ENV = { CNI_COMMAND: 'ADD', CNI_CONTAINERID: 'lab', CNI_NETNS: '/var/run/netns/lab', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };
const conf = (version: string, extra: Record<string, unknown> = {}) => JSON.stringify({
  cniVersion: version, name: 'lab', type: 'bridge', bridge: 'lab0', isGateway: true, isDefaultGateway: true,
  ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/24' }]], routes: [{ dst: '10.244.0.0/16' }] }, ...extra,
});
const run = (n: ReturnType<typeof node>, env: Record<string, string>, stdin: string, type = 'bridge') =>
  execPlugin({ world: n.world, machine: n.machine, hostNs: n.host, path: `/opt/cni/bin/${type}`, env: new Map(Object.entries(env)), stdin });

describe('CNI plugins run by hand (SPEC.md execution protocol)', () => {
  it('ADD (1.0.0) prints the result in struct order, no IP version, and wires the namespace', () => {
    const n = node();
    const r = run(n, ENV, conf('1.0.0'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['cniVersion', 'interfaces', 'ips', 'routes', 'dns']);
    expect(r.stdout).toMatch(/^\{\n {4}"cniVersion": "1.0.0",\n {4}"interfaces": \[\n {8}\{\n {12}"name": "lab0",\n {12}"mac": /);
    const eth0 = linkByName(n.pod, 'eth0')!;
    expect(out.interfaces).toEqual([
      { name: 'lab0', mac: linkByName(n.host, 'lab0')!.mac },
      { name: expect.stringMatching(/^veth[0-9a-f]{8}$/), mac: expect.stringMatching(/^6a:58:/) },
      { name: 'eth0', mac: eth0.mac, sandbox: '/var/run/netns/lab' },
    ]);
    expect(out.ips).toEqual([{ interface: 2, address: '10.22.0.2/24', gateway: '10.22.0.1' }]);
    expect(out.routes).toEqual([{ dst: '10.244.0.0/16' }, { dst: '0.0.0.0/0', gw: '10.22.0.1' }]);
    expect(n.pod.addrs.filter((a) => a.family === 'inet').map((a) => `${formatIpv4(a.addr as number)}/${a.len}`)).toEqual(['10.22.0.2/24']);
    expect(n.pod.routes.filter((x) => x.via !== undefined).map((x) => `${formatIpv4(x.dst.addr)}/${x.dst.len}`).sort()).toEqual(['0.0.0.0/0', '10.244.0.0/16']);
    expect(n.machine.files.get('/var/lib/cni/networks/lab/10.22.0.2')).toBe('lab\r\neth0');
  });

  it('ADD (0.3.1) prints types040\'s shape: struct order, "version": "4", and "dns": {}', () => {
    const n = node();
    const out = JSON.parse(run(n, ENV, conf('0.3.1')).stdout) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['cniVersion', 'interfaces', 'ips', 'routes', 'dns']);
    expect(out.ips).toEqual([{ version: '4', interface: 2, address: '10.22.0.2/24', gateway: '10.22.0.1' }]);
    expect(out.dns).toEqual({});
  });

  it('DEL removes the interface and the reservation, and succeeds again when nothing is left', () => {
    const n = node();
    run(n, ENV, conf('1.0.0'));
    const del = { ...ENV, CNI_COMMAND: 'DEL' };
    expect(run(n, del, conf('1.0.0'))).toMatchObject({ code: 0, stdout: '' });
    expect(linkByName(n.pod, 'eth0')).toBeUndefined();
    expect(n.machine.files.has('/var/lib/cni/networks/lab/10.22.0.2')).toBe(false);
    expect(run(n, { ...del, CNI_NETNS: '' }, conf('1.0.0')).code).toBe(0);
  });

  it('errors carry the spec\'s codes and skel\'s words, on stdout, exit 1', () => {
    const n = node();
    const err = (env: Record<string, string>, stdin: string, type?: string) => {
      const r = run(n, env, stdin, type);
      expect(r.code).toBe(1);
      return JSON.parse(r.stdout) as { code: number; msg: string; details?: string };
    };
    expect(err({ CNI_COMMAND: 'ADD' }, conf('1.0.0'))).toEqual({ code: 4, msg: 'required env variables [CNI_CONTAINERID,CNI_NETNS,CNI_IFNAME,CNI_PATH] missing' });
    expect(err(ENV, '{"name": "lab",}')).toEqual({ code: 6, msg: "error unmarshall network config: invalid character '}' looking for beginning of object key string" });
    expect(err(ENV, '{"type": "bridge"}')).toEqual({ code: 7, msg: 'missing network name' });
    expect(err(ENV, conf('9.9.9'))).toMatchObject({ code: 1, msg: 'incompatible CNI versions', details: expect.stringContaining('config is "9.9.9", plugin supports ["0.1.0" "0.2.0"') });
    expect(err({ ...ENV, CNI_COMMAND: 'CHECK' }, conf('0.3.1'))).toEqual({ code: 1, msg: 'config version does not allow CHECK' });
    expect(err({ ...ENV, CNI_NETNS: '/var/run/netns/nope' }, conf('1.0.0'))).toEqual({ code: 999, msg: 'failed to open netns "/var/run/netns/nope": failed to Statfs "/var/run/netns/nope": no such file or directory' });
    expect(err(ENV, conf('1.0.0', { ipam: { type: 'dhcp' } }))).toEqual({ code: 999, msg: 'failed to find plugin "dhcp" in path [/opt/cni/bin]' });
    expect(err(ENV, conf('1.0.0'), 'portmap')).toEqual({ code: 999, msg: 'must be called as chained plugin' });
  });

  it('with no CNI_COMMAND the plugin prints its about line to stderr and exits 0', () => {
    const r = run(node(), {}, '');
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: 'CNI bridge plugin v1.1.1\nCNI protocol versions supported: 0.1.0, 0.2.0, 0.3.0, 0.3.1, 0.4.0, 1.0.0\n' });
  });

  it('a full range is host-local\'s error, passed through bridge unchanged', () => {
    const n = node();
    const small = conf('1.0.0', { ipam: { type: 'host-local', ranges: [[{ subnet: '10.22.0.0/30' }]] } });
    expect(run(n, ENV, small).code).toBe(0);
    const second = run(n, { ...ENV, CNI_CONTAINERID: 'other', CNI_IFNAME: 'eth1' }, small);
    expect(JSON.parse(second.stdout)).toEqual({ code: 999, msg: 'failed to allocate for range 0: no IP addresses available in range set: 10.22.0.1-10.22.0.2' });
  });

  it('a config whose IPAM is the plugin itself ends instead of recursing', () => {
    const n = node();
    const r = run(n, ENV, conf('1.0.0', { ipam: { type: 'bridge' } }));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).msg).toBe('fork/exec /opt/cni/bin/bridge: resource temporarily unavailable');
  });
});
