// Never break: 10,000 random command lines a run, in a cluster booted from
// the pod-ip-model scenario, mixing the vocabularies of the real tools (ip, bridge, iptables,
// conntrack, sysctl, kubectl, dig, curl, wget, ping, arping, nc, traceroute, tcpdump, ss, arp, getent, ps ...), their flags,
// addresses, device names, numbers at and past their limits, and garbage. No line may throw,
// and a simple command that fails (non-zero status) must leave the configuration digest
// (api/journal.ts configParts: links, addresses, routes, rules, neighbours, netfilter,
// sysctls, machines, files, API objects, the shell) as it was: a real tool that refuses
// changes nothing. Lines that really may change something and still fail are not held to
// that (see `atomic`). A line still running after a few milliseconds of real time (ping
// without -c, tcpdump, nc -l, conntrack -E) is interrupted as Ctrl-C would.
// FC_SEED replays a run, FC_RUNS changes its size, FC_TRACE=FILE appends each line to FILE
// before it runs (to find a line that hangs).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcSeed } from './seed.ts';
import { appendFileSync } from 'node:fs';
import { parseScenario } from '../../sandbox/api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { buildWorld } from '../../sandbox/scenarios/index.ts';
import { createShell, type Shell } from '../../sandbox/shell/session.ts';
import { configParts, sameConfig } from '../../sandbox/api/journal.ts';
import type { World } from '../../sandbox/fabric/world.ts';

const ADDRS = ['10.244.1.2', '10.244.2.3', '10.244.1.1', '10.96.0.10', '10.96.0.1', '10.0.16.11', '10.0.16.12', '1.1.1.1', '0.0.0.0/0',
  '10.244.0.0/16', '10.244.1.0/24', '::1', 'fe80::1', '256.1.1.1', '10.244.1.0/33', '10.1.2.3/32', 'kubernetes.default', 'web', 'localhost',
  'echo.default.svc.cluster.local', 'example.com', 'default', '10.244.1.2:80', 'http://10.96.0.10/', 'https://kubernetes.default/version'];
const DEVS = ['eth0', 'cni0', 'flannel.1', 'lo', 'veth0', 'nosuchdev', 'dummy0', 'br0', 'vx0', 'eth0@if2', 'a'.repeat(16)];
const NUMS = ['0', '1', '2', '-1', '3', '100', '1450', '65535', '65536', '4294967296', '99999999999999999999', '1e9', '0x10', 'NaN', '1.5', ''];
const GLOBAL = ['-h', '--help', '-V', '--version', '-n', '-v', '-4', '-6', '-j', '-s', '-d', '-c', '1', '--', '-', '-x'];

/** Each command with words of its own vocabulary. */
const VOCAB: Record<string, string[]> = {
  ip: ['link', 'addr', 'address', 'route', 'r', 'neigh', 'rule', 'netns', 'iif', 'fwmark', '0x1/0xff', 'lookup', 'pref', '32765', '-p', 'add', 'del', 'delete', 'set', 'show', 'list', 'get', 'flush',
    'replace', 'change', 'append', 'dev', 'via', 'table', 'lookup', 'from', 'to', 'iif', 'oif', 'type', 'veth', 'bridge', 'vxlan', 'dummy',
    'peer', 'name', 'up', 'down', 'mtu', 'master', 'nomaster', 'lladdr', 'nud', 'permanent', 'id', 'dstport', 'local', 'remote', 'src',
    'scope', 'link', 'host', 'proto', 'kernel', 'metric', 'onlink', 'blackhole', 'unreachable', 'prohibit', 'main', '100', 'exec',
    'bridge_slave', 'hairpin', 'learning', 'flood', 'guard', 'on', 'off', 'pref', 'priority', 'fwmark', '-br', '-d', '-s', '-o', '-j', '-n', 'ls', 'mark',
    '-p', '-json', '-pretty'],
  bridge: ['fdb', 'link', 'show', 'add', 'append', 'del', 'replace', 'dev', 'dst', 'self', 'master', 'permanent', 'static', 'hairpin',
    'on', 'off', 'set', '00:00:00:00:00:00', '0a:58:0a:f4:01:02', 'br', '-d', '-j', '-p', '-json'],
  iptables: ['-A', '-I', '-D', '-R', '-C', '-N', '-X', '-E', '-F', '-Z', '-L', '-S', '-P', '-t', 'nat', 'filter', 'mangle', 'raw',
    'INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING', 'KUBE-SERVICES', '-p', 'tcp', 'udp', 'icmp', 'sctp', '--dport', '--sport',
    '-m', 'conntrack', '--ctstate', 'NEW', 'comment', '--comment', 'multiport', '--dports', '80,443', 'sctp', '-j', 'ACCEPT', 'DROP',
    'REJECT', '--reject-with', 'tcp-reset', 'icmp-port-unreachable', 'DNAT', '--to-destination', 'SNAT', '--to-source', 'MASQUERADE',
    'MARK', '--set-mark', 'LOG', 'RETURN', '!', '-i', '-o', '--line-numbers', '-w'],
  'iptables-save': ['-t', 'nat', 'filter', '-c', '--counters'],
  'iptables-restore': ['-n', '--noflush', '-t', '-c', '/dev/null', '/tmp/rules'],
  conntrack: ['-L', '-D', '-F', '-C', '-S', '-E', '-E', '-G', '-p', 'tcp', 'udp', 'icmp', 'sctp', '132', '--dport', '--sport', '--orig-dst', '--src', '-o',
    'extended', '-f', 'ipv4', '-u', 'ASSURED', '--state', 'ESTABLISHED', '-e', 'NEW'],
  sysctl: ['-w', '-a', '-n', '-e', '-q', 'net.ipv4.ip_forward', 'net.ipv4.ip_forward=1', 'net.ipv4.ip_forward=0', 'net.ipv4.ip_forward=x',
    'net.bridge.bridge-nf-call-iptables', 'net.ipv4.conf.all.rp_filter=2', 'no.such.key', 'net.ipv4.conf.eth0.forwarding'],
  kubectl: ['get', 'describe', 'delete', 'create', 'apply', 'run', 'expose', 'exec', 'logs', 'scale', 'label', 'annotate', 'pods', 'pod',
    'svc', 'services', 'deployment', 'deploy', 'endpoints', 'endpointslices', 'nodes', 'ns', 'networkpolicy', 'ingress', '-n', 'kube-system',
    '-o', 'wide', 'yaml', 'json', 'name', 'jsonpath={.items[*].metadata.name}', '-l', 'app=echo', '-A', '--all-namespaces', '--image=nginx',
    '--port=80', '-it', '--rm', '--restart=Never', '--', 'sh', 'echo', 'x', '--replicas=2', '-f', '-', '--dry-run=client', 'version',
    'explain', 'pod.spec.containers.ports', 'netpol.spec.egress.ports.port', 'svc.spec.nope', '--recursive', '--image=agnhost', 'serve-hostname',
    '--udp', '--http=false', '-port=9'],
  dig: ['+short', '+noall', '+answer', '@10.96.0.10', '-t', 'A', 'SRV', 'TXT', 'PTR', '-x', 'kubernetes.default.svc.cluster.local', '-b', '+tcp',
    'dns-version.cluster.local', '10.0.16.11#5353', '10.0.16.11', '1.2.3.4#53', '#', '-v'],
  nslookup: ['-type=A', '-debug', 'kubernetes.default', '-version'],
  host: ['-t', 'A', '-v', 'kubernetes', '-V'],
  curl: ['-s', '-S', '-v', '-I', '-i', '-k', '-o', '/dev/null', '-w', '%{http_code}', '--connect-timeout', '-m', '--max-time', '-H', 'Host: x',
    '-X', 'POST', '--resolve', 'x:80:10.96.0.10', '-L'],
  ping: ['-c', '-W', '-w', '-i', '-s', '-M', 'do', 'dont', '-t', '-q', '-I', '-n', '-Ieth0', '-I10.0.16.11'],
  nc: ['-z', '-v', '-w', '-u', '-l', '-p', '-s', '-n', '--sctp', '-e'],
  socat: ['-', 'STDIO', 'SCTP:10.244.1.2:9999', 'sctp4:web:80', 'SCTP-CONNECT:10.96.0.10:53', 'SCTP:x', 'TCP:web:80', 'FOO:1', '-t', '-T', '-d', '-u'],
  traceroute: ['-n', '-T', '-I', '-U', '-m', '-q', '-w', '-p', '-z'],
  wget: ['-q', '-O', '-O-', '-qO-', '-S', '--spider', '-T', '-t', '--timeout=1', 'http://10.96.0.10/', 'http://web/', '/dev/null', '-Z'],
  arping: ['-c', '-w', '-I', '-D', '-f', '-q', '-b', '-s', '-V', '10.244.1.1', '10.0.16.12'],
  tcpdump: ['-i', 'any', '-nn', '-e', '-c', '-v', '-l', 'tcp', 'sctp', 'port', 'udp', 'icmp', 'host', 'and', 'or', 'not', 'src', 'dst', 'arp'],
  pwru: ['--last', '--output-limit-lines', '--filter-netns', '--output-meta', 'host'],
  ss: ['-t', '-u', '-l', '-n', '-p', '-a', '-x', '-tlnp', '-s', 'state', 'established', 'listening', 'sport', 'dport', '=', ':80',
    '-H', '-4', '-6', '--tcp', '--listening', '-e', '-o', ':53', ':10250', '-Q'],
  arp: ['-n', '-a', '-an', '-i', '-e', '-v', '-s', '-d', '-Q', '10.244.1.1'],
  getent: ['hosts', 'ahosts', 'ahostsv4', 'ahostsv6', 'passwd', 'nosuchdb', 'kubernetes', 'kubernetes.default.svc.cluster.local', '127.0.0.1', 'localhost'],
  ps: ['-ef', 'aux', '-e', '-f', 'ax', '-A', '-Q', 'x', 'u', '-o', 'pid'],
  awk: ["'{print $1}'", "'BEGIN{x=1}'", "'{'", '-F:', "'NR==2'", "'{printf \"%99999999d\", 1}'"],
  cat: ['/etc/hosts', '/etc/resolv.conf', '/proc/sys/net/ipv4/ip_forward', '/nonexistent', '-n', '-A'],
  grep: ['-v', '-c', '-i', '-E', '-o', 'eth0', "'['", "'(a|b)*c'", '-r'],
  head: ['-n', '-c', '-5'], tail: ['-n', '-f', '+2'], sort: ['-n', '-r', '-k', '2', '-u', '-t:'], uniq: ['-c', '-d'], wc: ['-l', '-c', '-w'],
  tr: ['a-z', 'A-Z', '-d', '-s', "'\\n'"], cut: ['-d:', '-f1', '-c', '1-3', '-f'], seq: ['1', '3', '200000', '-s,', '-w'],
  sleep: ['0.1', '1', '2m', 'x', '0'], echo: ['-n', '-e', 'hi', '$HOME', '$(hostname)', '"a b"'],
  printf: ["'%s\\n'", "'%d'", "'%99999999999d'", "'%2000000000d'", "'%.200f'", "'%5s|'", 'x', "'%'"],
  hostname: ['-i', '-f'], ls: ['/', '/tmp', '/proc/sys/net', '-l', '/nope'], tee: ['/tmp/out', '-a'],
  ssh: ['node-2', 'node-1', 'nosuchnode', 'hostname'],
};
const COMMANDS = Object.keys(VOCAB);

const word = (cmd: string) => fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VOCAB[cmd]!) },
  { weight: 2, arbitrary: fc.constantFrom(...ADDRS) },
  { weight: 2, arbitrary: fc.constantFrom(...DEVS) },
  { weight: 2, arbitrary: fc.constantFrom(...NUMS.map((n) => (n === '' ? "''" : n))) },
  { weight: 1, arbitrary: fc.constantFrom(...GLOBAL) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }).filter((s) => /^[\w.:/=+-]+$/.test(s)) },
);
const simple = fc.constantFrom(...COMMANDS).chain((cmd) => fc.array(word(cmd), { maxLength: 8 }).map((args) => [cmd, ...args]));
const OPS = [' | ', '; ', ' && ', ' || ', ' | head -2 | ', ' 2>&1 | '];
const compound = fc.tuple(fc.array(simple, { minLength: 2, maxLength: 3 }), fc.array(fc.constantFrom(...OPS), { minLength: 2, maxLength: 2 }))
  .map(([cmds, ops]) => cmds.map((c, i) => (i === 0 ? '' : ops[i - 1]) + c.join(' ')).join(''));

/**
 * Whether a failing run of `argv` must have changed nothing. Real tools that apply part of a
 * request before failing are exempt: sysctl with several assignments, kubectl on several
 * objects or files, anything that runs another command line (ssh, kubectl exec, ip netns
 * exec, sh -c) or writes files (tee).
 */
function atomic(argv: string[]): boolean {
  const [cmd] = argv;
  if (cmd === 'ssh' || cmd === 'tee' || cmd === 'sh') return false;
  if (cmd === 'sysctl') return argv.slice(1).filter((a) => !a.startsWith('-')).length <= 1;
  if (cmd === 'kubectl') return !['exec', 'delete', 'run', 'apply', 'create', 'label', 'annotate', 'scale', 'expose'].some((v) => argv.includes(v));
  if (cmd === 'ip') return !argv.includes('exec');
  return true;
}

/** The commands that can change the configuration. */
const MUTATORS = new Set(['ip', 'bridge', 'iptables', 'iptables-restore', 'conntrack', 'sysctl', 'kubectl', 'ssh', 'tee']);

const SCENARIO = parseScenario(scenarioText('pod-ip-model')!);
/** Lines run on one world before a fresh copy of the booted one replaces it (bounds its growth). */
const LINES_PER_WORLD = 400;

describe('random command lines never break the simulator', () => {
  it('10,000 lines: no exception, and a refused simple command changes nothing', async () => {
    const base = buildWorld(SCENARIO, 1);
    let world: World = structuredClone(base);
    let sh: Shell = createShell(world, 'node-1');
    let lines = 0;
    const reset = (): void => {
      sh.dispose();
      world = structuredClone(base);
      sh = createShell(world, 'node-1');
    };
    const failures: string[] = [];
    const run = async (line: string): Promise<number> => {
      // Ctrl-C after a few ms of real time for what waits for the learner (ping without -c ...).
      const timer = setTimeout(() => sh.interrupt(), 5);
      if (process.env.FC_TRACE) appendFileSync(process.env.FC_TRACE, line + '\n');
      try {
        return (await sh.exec(line, () => undefined)).status;
      } catch (e) {
        failures.push(`${line}\n  threw ${String((e as Error).stack ?? e).split('\n').slice(0, 4).join('\n  ')}`);
        // A shell that threw may hold a task that never ends: start again on a fresh copy.
        reset();
        return -1;
      } finally {
        clearTimeout(timer);
      }
    };
    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 7, arbitrary: simple.map((a) => ({ argv: a })) }, { weight: 3, arbitrary: compound.map((l) => ({ line: l })) }), async (c) => {
      if (++lines % LINES_PER_WORLD === 0) reset();
      if ('line' in c) {
        await run(c.line);
        return;
      }
      const line = c.argv.join(' ');
      // Only commands that change configuration are walked before and after (a walk costs
      // about a millisecond; the others are checked for exceptions alone).
      if (!MUTATORS.has(c.argv[0]!)) {
        await run(line);
        return;
      }
      const before = configParts(world, sh.save());
      const status = await run(line);
      if (status === -1) return;
      if (status !== 0 && status !== -1 && atomic(c.argv) && !sameConfig(before, configParts(world, sh.save()))) {
        failures.push(`${line}\n  exited ${status} but changed the configuration`);
      }
    }), { numRuns: Number(process.env.FC_RUNS ?? 10_000) });
    sh.dispose();
    expect(failures.slice(0, 20), `replay with FC_SEED=${fcSeed}`).toEqual([]);
  }, 180_000);
});
