/**
 * Runs `ip`, `bridge` and `sysctl` command lines against a world without the shell (the
 * fidelity tests of those commands need only them): a minimal CommandContext whose spawn
 * dispatches to the same three commands (for `ip netns exec NS CMD`).
 */
import type { Machine, World } from '../../sandbox/fabric/world.ts';
import type { Netns } from '../../sandbox/net/types.ts';
import type { CommandContext, CommandSpec, Place } from '../../sandbox/shell/types.ts';
import { ip } from '../../sandbox/shell/commands/ip/index.ts';
import { bridge } from '../../sandbox/shell/commands/bridge/index.ts';
import { sysctl } from '../../sandbox/shell/commands/sysctl/index.ts';

const COMMANDS: Record<string, CommandSpec> = { ip, bridge, sysctl };

/** What a command run produced. */
export interface RunResult {
  stdout: string;
  stderr: string;
  status: number;
}

/** Splits a command line on blanks, honouring simple single and double quotes. */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Runs `argv` (or a command line) at `place`. */
export async function runIn(world: World, place: Place, cmd: string | string[]): Promise<RunResult> {
  const res: RunResult = { stdout: '', stderr: '', status: 0 };
  res.status = await exec(world, place, typeof cmd === 'string' ? words(cmd) : cmd, res);
  return res;
}

async function exec(world: World, place: Place, argv: string[], res: RunResult): Promise<number> {
  const spec = COMMANDS[argv[0] ?? ''];
  if (!spec) {
    res.stderr += `exec of "${argv[0]}" failed: No such file or directory\n`;
    return 1;
  }
  // A command that runs until Ctrl-C (ping without -c, conntrack -E) gets it after a virtual
  // minute, as a learner would give it; otherwise its wait loop never ends.
  const ctrlC = world.clock.ms + 60_000;
  const ctx: CommandContext = {
    world, machine: place.machine, netns: place.netns, argv, stdin: '',
    stdout: { write: (t) => { res.stdout += t; } },
    stderr: { write: (t) => { res.stderr += t; } },
    env: new Map(), interrupted: () => world.clock.ms >= ctrlC, sleep: async () => undefined,
    spawn: (a, p) => exec(world, p, a, res),
    enter: () => undefined,
  };
  return await spec.run(ctx);
}

/** The place of a machine (its own namespace). */
export function placeOf(world: World, machine: Machine): Place {
  const ns = world.netns.get(machine.netns) as Netns;
  return { machine, netns: ns };
}
