/**
 * ps: the machine's processes (processes.ts derives them). Two real implementations, as the
 * machine has them:
 * - procps-ng 4.0 on nodes (Debian 12): `ps -ef` / `-e` / `-A` / `-f` (SysV) and `ps aux` /
 *   `ax` / `u` (BSD); column layout and the "unsupported SysV option" error checked against
 *   procps in a namespace (tests/fixtures/node-tools/captures/ps-*.txt);
 * - busybox ps in busybox-based images (busybox, agnhost, netshoot ...): one format,
 *   `PID   USER     TIME  COMMAND` (procps/ps.c, its default `-o pid,user,time,args`), every
 *   argument but -o ignored as busybox does.
 * The ps process itself is listed, as it sees itself in /proc. CPU and memory figures are not
 * simulated: they print as zero.
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { isBusyboxPod } from '../../../fabric/world.ts';
import { machineProcesses, type Proc } from './processes.ts';

const PROCPS_USAGE = `
Usage:
 ps [options]

 Try 'ps --help <simple|list|output|threads|misc|all>'
  or 'ps --help <s|l|o|t|m|a>'
 for additional help text.

For more details see ps(1).
`;

/** The processes plus ps itself, at the next pid the machine would hand out. */
function withSelf(ctx: CommandContext): Proc[] {
  const procs = machineProcesses(ctx.world, ctx.machine);
  const top = procs.reduce((m, p) => Math.max(m, p.pid), 0);
  const args = ctx.argv.join(' ');
  return [...procs, { pid: top + 1, ppid: procs[0]?.pid ?? 0, user: 'root', args, comm: 'ps', start: ctx.world.clock.ms }];
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** STIME/START: HH:MM today, MonDD before (procps's 24-hour rule). */
function startText(ctx: CommandContext, start: number): string {
  const t = new Date(ctx.world.clock.epochMs + start);
  const now = ctx.world.clock.epochMs + ctx.world.clock.ms;
  if (now - t.getTime() < 24 * 3600_000) return `${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}`;
  return `${MONTHS[t.getUTCMonth()]}${pad2(t.getUTCDate())}`;
}

function procpsFull(ctx: CommandContext, procs: Proc[]): string {
  let out = `${'UID'.padEnd(8)} ${'PID'.padStart(7)} ${'PPID'.padStart(7)} ${'C'.padStart(2)} ${'STIME'.padEnd(5)} ${'TTY'.padEnd(8)} ${'TIME'.padStart(8)} CMD\n`;
  for (const p of procs) {
    out += `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)} ${' 0'} ${startText(ctx, p.start).padEnd(5)} ${'?'.padEnd(8)} ${'00:00:00'} ${p.args}\n`;
  }
  return out;
}

function procpsAux(ctx: CommandContext, procs: Proc[]): string {
  let out = `${'USER'.padEnd(8)} ${'PID'.padStart(7)} %CPU %MEM ${'VSZ'.padStart(6)} ${'RSS'.padStart(5)} ${'TTY'.padEnd(8)} STAT START   TIME COMMAND\n`;
  for (const p of procs) {
    const stat = p.comm === 'ps' ? 'R+' : p.pid === 1 ? 'Ss' : 'S';
    out += `${p.user.padEnd(8)} ${String(p.pid).padStart(7)}  0.0  0.0 ${'0'.padStart(6)} ${'0'.padStart(5)} ${'?'.padEnd(8)} ${stat.padEnd(4)} ${startText(ctx, p.start).padStart(5)} ${'0:00'.padStart(6)} ${p.args}\n`;
  }
  return out;
}

function procpsShort(procs: Proc[]): string {
  let out = `${'PID'.padStart(7)} ${'TTY'.padEnd(8)} ${'TIME'.padStart(8)} CMD\n`;
  for (const p of procs) out += `${String(p.pid).padStart(7)} ${'?'.padEnd(8)} 00:00:00 ${p.comm}\n`;
  return out;
}

function procps(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const procs = withSelf(ctx);
  if (args.length === 0) {
    ctx.stdout.write(procpsShort(procs.filter((p) => p.comm === 'ps')));
    return 0;
  }
  let full = false;
  let bsdU = false;
  for (const a of args) {
    if (a.startsWith('-')) {
      for (const c of a.slice(1)) {
        if (c === 'f') full = true;
        else if (c !== 'e' && c !== 'A') {
          ctx.stderr.write(`error: unsupported SysV option\n${PROCPS_USAGE}`);
          return 1;
        }
      }
    } else {
      for (const c of a) {
        if (c === 'u') bsdU = true;
        else if (c !== 'a' && c !== 'x' && c !== 'w') {
          ctx.stderr.write(`error: unsupported option (BSD syntax)\n${PROCPS_USAGE}`);
          return 1;
        }
      }
    }
  }
  ctx.stdout.write(bsdU ? procpsAux(ctx, procs) : full ? procpsFull(ctx, procs) : procpsShort(procs));
  return 0;
}

function busybox(ctx: CommandContext): number {
  const bad = ctx.argv.slice(1).find((a) => /^-.*[^ZaAdeflTw]/.test(a) && a !== '-');
  if (bad !== undefined) {
    // busybox's getopt32 names the first letter it does not know (-o is not simulated).
    ctx.stderr.write(`ps: invalid option -- '${[...bad.slice(1)].find((c) => !'ZaAdeflTw'.includes(c))}'\n`);
    return 1;
  }
  let out = 'PID   USER     TIME  COMMAND\n';
  for (const p of withSelf(ctx)) out += `${String(p.pid).padStart(5)} ${p.user.padEnd(8)}  0:00 ${p.args}\n`;
  ctx.stdout.write(out);
  return 0;
}

/** The `ps` binary: busybox's where the machine's tools are busybox applets, else procps. */
export const ps: CommandSpec = {
  name: 'ps',
  run: (ctx) => (isBusyboxPod(ctx.machine) ? busybox(ctx) : procps(ctx)),
};
