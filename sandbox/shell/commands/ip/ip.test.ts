// Unit tests of behaviour the captured fixtures do not pin: completion, `ip netns list`
// with peer ids, `ip netns exec` placing the command, `-n`, netns deletion while in use.
import { describe, expect, it } from 'vitest';
import { buildLab } from '../../../../tests/fidelity/lab-fixture.ts';
import { placeOf, runIn } from '../../../../tests/fidelity/net-harness.ts';
import { ip } from './index.ts';
import { bridge } from '../bridge/index.ts';
import { sysctl } from '../sysctl/index.ts';

describe('ip netns', () => {
  it('lists names newest first, with the id this namespace gives a veth peer', async () => {
    const lab = buildLab();
    const r = await runIn(lab.world, placeOf(lab.world, lab.machines['lab-node1']), 'ip netns list');
    // node1 peers with lab-lan (eth0, ifindex 2), lab-n1-pa (5) and lab-n1-pb (6)
    expect(r.stdout).toBe('lab-n2-pd\nlab-n2-pc\nlab-n1-pb (id: 2)\nlab-n1-pa (id: 1)\nlab-node2\nlab-node1\nlab-lan (id: 0)\n');
  });

  it('exec runs the command in the named namespace; -n does the same', async () => {
    const lab = buildLab();
    const place = placeOf(lab.world, lab.machines['lab-node1']);
    const a = await runIn(lab.world, place, 'ip netns exec lab-n1-pa ip -br addr show dev eth0');
    const b = await runIn(lab.world, place, 'ip -n lab-n1-pa -br addr show dev eth0');
    expect(a.stdout).toBe('eth0@if5         UP             10.244.1.2/24 fe80::858:aff:fef4:102/64 \n');
    expect(b.stdout).toBe(a.stdout);
  });

  it('del of a name keeps a namespace a machine still runs in, add creates one with lo down', async () => {
    const lab = buildLab();
    const place = placeOf(lab.world, lab.machines['lab-node1']);
    const pa = lab.ns['lab-n1-pa'].id;
    expect((await runIn(lab.world, place, 'ip netns del lab-n1-pa')).status).toBe(0);
    expect(lab.world.netns.has(pa)).toBe(true);
    expect((await runIn(lab.world, place, 'ip netns add scratch')).status).toBe(0);
    const r = await runIn(lab.world, place, 'ip -n scratch -br link');
    expect(r.stdout).toBe('lo               DOWN           00:00:00:00:00:00 <LOOPBACK> \n');
    const id = lab.machines['lab-node1'].namedNetns.get('scratch')!;
    await runIn(lab.world, place, 'ip netns del scratch');
    expect(lab.world.netns.has(id)).toBe(false);
  });
});

describe('completion', () => {
  const lab = buildLab();
  const place = { ...placeOf(lab.world, lab.machines['lab-node1']), world: lab.world };
  it('offers objects, subcommands, devices, namespaces and types', () => {
    expect(ip.complete!([], 'r', place)).toContain('route');
    expect(ip.complete!(['link'], '', place)).toEqual(['add', 'del', 'set', 'show']);
    expect(ip.complete!(['link', 'set'], '', place)).toEqual(expect.arrayContaining(['cni0', 'flannel.1', 'veth3f6a1b2c']));
    expect(ip.complete!(['route', 'add', '10.0.0.0/8', 'dev'], '', place)).toContain('eth0');
    expect(ip.complete!(['-n'], '', place)).toContain('lab-n1-pa');
    expect(ip.complete!(['-n', 'lab-n1-pa', 'link', 'set'], '', place)).toEqual(['lo', 'eth0']);
    expect(ip.complete!(['netns', 'exec'], '', place)).toContain('lab-lan');
    expect(ip.complete!(['link', 'add', 'x', 'type'], '', place)).toEqual(['bridge', 'dummy', 'veth', 'vxlan']);
    expect(bridge.complete!(['fdb', 'show', 'dev'], '', place)).toContain('flannel.1');
    expect(sysctl.complete!([], 'net', place)).toContain('net.ipv4.ip_forward');
  });
});

describe('sysctl -a', () => {
  it('lists every key sorted, with this namespace values and per-device keys', async () => {
    const lab = buildLab();
    const r = await runIn(lab.world, placeOf(lab.world, lab.machines['lab-node1']), 'sysctl -a');
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('net.ipv4.ip_forward = 1');
    expect(lines).toContain('net.ipv4.conf.flannel/1.rp_filter = 0');
    expect([...lines].sort()).toEqual(lines);
  });
});

describe('bridge fdb ageing', () => {
  it('stops listing a learned MAC once the ageing time passed without traffic', async () => {
    const lab = buildLab();
    const place = placeOf(lab.world, lab.machines['lab-node1']);
    const learned = '0a:58:0a:f4:01:02 dev veth3f6a1b2c master cni0 \n';
    expect((await runIn(lab.world, place, 'bridge fdb show br cni0')).stdout).toContain(learned);
    lab.world.clock.ms += 301_000;
    const after = (await runIn(lab.world, place, 'bridge fdb show br cni0')).stdout;
    expect(after).not.toContain(learned);
    expect(after).toContain('6a:58:0a:f4:01:02 dev veth3f6a1b2c master cni0 permanent\n');
  });
});
