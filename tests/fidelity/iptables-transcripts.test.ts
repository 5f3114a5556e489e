// Replays transcripts captured from real iptables 1.8.9 (nf_tables) and conntrack 1.4.7 in a
// fresh namespace (fixtures/iptables/capture.sh): every command's stdout, stderr and exit
// status must match, and the state each leaves behind shows in the later listings. Only the
// date in iptables-save comments is masked.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { iptables, iptablesNft } from '../../sandbox/shell/commands/iptables/index.ts';
import { iptablesSave } from '../../sandbox/shell/commands/iptables/save.ts';
import { iptablesRestoreCommand } from '../../sandbox/shell/commands/iptables/restore.ts';
import { conntrack } from '../../sandbox/shell/commands/conntrack/index.ts';
import { exec, labNode, maskCounters, words } from './iptables-setup.helper.ts';

const CMDS = [iptables, iptablesNft, iptablesSave, iptablesRestoreCommand, conntrack];
const DIR = new URL('./fixtures/iptables/', import.meta.url).pathname;

interface Entry { command: string; stdout: string; stderr: string; status: number }

function parseTranscript(name: string): Entry[] {
  const text = readFileSync(`${DIR}${name}.transcript`, 'utf8');
  const out: Entry[] = [];
  const re = /^\$ (.*)\nstdout:\n([\s\S]*?)stderr:\n([\s\S]*?)status: (\d+)\n/gm;
  for (const m of text.matchAll(re)) out.push({ command: m[1]!, stdout: m[2]!, stderr: m[3]!, status: Number(m[4]) });
  return out;
}

/** `printf 'TEXT' | CMD ARGS` or `CMD ARGS`: argv and stdin. */
function commandOf(line: string): { argv: string[]; stdin: string } {
  const pipe = /^printf '(.*)' \| (.*)$/.exec(line);
  if (pipe) return { argv: words(pipe[2]!), stdin: pipe[1]!.replace(/\\n/g, '\n') };
  return { argv: words(line), stdin: '' };
}

for (const name of ['rules', 'errors', 'restore', 'conntrack']) {
  describe(`${name} transcript`, () => {
    it('prints what real iptables printed, command after command', async () => {
      const entries = parseTranscript(name);
      expect(entries.length).toBeGreaterThan(20);
      const { world, ns, machine } = labNode('h3-capture');
      for (const e of entries) {
        const { argv, stdin } = commandOf(e.command);
        const r = await exec(world, ns, machine, CMDS, argv, stdin);
        expect({ command: e.command, stdout: maskCounters(r.stdout), stderr: r.stderr, status: r.status })
          .toEqual({ command: e.command, stdout: maskCounters(e.stdout), stderr: e.stderr, status: e.status });
      }
    });
  });
}
