// iptables, iptables-save and iptables-restore against the reference lab: replay the lab's
// setup (kubelet's and kube-proxy's iptables lines, kube-proxy's and flanneld's restore
// payloads) and compare every captured listing, masking only counters and dates.
import { describe, expect, it } from 'vitest';
import { iptables, iptablesNft } from '../../sandbox/shell/commands/iptables/index.ts';
import { iptablesSave } from '../../sandbox/shell/commands/iptables/save.ts';
import { iptablesRestoreCommand } from '../../sandbox/shell/commands/iptables/restore.ts';
import { exec, golden, goldenStatus, labNode, maskCounters, setupSteps, words } from './iptables-setup.helper.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

const CMDS = [iptables, iptablesNft, iptablesSave, iptablesRestoreCommand];

async function built(node: string) {
  const n = labNode(node);
  for (const step of setupSteps(node)) {
    const r = await exec(n.world, n.ns, n.machine, CMDS, step.argv, step.stdin);
    expect({ step: step.argv.join(' '), status: r.status, stderr: r.stderr }).toEqual({ step: step.argv.join(' '), status: 0, stderr: '' });
  }
  return n;
}

const CAPTURES: [file: string, command: string][] = [
  ['iptables-L', 'iptables -L'],
  ['iptables-S', 'iptables -S'],
  ['iptables-t-nat-L', 'iptables -t nat -L'],
  ['iptables-t-nat-L-n', 'iptables -t nat -L -n'],
  ['iptables-t-nat-L-n-line-numbers', 'iptables -t nat -L -n --line-numbers'],
  ['iptables-t-nat-S', 'iptables -t nat -S'],
  ['iptables-t-nat-S-KUBE-SERVICES', 'iptables -t nat -S KUBE-SERVICES'],
  ['iptables-L-n-v.before-traffic', 'iptables -L -n -v'],
  ['iptables-t-nat-L-n-v.before-traffic', 'iptables -t nat -L -n -v'],
  ['iptables-L-n-v', 'iptables -L -n -v'],
  ['iptables-t-nat-L-n-v', 'iptables -t nat -L -n -v'],
  ['iptables-save.before-traffic', 'iptables-save'],
  ['iptables-save', 'iptables-save'],
  ['iptables-save-c', 'iptables-save -c'],
];

for (const node of ['lab-node1', 'lab-node2']) {
  describe(`${node}: the lab's rules`, () => {
    for (const [file, command] of CAPTURES) {
      it(`prints \`${command}\` as ${file}`, async () => {
        const want = golden(`${node}.${file}`);
        expect(want).not.toBe('');
        const { world, ns, machine } = await built(node);
        const r = await exec(world, ns, machine, CMDS, words(command));
        expect(r.status).toBe(0);
        expect(maskCounters(r.stdout)).toBe(maskCounters(want));
      });
    }
  });
}

describe('lab-node1: errors as iptables 1.8.9 (nf_tables) prints them', () => {
  const cases: [file: string, command: string][] = [
    ['iptables-L-NOSUCHCHAIN', 'iptables -L NOSUCHCHAIN'],
    ['iptables-t-nat-L-NOSUCHCHAIN-n', 'iptables -t nat -L NOSUCHCHAIN -n'],
    ['iptables-t-nosuchtable-L', 'iptables -t nosuchtable -L'],
    ['iptables-t-nat-D-KUBE-SERVICES-99', 'iptables -t nat -D KUBE-SERVICES 99'],
    ['iptables-A-FORWARD-j-NOSUCHTARGET', 'iptables -A FORWARD -j NOSUCHTARGET'],
    ['iptables-V', 'iptables -V'],
    ['iptables-nft-V', 'iptables-nft -V'],
  ];
  for (const [file, command] of cases) {
    it(`answers \`${command}\` like ${file}`, async () => {
      const { world, ns, machine } = await built('lab-node1');
      const before = (await exec(world, ns, machine, CMDS, ['iptables-save'])).stdout;
      const r = await exec(world, ns, machine, CMDS, words(command));
      expect(r.stdout).toBe(golden(`lab-node1.${file}`));
      expect(r.stderr).toBe(golden(`lab-node1.${file}`, 'stderr'));
      expect(r.status).toBe(goldenStatus(`lab-node1.${file}`));
      expect((await exec(world, ns, machine, CMDS, ['iptables-save'])).stdout).toBe(before);
    });
  }
});

// The same listings from the `reference-lab` scenario, whose nodes get their rules from the
// cluster's controllers (kubelet, kube-proxy, flanneld) rather than from setup.cmds.
describe('reference-lab scenario: rules as the controllers wrote them', async () => {
  const { bootScenario } = await import('../../sandbox/scenarios/index.ts');
  for (const node of ['lab-node1', 'lab-node2']) {
    for (const [file, command] of CAPTURES.filter(([f]) => !f.endsWith('-v') && !f.endsWith('save') && !f.endsWith('save-c'))) {
      it(`${node}: \`${command}\` prints ${file}`, async () => {
        const r = bootScenario(scenarioText('reference-lab')!, 1);
        if (typeof r === 'string') throw new Error(r);
        const machine = r.world.machines.get(node)!;
        const ns = r.world.netns.get(machine.netns)!;
        const out = await exec(r.world, ns, machine, CMDS, words(command));
        expect(maskCounters(out.stdout)).toBe(maskCounters(golden(`${node}.${file}`)));
      }, 60_000);
    }
  }
});
