/**
 * Running a program once its words are expanded (XCU 2.9.1.1 command search and execution):
 * finding it (a builtin, or a binary present on the machine, also by its full path), giving
 * it a CommandContext with the exported environment and the command's assignments, `spawn`
 * for programs that run others elsewhere (`kubectl exec`, `ip netns exec`), and the hooks
 * builtins use to run shell text, which the interpreter passes in as `run`.
 */
import type { CommandContext, CommandSpec, Place } from './types.ts';
import type { Io } from './redirect.ts';
import { environ, subshell, type Frame, type ShellHooks } from './frame.ts';
import { loginFrame } from './login.ts';
import { notFound } from './messages.ts';
import { resolvePath } from './fs.ts';
import { unsimulated, unsimulatedMessage } from './unsimulated.ts';
import type { Runtime, RunSource } from './runtime.ts';

/** Directories on PATH whose binaries the shell finds by their full path too. */
const BIN_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/**
 * Whether `name` exists on `machine` as a binary (machine.binaries, or the full node set). A
 * command named by its full path (`/opt/cni/bin/bridge`, off PATH) exists where its file does.
 */
export function hasBinary(rt: Pick<Runtime, 'commands' | 'builtins'>, machine: Place['machine'], name: string): boolean {
  if (name.startsWith('/')) return rt.commands.has(name) && machine.files.has(name);
  if (machine.binaries && !machine.binaries.includes(name)) return false;
  return rt.commands.has(name) || rt.builtins.get(name)?.binary === true;
}

/** Where a binary lives (`which`): sbin for the admin tools, bin for the rest. */
export function binaryPath(name: string): string {
  // As Debian 12 installs them (iproute2, procps, iptables, conntrack, traceroute in sbin).
  return /^(ip|bridge|sysctl|ip6?tables(-save|-restore|-legacy|-nft)?|conntrack|traceroute)$/.test(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

/** Runs argv (already expanded) as a builtin or binary in frame `f`. */
export async function dispatch(argv: string[], f: Frame, io: Io, rt: Runtime, run: RunSource, assigns: [string, string][] = []): Promise<number> {
  const typed = argv[0] ?? '';
  // `/usr/bin/curl` runs curl; other paths name files the simulator does not execute.
  const dir = typed.lastIndexOf('/');
  // Any other path (`./bridge` in /opt/cni/bin) runs the command named by its full path.
  const name = dir >= 0 && BIN_DIRS.includes(typed.slice(0, dir)) ? typed.slice(dir + 1) : dir >= 0 ? resolvePath(f.cwd, typed) : typed;
  const builtin = dir >= 0 ? undefined : rt.builtins.get(name);
  const spec = rt.commands.get(name);
  const present = (builtin && !builtin.binary) || ((!name.includes('/') || name.startsWith('/')) && hasBinary(rt, f.place.machine, name));
  if (!builtin && !spec && !name.includes('/') && unsimulated(f.place.machine.binaries, name, (n) => rt.commands.has(n) || rt.builtins.has(n))) {
    io.stderr.write(unsimulatedMessage(name));
    return 1;
  }
  if (!present || (!builtin && !spec)) {
    io.stderr.write(notFound(f, typed) + '\n');
    return 127;
  }
  const envVars = new Map(f.vars);
  for (const [n, v] of assigns) envVars.set(n, v);
  const ctx: CommandContext = {
    machine: f.place.machine,
    netns: f.place.netns,
    world: rt.world,
    argv: [typed, ...argv.slice(1)],
    stdin: io.cursor.pos > 0 ? io.stdin.slice(io.cursor.pos) : io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
    env: envVars,
    environ: new Map([...environ(f), ...assigns]),
    interrupted: () => rt.interrupted(),
    sleep: (ms) => rt.sleep(ms),
    pause: () => rt.pause(),
    ...(rt.watch ? { watch: (ms: number) => rt.watch!(ms) } : {}),
    spawn: (a, place, stdin) => spawn(a, place, stdin ?? '', f, io, rt, run),
    enter: (place, user, shell) => rt.enter(place, user, shell),
  };
  if (builtin) return builtin.run(ctx, hooks(f, rt, io, run));
  return (spec as CommandSpec).run(ctx);
}

/** `ctx.spawn`: argv in another place; 127 without a message when it does not exist there. */
async function spawn(argv: string[], place: Place, stdin: string, f: Frame, io: Io, rt: Runtime, run: RunSource): Promise<number> {
  const name = argv[0] ?? '';
  const real = unsimulated(place.machine.binaries, name, (n) => rt.commands.has(n) || rt.builtins.has(n));
  if (!(rt.builtins.get(name)?.binary === false) && !hasBinary(rt, place.machine, name) && !real) return 127;
  let child: Frame;
  if (place.machine === f.place.machine) {
    // `ip netns exec NS bash` typed at the prompt starts an interactive shell in NS.
    child = { ...subshell(f), place, interactive: f.interactive && stdin === '' };
  } else {
    child = loginFrame(place, place.machine.kind === 'pod' ? 'ash' : 'bash', 'root', false);
  }
  return dispatch(argv, child, { stdin, cursor: { pos: 0 }, stdout: io.stdout, stderr: io.stderr }, rt, run);
}

/** What a builtin may ask of the shell running it (frame.ts ShellHooks). */
function hooks(f: Frame, rt: Runtime, io: Io, run: RunSource): ShellHooks {
  return {
    frame: f,
    ...(rt.jobs ? { jobs: rt.jobs } : {}),
    ...(rt.task ? { task: rt.task } : {}),
    async runScript(src, opts) {
      const child: Frame = {
        ...subshell(f),
        place: opts.place,
        flavour: opts.flavour,
        argv0: opts.argv0,
        args: opts.args,
        // A child shell starts with the exported environment only.
        vars: environ(f),
        status: 0,
        line: undefined,
      };
      return run(src, child, { stdin: opts.stdin, cursor: { pos: 0 }, stdout: io.stdout, stderr: io.stderr }, rt);
    },
    programs() {
      const names = new Set<string>();
      for (const b of rt.builtins.values()) if (!b.binary || hasBinary(rt, f.place.machine, b.name)) names.add(b.name);
      // Only what PATH finds: a binary known by its full path is not on it.
      for (const name of rt.commands.keys()) if (!name.includes('/') && hasBinary(rt, f.place.machine, name)) names.add(name);
      return [...names].sort();
    },
    lookup(name) {
      const b = rt.builtins.get(name);
      if (b && !b.binary) return { kind: 'builtin' };
      if (hasBinary(rt, f.place.machine, name)) return { kind: 'file', path: binaryPath(name) };
      return undefined;
    },
    history: () => rt.history(),
    readLine() {
      if (io.cursor.pos >= io.stdin.length) return undefined;
      const nl = io.stdin.indexOf('\n', io.cursor.pos);
      const end = nl < 0 ? io.stdin.length : nl + 1;
      const line = io.stdin.slice(io.cursor.pos, end);
      io.cursor.pos = end;
      return line;
    },
    enterShell(flavour) {
      const child: Frame = { ...subshell(f), flavour, vars: environ(f), interactive: true, status: 0, argv0: flavour === 'bash' ? 'bash' : 'sh' };
      rt.enterFrame(child);
    },
    exec(argv, env, clear) {
      const child = subshell(f);
      if (clear) {
        child.vars = new Map();
        child.exported = new Set();
      }
      for (const [k, v] of env) {
        child.vars.set(k, v);
        child.exported.add(k);
      }
      return dispatch(argv, child, io, rt, run);
    },
  };
}
