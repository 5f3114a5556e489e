// Never break, for ipset, ipvsadm and iptables' -m set (issue 15): random command lines from
// their vocabularies on node-2 of the service-edges scenario (kube-proxy in IPVS mode, every
// KUBE-* set and virtual server present). No line may throw, and a line that fails must leave
// the sets, the virtual servers and the netfilter rules as they were: the real tools refuse
// before they change anything. FC_SEED replays a run, FC_RUNS changes its size.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcSeed } from './seed.ts';
import { parseScenario } from '../../sandbox/api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { buildWorld } from '../../sandbox/scenarios/index.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import type { World } from '../../sandbox/fabric/world.ts';

const SETS = ['KUBE-CLUSTER-IP', 'KUBE-LOOP-BACK', 'KUBE-NODE-PORT-TCP', 'KUBE-IPVS-IPS', 'KUBE-LOAD-BALANCER-SOURCE-CIDR', 'S', 'NOPE', ''];
const ELEMS = ['10.96.13.20,tcp:80', '10.96.0.10,udp:53', '10.96.0.1,443', '10.244.1.5,tcp:80,10.244.1.5', '203.0.113.200,tcp:80,198.51.100.0/24',
  '30013', '70000', '10.96.0.999,tcp:1', '10.96.0.1', '1.2.3.4,icmp:8', '1.2.3.4,tcp:99999', ',', '1.2.3.4,tcp:80,1.2.3.4,5', '10.0.0.0/8'];
const VOCAB: Record<string, string[]> = {
  ipset: ['list', '-L', '-n', '-t', '-s', 'create', 'add', 'del', 'test', 'flush', 'destroy', 'x', '-X', 'version', 'help', '-exist', '-!',
    'hash:ip', 'hash:ip,port', 'hash:ip,port,ip', 'hash:ip,port,net', 'bitmap:port', 'hash:net', 'family', 'inet', 'inet6', 'hashsize', 'maxelem',
    'range', '0-65535', '30000-32767', '1024', '0', ...SETS, ...ELEMS],
  ipvsadm: ['-L', '-l', '-n', '-Ln', '-Lnc', '-c', '--stats', '--exact', '-S', '-A', '-E', '-D', '-C', '-a', '-e', '-d', '-t', '-u', '-r', '-s',
    'rr', 'wlc', '-p', '10800', '-m', '-g', '-w', '0', '1', '65536', '-x', '--help', '--version', '10.96.13.20:80', '10.96.13.60:8080',
    '10.244.1.5:80', '1.1.1.1:80', '10.96.0.10:53', '10.96.0.300:80', '10.96.0.1', ':80', 'a:b'],
  iptables: ['-A', '-I', '-D', '-C', '-t', 'nat', 'filter', 'INPUT', 'PREROUTING', 'KUBE-SERVICES', '-m', 'set', '--match-set', '!',
    'src', 'dst', 'dst,dst', 'dst,dst,src', 'src,dst,src,dst,src,dst,src', 'foo', '-j', 'ACCEPT', 'DROP', '-S', '-L', '-n', ...SETS],
};
const word = (cmd: string) => fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VOCAB[cmd]!) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }).filter((s) => /^[\w.:,/=+-]+$/.test(s)) },
);
const line = fc.constantFrom(...Object.keys(VOCAB)).chain((cmd) => fc.array(word(cmd), { maxLength: 9 }).map((args) => [cmd, ...args].join(' ')));

/** What these commands can change on the node. */
function digest(world: World): string {
  const ns = world.netns.get(world.machines.get('node-2')!.netns)!;
  const rules = [...ns.netfilter.tables].map(([t, tab]) => [t, [...tab.chains].map(([c, ch]) => [c, ch.policy, ch.rules.map((r) => JSON.stringify([r.ip, r.matches, r.target]))])]);
  return JSON.stringify([ns.ipsets?.sets.map((s) => [s.name, s.type, s.range, s.members]), ns.ipvs?.services.map((s) => [s.proto, s.addr, s.port, s.scheduler, s.persistent, s.dests.map((d) => [d.addr, d.port, d.weight])]), rules]);
}

describe('ipset, ipvsadm and -m set never break the simulator', () => {
  it('2,000 lines: no exception, and a refused command changes nothing', async () => {
    const base = buildWorld(parseScenario(scenarioText('service-edges')!), 1);
    let world: World = structuredClone(base);
    let sh = createShell(world, 'node-2');
    let n = 0;
    const failures: string[] = [];
    await fc.assert(fc.asyncProperty(line, async (l) => {
      if (++n % 200 === 0) {
        sh.dispose();
        world = structuredClone(base);
        sh = createShell(world, 'node-2');
      }
      const before = digest(world);
      let status: number;
      try {
        status = (await sh.exec(l, () => undefined)).status;
      } catch (e) {
        failures.push(`${l}\n  threw ${String((e as Error).stack ?? e).split('\n').slice(0, 4).join('\n  ')}`);
        return;
      }
      if (status !== 0 && digest(world) !== before) failures.push(`${l}\n  exited ${status} but changed the sets, services or rules`);
    }), { numRuns: Number(process.env.FC_RUNS ?? 2000) });
    sh.dispose();
    expect(failures.slice(0, 20), `replay with FC_SEED=${fcSeed}`).toEqual([]);
  }, 180_000);
});
