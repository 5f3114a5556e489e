// Never break, for the CNI plugins run by hand and the file commands of lesson 12: random
// CNI_* environments, random (often broken) network configs on stdin and random rm/mv lines
// on a node of the cni-machinery scenario. No line may throw; a plugin's failure is its error
// JSON and exit 1 (pkg/skel), never a crash. FC_SEED replays a run, FC_RUNS changes its size.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseScenario } from '../../sandbox/api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { buildWorld } from '../../sandbox/scenarios/index.ts';
import { createShell } from '../../sandbox/shell/session.ts';

const SCENARIO = parseScenario(scenarioText('cni-machinery')!);
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const value = fc.oneof(fc.constantFrom('ADD', 'DEL', 'CHECK', 'VERSION', 'GC', '', 'add'), fc.constantFrom('lab', 'x', '', '../x', 'a b'),
  fc.constantFrom('/var/run/netns/lab', '/run/netns/nope', '', 'lab'), fc.constantFrom('eth0', 'eth1', '', 'a'.repeat(16), 'a/b'),
  fc.constantFrom('/opt/cni/bin', '', '/nowhere:/opt/cni/bin'));
const confPart = fc.record({
  cniVersion: fc.constantFrom('1.0.0', '0.3.1', '0.4.0', '1.1.0', '9', '', 3),
  name: fc.constantFrom('lab', 'cbr0', '', 'bad name', 7),
  type: fc.constantFrom('bridge', 'host-local', 'portmap', 'flannel', 'nope'),
  bridge: fc.constantFrom('lab0', 'cni0', 'eth0', 'lo', 'x'.repeat(20)),
  isGateway: fc.boolean(), isDefaultGateway: fc.boolean(), hairpinMode: fc.boolean(), promiscMode: fc.boolean(),
  mtu: fc.constantFrom(1500, 0, -1, 70000, 'x'),
  ipam: fc.oneof(fc.constant(undefined), fc.record({
    type: fc.constantFrom('host-local', 'bridge', 'dhcp', ''),
    ranges: fc.constantFrom([[{ subnet: '10.22.0.0/24' }]], [[{ subnet: '10.22.0.1/24' }]], [[{ subnet: '10.22.0.0/31' }]], [], [[]], 'x',
      [[{ subnet: '10.22.0.0/24', rangeStart: '10.22.0.250', rangeEnd: '10.22.1.5' }]]),
    routes: fc.constantFrom([{ dst: '0.0.0.0/0' }], [{ dst: 'x' }], [{}], 'x'),
  })),
  prevResult: fc.oneof(fc.constant(undefined), fc.constant({ cniVersion: '1.0.0', ips: [{ address: '10.22.0.9/24' }] }), fc.constant('x')),
  runtimeConfig: fc.oneof(fc.constant(undefined), fc.constant({ portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostPort: 'x' }] })),
}, { requiredKeys: [] });
const stdin = fc.oneof(confPart.map((c) => JSON.stringify(c)), fc.string({ maxLength: 40 }), fc.constant('{"name": "lab",}'));
const plugin = fc.constantFrom('/opt/cni/bin/bridge', '/opt/cni/bin/host-local', '/opt/cni/bin/portmap', '/opt/cni/bin/flannel', './bridge');
const cniLine = fc.tuple(value, value, value, value, value, plugin, stdin).map(([c, id, ns, ifn, path, bin, conf]) =>
  `cd /opt/cni/bin; printf %s ${q(conf)} | CNI_COMMAND=${q(String(c))} CNI_CONTAINERID=${q(String(id))} CNI_NETNS=${q(String(ns))} CNI_IFNAME=${q(String(ifn))} CNI_PATH=${q(String(path))} ${bin}`);
const fileLine = fc.tuple(fc.constantFrom('rm', 'rm -r', 'rm -f', 'rm -rf', 'mv', 'mv -v', 'rm -x'),
  fc.array(fc.constantFrom('/etc/cni/net.d/10-flannel.conflist', '/etc/cni/net.d', '/var/lib/cni/networks/cbr0', '/var/lib/cni/networks/cbr0/10.244.1.5', '/proc/sys',
    '/', 'nope', '/root/lab.json', '/tmp', '/etc/cni/net.d/00.conflist', '/dev/null'), { maxLength: 3 }))
  .map(([cmd, args]) => `${cmd} ${args.join(' ')}; kubectl get pods >/dev/null`);

describe('CNI plugin and file command lines never break', () => {
  it('runs random lines without an exception', async () => {
    const base = buildWorld(SCENARIO, 1);
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(cniLine, fileLine), { minLength: 1, maxLength: 4 }), async (lines) => {
      const sh = createShell(structuredClone(base), 'node-2');
      await sh.exec('ip netns add lab', () => undefined);
      for (const line of lines) {
        const r = await sh.exec(line, () => undefined);
        expect(typeof r.status).toBe('number');
      }
      sh.dispose();
    }), { numRuns: Number(process.env.FC_RUNS ?? 300) });
  }, 120_000);
});
