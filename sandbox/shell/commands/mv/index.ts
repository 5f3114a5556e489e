/**
 * mv (GNU coreutils): renames a file, or moves files into a directory when the last operand
 * is one (`mv a b dir/`); a directory moves with everything under it. Messages as coreutils
 * words them (`mv: cannot stat 'x': No such file or directory`).
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { cwdOf, tryHelp } from '../../text-io.ts';
import { isDir, resolvePath } from '../../fs.ts';

/** `mv [-fv] SOURCE DEST` or `mv [-fv] SOURCE... DIRECTORY` */
export const mv: CommandSpec = {
  name: 'mv',
  run(ctx) {
    const g = getopt('mv', ctx.argv.slice(1), { flags: 'finuvT', withArg: '', long: { force: { key: 'f', arg: false }, verbose: { key: 'v', arg: false } } });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('mv'));
      return 1;
    }
    const ops = g.operands;
    if (ops.length < 2) {
      ctx.stderr.write(ops.length === 0 ? `mv: missing file operand\n${tryHelp('mv')}` : `mv: missing destination file operand after '${ops[0]}'\n${tryHelp('mv')}`);
      return 1;
    }
    const place = { machine: ctx.machine, netns: ctx.netns };
    const files = ctx.machine.files;
    const destName = ops[ops.length - 1]!;
    const dest = resolvePath(cwdOf(ctx), destName);
    const intoDir = isDir(place, dest);
    if (ops.length > 2 && !intoDir) {
      ctx.stderr.write(`mv: target '${destName}' is not a directory\n`);
      return 1;
    }
    let status = 0;
    for (const name of ops.slice(0, -1)) {
      const src = resolvePath(cwdOf(ctx), name);
      const to = intoDir ? `${dest === '/' ? '' : dest}/${src.slice(src.lastIndexOf('/') + 1)}` : dest;
      const under = [...files.keys()].filter((p) => p.startsWith(src + '/'));
      if (!files.has(src) && under.length === 0) {
        ctx.stderr.write(`mv: cannot stat '${name}': No such file or directory\n`);
        status = 1;
        continue;
      }
      if (src === to) {
        ctx.stderr.write(`mv: '${name}' and '${destName}' are the same file\n`);
        status = 1;
        continue;
      }
      const parent = to.slice(0, to.lastIndexOf('/')) || '/';
      if (!isDir(place, parent)) {
        ctx.stderr.write(`mv: cannot move '${name}' to '${destName}': No such file or directory\n`);
        status = 1;
        continue;
      }
      if (files.has(src)) {
        files.set(to, files.get(src)!);
        files.delete(src);
      } else {
        for (const p of under) { files.set(to + p.slice(src.length), files.get(p)!); files.delete(p); }
      }
      // -v names the destination file, joined to a directory operand as given (`-> '/root/a'`).
      const shown = intoDir ? `${destName.replace(/\/*$/, '')}/${src.slice(src.lastIndexOf('/') + 1)}` : destName;
      if (g.opts.some((o) => o.key === 'v')) ctx.stdout.write(`renamed '${name}' -> '${shown}'\n`);
    }
    return status;
  },
};
