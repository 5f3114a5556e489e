// `help` lists what runs on the current machine, one line each, from the registry and the
// manual index (whatis.ts); `clear` writes the terminal's real clear sequence.
import { describe, expect, it } from 'vitest';
import { createShell, type Shell } from '../session.ts';
import { testWorld } from '../test-world.ts';
import { commands } from '../commands/index.ts';
import { builtins } from './index.ts';
import { whatis } from './whatis.ts';

async function run(sh: Shell, line: string): Promise<{ out: string; err: string; status: number }> {
  let out = '';
  let err = '';
  const r = await sh.exec(line, (c) => {
    if (c.stream === 'stdout') out += c.text;
    else err += c.text;
  });
  return { out, err, status: r.status };
}

const names = (out: string): string[] => out.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]!);

describe('help', () => {
  it('has a one-line summary for every command and builtin the shell knows', () => {
    const missing = [...commands.map((c) => c.name), ...builtins.map((b) => b.name)].filter((n) => !whatis[n]);
    expect(missing, 'add their lines to sandbox/shell/builtins/whatis.ts').toEqual([]);
  });

  it('lists every name that runs on a node, sorted, one line each with its summary', async () => {
    const world = testWorld();
    const r = await run(createShell(world, 'node-1'), 'help');
    expect(r.status).toBe(0);
    const listed = names(r.out);
    expect(listed).toEqual([...listed].sort());
    expect(listed).toContain('kubectl');
    expect(listed).toContain('cd');
    // Binaries known by their full path (/opt/cni/bin/bridge) are not on PATH, so help leaves them out.
    expect(listed.length).toBe(new Set([...commands.map((c) => c.name).filter((n) => !n.includes('/')), ...builtins.map((b) => b.name)]).size);
    expect(r.out).toContain('ip                show and change links, addresses, routes, neighbours, namespaces\n');
  });

  it('lists only the pod image\'s programs (and the shell\'s builtins) inside a pod', async () => {
    const r = await run(createShell(testWorld(), 'default/web/nginx'), 'help');
    const listed = names(r.out);
    expect(listed).toContain('hostname');
    expect(listed).toContain('cd');
    expect(listed).not.toContain('ip');
    expect(listed).not.toContain('kubectl');
  });

  it('answers for named commands and fails as bash does for an unknown one', async () => {
    const sh = createShell(testWorld(), 'node-1');
    expect(await run(sh, 'help ping')).toEqual({ out: 'ping              send ICMP echo requests to a host\n', err: '', status: 0 });
    const bad = await run(sh, 'help nope');
    expect(bad.status).toBe(1);
    expect(bad.err).toBe("bash: help: no help topics match `nope'.  Try `help help' or `man -k nope' or `info nope'.\n");
  });
});

describe('clear', () => {
  it('writes the xterm clear sequence itself (home, erase display, erase scrollback) on stdout', async () => {
    const r = await run(createShell(testWorld(), 'node-1'), 'clear');
    expect(r).toEqual({ out: '\x1b[H\x1b[2J\x1b[3J', err: '', status: 0 });
  });
});
