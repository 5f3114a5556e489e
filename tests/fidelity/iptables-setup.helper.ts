// Replays the reference lab's iptables setup (setup.cmds: the `ip netns exec NODE iptables ...`
// lines and the `iptables-restore` heredocs, as kubelet, kube-proxy and flanneld issue them)
// on a fresh namespace, and runs the iptables/conntrack commands against it directly, so the
// iptables suites do not depend on the rest of the scenario.
import { readFileSync, existsSync } from 'node:fs';
import { createWorld, type Machine, type World } from '../../sandbox/fabric/world.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import type { Netns } from '../../sandbox/net/types.ts';
import type { CommandContext, CommandSpec } from '../../sandbox/shell/types.ts';

const LAB = new URL('../../../shared/reference-lab/', import.meta.url).pathname;

/** The golden stdout / stderr of a capture ('' when the file does not exist). */
export const golden = (name: string, stream: 'stdout' | 'stderr' = 'stdout'): string => {
  const f = `${LAB}golden/${name}${stream === 'stderr' ? '.stderr' : ''}.txt`;
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
};

/** The exit status index.tsv records for a capture. */
export function goldenStatus(name: string): number {
  for (const line of readFileSync(`${LAB}golden/index.tsv`, 'utf8').split('\n')) {
    const cols = line.split('\t');
    if (cols[1] === `${name}.txt`) return Number(cols[4]);
  }
  throw new Error(`no index row for ${name}`);
}

/** Splits a shell line into words (single and double quotes, as setup.cmds uses them). */
export function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let any = false;
  for (const ch of line) {
    if (quote) { if (ch === quote) quote = undefined; else cur += ch; }
    else if (ch === "'" || ch === '"') { quote = ch; any = true; }
    else if (ch === ' ') { if (cur || any) out.push(cur); cur = ''; any = false; }
    else cur += ch;
  }
  if (cur || any) out.push(cur);
  return out;
}

/** One setup step for a node: an argv, with stdin for the heredocs. */
export interface Step {
  argv: string[];
  stdin: string;
}

/** The iptables steps setup.cmds runs in `node`, in order. */
export function setupSteps(node: string): Step[] {
  const lines = readFileSync(`${LAB}setup.cmds`, 'utf8').split('\n');
  const steps: Step[] = [];
  const prefix = `ip netns exec ${node} `;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.startsWith(prefix) || !/ iptables(-restore)? /.test(line)) continue;
    const cmd = line.slice(prefix.length);
    const here = /^(.*?)\s*<<'EOF'$/.exec(cmd);
    if (here) {
      const body: string[] = [];
      while (lines[++i] !== 'EOF') body.push(lines[i]!);
      steps.push({ argv: words(here[1]!), stdin: body.join('\n') + '\n' });
    } else steps.push({ argv: words(cmd), stdin: '' });
  }
  return steps;
}

/** A world with one namespace standing for a lab node. */
export function labNode(name: string): { world: World; ns: Netns; machine: Machine } {
  const world = createWorld(3);
  // The lab captured its outputs at 16:49 UTC: the clock starts there.
  const ns = createNetns(world, name, ['br_netfilter']);
  const machine: Machine = {
    name, hostname: name, kind: 'node', netns: ns.id, namedNetns: new Map(),
    files: new Map([['/etc/hosts', '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n']]), env: new Map(),
  };
  world.machines.set(name, machine);
  return { world, ns, machine };
}

/** Runs a command spec with argv and stdin; returns what it printed and its status. */
export async function exec(world: World, ns: Netns, machine: Machine, cmds: CommandSpec[], argv: string[], stdin = ''):
  Promise<{ stdout: string; stderr: string; status: number }> {
  const spec = cmds.find((c) => c.name === argv[0]);
  if (!spec) throw new Error(`no command ${argv[0]}`);
  let stdout = '';
  let stderr = '';
  // A command that runs until Ctrl-C (conntrack -E) gets it after a virtual minute, as a
  // learner would give it; otherwise its wait loop never ends.
  const ctrlC = world.clock.ms + 60_000;
  const ctx: CommandContext = {
    world, machine, netns: ns, argv, stdin, env: new Map(),
    stdout: { write: (t) => { stdout += t; } },
    stderr: { write: (t) => { stderr += t; } },
    interrupted: () => world.clock.ms >= ctrlC,
    sleep: async () => {},
    spawn: async () => 127,
    enter: () => {},
  };
  const status = await spec.run(ctx);
  return { stdout, stderr, status };
}

/** Masks what no simulator can know in iptables output: counters and dates. */
export function maskCounters(text: string): string {
  return text
    .replace(/^( *\d+[KMGT]? +\d+[KMGT]? )/gm, (m) => m.replace(/\d+[KMGT]?/g, (d) => 'N'.padStart(d.length, ' ')))
    .replace(/policy (ACCEPT|DROP) \d+[KMGT]? packets, \d+[KMGT]? bytes/g, 'policy $1 N packets, N bytes')
    .replace(/\[\d+:\d+\]/g, '[N:N]')
    .replace(/ on \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/gm, ' on DATE');
}
