// iptables, iptables-save, iptables-restore and conntrack never throw on random command lines:
// each either succeeds or prints an error and exits non-zero, and a failing iptables command
// leaves iptables-save's output unchanged.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { iptables } from '../../sandbox/shell/commands/iptables/index.ts';
import { iptablesSave } from '../../sandbox/shell/commands/iptables/save.ts';
import { iptablesRestoreCommand } from '../../sandbox/shell/commands/iptables/restore.ts';
import { conntrack } from '../../sandbox/shell/commands/conntrack/index.ts';
import { exec, labNode, setupSteps } from '../fidelity/iptables-setup.helper.ts';

const CMDS = [iptables, iptablesSave, iptablesRestoreCommand, conntrack];
const WORDS = ['-A', '-I', '-D', '-R', '-C', '-N', '-X', '-E', '-F', '-Z', '-L', '-S', '-P', '-n', '-v', '-x', '--line-numbers', '-t', 'nat',
  'filter', 'raw', 'mangle', 'INPUT', 'FORWARD', 'OUTPUT', 'KUBE-SERVICES', 'NEW', '1', '2', '99', '-s', '10.0.0.0/8', '!', '-p', 'tcp',
  '--dport', '80', '-m', 'comment', '--comment', 'c', 'conntrack', '--ctstate', 'NEW', '-j', 'ACCEPT', 'DROP', 'RETURN', 'KUBE-MARK-MASQ',
  'DNAT', '--to-destination', '1.1.1.1', 'DNAT', '-c', '-D', '-p', 'udp', '--orig-dst', '10.96.0.10', '-g', '--src-nat', 'ACCEPT'];

describe('netfilter commands under random input', () => {
  it('never throw, and failures change nothing', async () => {
    const n = labNode('lab-node1');
    for (const s of setupSteps('lab-node1')) await exec(n.world, n.ns, n.machine, CMDS, s.argv, s.stdin);
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('iptables', 'iptables-save', 'iptables-restore', 'conntrack'),
      fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }),
      async (cmd, args) => {
        const before = (await exec(n.world, n.ns, n.machine, CMDS, ['iptables-save'])).stdout;
        const r = await exec(n.world, n.ns, n.machine, CMDS, [cmd, ...args], '');
        expect(Number.isInteger(r.status)).toBe(true);
        if (r.status !== 0 && cmd !== 'conntrack') {
          expect(r.stderr.length).toBeGreaterThan(0);
          expect((await exec(n.world, n.ns, n.machine, CMDS, ['iptables-save'])).stdout).toBe(before);
        }
      },
    ), { numRuns: 1500 });
  }, 120_000);
});
