/**
 * rm (GNU coreutils): removes files; -r removes a directory and everything under it, -f
 * ignores missing operands and never asks. Messages as coreutils words them (`rm: cannot
 * remove 'x': No such file or directory`, `... Is a directory`). Only the machine's own files
 * can go: /proc, /dev and the skeleton directories refuse with `Permission denied`.
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { cwdOf, tryHelp } from '../../text-io.ts';
import { isDir, resolvePath } from '../../fs.ts';

/** `rm [-rfiv] FILE...` */
export const rm: CommandSpec = {
  name: 'rm',
  run(ctx) {
    const g = getopt('rm', ctx.argv.slice(1), {
      flags: 'rRfiIdv',
      withArg: '',
      long: { recursive: { key: 'r', arg: false }, force: { key: 'f', arg: false }, verbose: { key: 'v', arg: false }, dir: { key: 'd', arg: false } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('rm'));
      return 1;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const recursive = has('r') || has('R');
    const force = has('f');
    if (g.operands.length === 0) {
      if (force) return 0;
      ctx.stderr.write('rm: missing operand\n' + tryHelp('rm'));
      return 1;
    }
    const files = ctx.machine.files;
    let status = 0;
    const fail = (name: string, why: string) => { ctx.stderr.write(`rm: cannot remove '${name}': ${why}\n`); status = 1; };
    for (const name of g.operands) {
      const path = resolvePath(cwdOf(ctx), name);
      const place = { machine: ctx.machine, netns: ctx.netns };
      if (files.has(path)) {
        files.delete(path);
        if (has('v')) ctx.stdout.write(`removed '${name}'\n`);
        continue;
      }
      if (isDir(place, path)) {
        if (!recursive) { fail(name, 'Is a directory'); continue; }
        const under = [...files.keys()].filter((p) => p.startsWith(path === '/' ? '/' : path + '/'));
        if (under.length === 0 || path === '/' || path.startsWith('/proc') || path.startsWith('/dev')) { fail(name, 'Permission denied'); continue; }
        for (const p of under) files.delete(p);
        if (has('v')) ctx.stdout.write(`removed directory '${name}'\n`);
        continue;
      }
      if (!force) fail(name, 'No such file or directory');
    }
    return status;
  },
};
