// Shared by the traffic fidelity suites: the reference-lab scenario booted with a shell that
// has the traffic commands, and the golden files read as the lab captured them.
import { readFileSync, existsSync } from 'node:fs';
import { bootScenario } from '../../sandbox/scenarios/index.ts';
import { createShell, type Shell } from '../../sandbox/shell/session.ts';
import { commands } from '../../sandbox/shell/commands/index.ts';
import type { World } from '../../sandbox/fabric/world.ts';
import { curl } from '../../sandbox/shell/commands/curl/index.ts';
import { ping } from '../../sandbox/shell/commands/ping/index.ts';
import { tcpdump } from '../../sandbox/shell/commands/tcpdump/index.ts';
import { nc } from '../../sandbox/shell/commands/nc/index.ts';
import { traceroute } from '../../sandbox/shell/commands/traceroute/index.ts';
import { pwru } from '../../sandbox/shell/commands/pwru/index.ts';

const GOLDEN = new URL('../../../shared/reference-lab/golden/', import.meta.url).pathname;

/** The golden stdout (or `.stderr`) of a capture, or undefined when missing. */
export function golden(name: string, stream: 'stdout' | 'stderr' = 'stdout'): string | undefined {
  const file = `${GOLDEN}${name}${stream === 'stderr' ? '.stderr' : ''}.txt`;
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The reference lab and a shell standing on `on`. */
export function lab(on: string, seed = 1): { world: World; shell: Shell } {
  const r = bootScenario('reference-lab', seed);
  if (typeof r === 'string') throw new Error(r);
  const mine = [curl, ping, tcpdump, nc, traceroute, pwru];
  const all = [...commands.filter((c) => !mine.some((m) => m.name === c.name)), ...mine];
  return { world: r.world, shell: createShell(r.world, on, { commands: all }) };
}

/** Runs `line` and collects stdout, stderr and the status. */
export async function run(shell: Shell, line: string): Promise<{ stdout: string; stderr: string; status: number }> {
  let stdout = '';
  let stderr = '';
  const { status } = await shell.exec(line, (c) => {
    if (c.stream === 'stdout') stdout += c.text;
    else stderr += c.text;
  });
  return { stdout, stderr, status };
}
