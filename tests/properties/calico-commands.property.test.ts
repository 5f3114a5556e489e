// Never break, on a Calico cluster (lesson 11): random lines of birdcl, calicoctl and the
// commands that touch what Calico built (cali veths, tunl0, proxy_arp, the IP pool, IPIP
// traffic) on the calico scenario. No line may throw; birdcl and calicoctl only read, so
// they must leave the configuration digest as it was whatever they print; any other simple
// command that fails must change nothing either (as command-lines.property.test.ts holds).
// FC_SEED replays a run, FC_RUNS changes its size.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcSeed } from './seed.ts';
import { parseScenario } from '../../sandbox/api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { buildWorld } from '../../sandbox/scenarios/index.ts';
import { createShell } from '../../sandbox/shell/session.ts';
import { configParts, sameConfig } from '../../sandbox/api/journal.ts';

const VOCAB: Record<string, string[]> = {
  birdcl: ['show', 'protocols', 'protocol', 'route', 'all', 'sh', 'p', '-s', '/var/run/calico/bird.ctl', '/tmp/x', '-v', '-l', 'configure', ''],
  calicoctl: ['node', 'status', 'get', 'ippool', 'ippools', '-o', 'wide', 'yaml', 'patch', 'ipam', 'show', '--show-blocks', 'version', 'x'],
  ip: ['route', 'link', 'addr', 'neigh', 'show', 'get', 'add', 'del', 'replace', 'dev', 'tunl0', 'cali5e1c4d6c68c', 'cali7d3b2f1a9c0', 'eth0',
    'via', '10.0.32.13', '169.254.1.1', 'onlink', 'proto', 'bird', 'scope', 'link', 'blackhole', '10.244.0.0/26', '10.244.0.50', '-d', '-br',
    'type', 'ipip', 'mtu', '1480', 'up', 'down', 'set'],
  sysctl: ['-w', '-a', 'net.ipv4.conf.cali5e1c4d6c68c.proxy_arp=0', 'net.ipv4.conf.cali4e8a60c2d71.proxy_arp=1', 'net.ipv4.conf.all.proxy_arp=1',
    'net.ipv4.neigh.cali5e1c4d6c68c.proxy_delay=5', 'net.ipv4.neigh.tunl0.proxy_delay', 'net.ipv4.neigh.nosuch.proxy_delay=0', 'net.ipv4.ip_forward=0'],
  kubectl: ['get', 'patch', 'delete', 'ippool', 'ippools', 'default-ipv4-ippool', '--type', 'merge', '-p',
    `'{"spec":{"ipipMode":"CrossSubnet"}}'`, `'{"spec":{"ipipMode":"Always"}}'`, `'{"spec":{"ipipMode":"bogus"}}'`, `'{"spec":{"blockSize":33}}'`,
    `'{"spec":{"cidr":"nonsense"}}'`, '-o', 'yaml', 'pod', 'pod-a', 'pods'],
  ping: ['-c', '1', '-W', '1', '10.244.0.128', '10.244.0.65', '10.244.0.50', '169.254.1.1', '-s', '1472', '-M', 'do'],
  tcpdump: ['-nn', '-c', '1', '-i', 'eth0', 'tunl0', '-v', '-e', 'host', '10.0.32.13'],
};
const COMMANDS = Object.keys(VOCAB);
const simple = fc.constantFrom(...COMMANDS).chain((cmd) => fc.array(fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...VOCAB[cmd]!) },
  { weight: 1, arbitrary: fc.string({ maxLength: 5 }).filter((s) => /^[\w.:/=-]+$/.test(s)) },
), { maxLength: 7 }).map((args) => [cmd, ...args]));

const SCENARIO = parseScenario(scenarioText('calico')!);

describe('random Calico command lines never break the simulator', () => {
  it('no exception; birdcl and calicoctl change nothing; a refused command changes nothing', async () => {
    const base = buildWorld(SCENARIO, 1);
    let world = structuredClone(base);
    let sh = createShell(world, 'node-1');
    let lines = 0;
    const failures: string[] = [];
    await fc.assert(fc.asyncProperty(simple, async (argv) => {
      if (++lines % 100 === 0) { sh.dispose(); world = structuredClone(base); sh = createShell(world, 'node-1'); }
      const line = argv.join(' ');
      const before = configParts(world, sh.save());
      const timer = setTimeout(() => sh.interrupt(), 5);
      let status: number;
      try {
        status = (await sh.exec(line, () => undefined)).status;
      } catch (e) {
        failures.push(`${line}\n  threw ${String((e as Error).stack ?? e).split('\n').slice(0, 4).join('\n  ')}`);
        sh.dispose(); world = structuredClone(base); sh = createShell(world, 'node-1');
        return;
      } finally {
        clearTimeout(timer);
      }
      const readOnly = argv[0] === 'birdcl' || argv[0] === 'calicoctl';
      // Several operands, each done or refused on its own: sysctl sets the good keys, and kubectl
      // delete deletes the objects it finds and exits 1 for the rest (as kubectl does).
      const operands = (from: number) => argv.slice(from).filter((a) => !a.startsWith('-')).length;
      const multi = (argv[0] === 'sysctl' && operands(1) > 1) || (argv[0] === 'kubectl' && argv[1] === 'delete' && operands(2) > 2);
      if ((readOnly || (status !== 0 && !multi)) && !sameConfig(before, configParts(world, sh.save()))) {
        failures.push(`${line}\n  exited ${status} but changed the configuration`);
      }
    }), { numRuns: Number(process.env.FC_RUNS ?? 600) });
    sh.dispose();
    expect(failures.slice(0, 20), `replay with FC_SEED=${fcSeed}`).toEqual([]);
  }, 180_000);
});
