// The bridge plugin run by hand, against real captures: Debian 12's containernetworking-plugins
// 1.1.1 (/usr/lib/cni) in a scratch namespace, taken by tests/fixtures/cni/capture.sh. The
// simulator runs the same steps on the same config; only what no simulator can know is
// normalised: the kernel's random MACs and the plugin's random veth name. The about line's
// version is Debian's build ("version unknown"; an upstream build prints v1.1.1).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createWorld, type Machine } from '../../sandbox/fabric/world.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import { execPlugin } from '../../sandbox/cluster/cni/plugins.ts';
import { installPlugins, PACKAGE_PLUGINS } from '../../sandbox/cluster/cni/node-files.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/cni/${name}`, import.meta.url), 'utf8');
const normalise = (s: string) => s.replace(/"mac": "[0-9a-f:]{17}"/g, '"mac": "MAC"').replace(/veth[0-9a-f]{8}/g, 'vethXXXXXXXX');

const conf = (v: string) => `{"cniVersion":"${v}","name":"capnet","type":"bridge","bridge":"cap0","isGateway":true,"isDefaultGateway":true,"ipam":{"type":"host-local","ranges":[[{"subnet":"10.22.0.0/24"}]],"routes":[{"dst":"10.244.0.0/16"}],"dataDir":"/tmp/cnicap-store"}}`;

function capture(): Map<string, string> {
  const world = createWorld(5);
  const host = createNetns(world, 'host', []);
  const ns = createNetns(world, 'cnicap', []);
  const machine: Machine = { name: 'host', hostname: 'host', kind: 'host', netns: host.id, namedNetns: new Map([['cnicap', ns.id]]), files: new Map(), env: new Map() };
  world.machines.set('host', machine);
  installPlugins(machine.files, PACKAGE_PLUGINS);
  const base = { CNI_CONTAINERID: 'cap1', CNI_NETNS: '/var/run/netns/cnicap', CNI_IFNAME: 'eth0', CNI_PATH: '/opt/cni/bin' };
  const run = (env: Record<string, string>, stdin: string) => {
    const r = execPlugin({ world, machine, hostNs: host, path: '/opt/cni/bin/bridge', env: new Map(Object.entries(env)), stdin });
    return { text: `${r.stdout}exit ${r.code}\n`, stderr: r.stderr, code: r.code };
  };
  const out = new Map<string, string>();
  out.set('add-1.0.0.txt', run({ CNI_COMMAND: 'ADD', ...base }, conf('1.0.0')).text);
  out.set('del-1.0.0.txt', run({ CNI_COMMAND: 'DEL', ...base }, conf('1.0.0')).text);
  out.set('add-0.3.1.txt', run({ CNI_COMMAND: 'ADD', ...base }, conf('0.3.1')).text);
  out.set('del-0.3.1.txt', run({ CNI_COMMAND: 'DEL', ...base }, conf('0.3.1')).text);
  out.set('store-after-del.txt', [...machine.files.keys()].filter((f) => f.startsWith('/tmp/cnicap-store/capnet/')).map((f) => f.split('/').pop()).sort().join('\n') + '\n');
  out.set('err-missing-env.txt', run({ CNI_COMMAND: 'ADD' }, conf('1.0.0')).text);
  out.set('err-bad-json.txt', run({ CNI_COMMAND: 'ADD', ...base }, '{"name": "capnet",}').text);
  out.set('err-version.txt', run({ CNI_COMMAND: 'ADD', ...base }, conf('9.9.9')).text);
  out.set('err-netns.txt', run({ CNI_COMMAND: 'ADD', ...base, CNI_NETNS: '/var/run/netns/nope' }, conf('1.0.0')).text);
  const about = run({}, '');
  out.set('about.txt', `${about.stderr}exit ${about.code}\n`);
  return out;
}

describe('the bridge plugin by hand, as Debian 12\'s containernetworking-plugins 1.1.1 prints it', () => {
  const sim = capture();
  for (const name of ['add-1.0.0.txt', 'del-1.0.0.txt', 'add-0.3.1.txt', 'del-0.3.1.txt', 'store-after-del.txt', 'err-missing-env.txt', 'err-bad-json.txt', 'err-version.txt', 'err-netns.txt']) {
    it(name, () => {
      expect(normalise(sim.get(name)!)).toBe(normalise(fixture(name)));
    });
  }
  it('about.txt (the version line is the build\'s)', () => {
    const real = fixture('about.txt').split('\n');
    const ours = sim.get('about.txt')!.split('\n');
    expect(ours[0]).toMatch(/^CNI bridge plugin v1\.1\.1$/);
    expect(ours.slice(1)).toEqual(real.slice(1));
  });
});
