// Replays a transcript captured from real iptables 1.8.9 (nf_tables) in a fresh namespace
// (tests/fidelity/fixtures/iptables/capture.sh with tests/fixtures/mesh/istio-rules.cmds): the
// nat rules Istio's istio-iptables writes for the injected istio-init arguments (tools/istio-iptables/pkg/capture/run.go),
// listed with -S, -L, -L -n -v and iptables-save, then the owner match's options, names,
// errors and the hooks the kernel allows it at (net/netfilter/xt_owner.c), and REDIRECT's.
// Every command's stdout, stderr and exit status must match; only iptables-save's date and
// counters are masked.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { iptables, iptablesNft } from '../../sandbox/shell/commands/iptables/index.ts';
import { iptablesSave } from '../../sandbox/shell/commands/iptables/save.ts';
import { iptablesRestoreCommand } from '../../sandbox/shell/commands/iptables/restore.ts';
import { exec, labNode, maskCounters, words } from './iptables-setup.helper.ts';
import { istioRestoreText, parseIstioIptables } from '../../sandbox/cluster/mesh/istio-iptables.ts';

const CMDS = [iptables, iptablesNft, iptablesSave, iptablesRestoreCommand];
const FIXTURES = new URL('../fixtures/mesh/', import.meta.url).pathname;

interface Entry { command: string; stdout: string; stderr: string; status: number }

function parseTranscript(name: string): Entry[] {
  const text = readFileSync(`${FIXTURES}${name}.transcript`, 'utf8');
  const re = /^\$ (.*)\nstdout:\n([\s\S]*?)stderr:\n([\s\S]*?)status: (\d+)\n/gm;
  return [...text.matchAll(re)].map((m) => ({ command: m[1]!, stdout: m[2]!, stderr: m[3]!, status: Number(m[4]) }));
}

function commandOf(line: string): { argv: string[]; stdin: string } {
  const pipe = /^printf '(.*)' \| (.*)$/.exec(line);
  if (pipe) return { argv: words(pipe[2]!), stdin: pipe[1]!.replace(/\\n/g, '\n') };
  return { argv: words(line), stdin: '' };
}

describe('Istio capture rules and -m owner against real iptables', () => {
  const entries = parseTranscript('istio-rules');

  it('prints what real iptables printed, command after command', async () => {
    expect(entries.length).toBeGreaterThan(30);
    const { world, ns, machine } = labNode('mesh-capture');
    for (const e of entries) {
      const { argv, stdin } = commandOf(e.command);
      const r = await exec(world, ns, machine, CMDS, argv, stdin);
      expect({ command: e.command, stdout: maskCounters(r.stdout), stderr: r.stderr, status: r.status })
        .toEqual({ command: e.command, stdout: maskCounters(e.stdout), stderr: e.stderr, status: e.status });
    }
  });

  it('istio-iptables, given the injected arguments, loads the rules real iptables listed', async () => {
    const cfg = parseIstioIptables(['-p', '15001', '-z', '15006', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '*', '-d', '15090,15021,15020', '--log_output_level=default:info']);
    if (typeof cfg === 'string') throw new Error(cfg);
    const { world, ns, machine } = labNode('mesh-init');
    const loaded = await exec(world, ns, machine, CMDS, ['iptables-restore', '--noflush'], istioRestoreText(cfg));
    expect(loaded.status).toBe(0);
    const listed = await exec(world, ns, machine, CMDS, ['iptables', '-t', 'nat', '-S'], '');
    expect(listed.stdout).toBe(entries.find((e) => e.command === 'iptables -t nat -S')!.stdout);
  });
});
