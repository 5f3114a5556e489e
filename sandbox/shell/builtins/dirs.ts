/**
 * cd and pwd (bash(1)): the working directory is the frame's; `cd` alone goes home, `cd -`
 * to $OLDPWD. The prompt shows it (`root@node-1:/etc#`).
 */
import type { Builtin } from '../frame.ts';
import { errPrefix } from '../messages.ts';
import { isDir, readFile, resolvePath } from '../fs.ts';

/** `cd [dir]` */
export const cd: Builtin = {
  name: 'cd',
  binary: false,
  run(ctx, sh) {
    const f = sh.frame;
    const args = ctx.argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
    if (args.length > 1 && f.flavour === 'bash') {
      ctx.stderr.write(`${errPrefix(f)}cd: too many arguments\n`);
      return 1;
    }
    let target = args[0] ?? f.vars.get('HOME') ?? '/';
    if (target === '-') {
      const old = f.vars.get('OLDPWD');
      if (old === undefined) {
        ctx.stderr.write(`${errPrefix(f)}cd: OLDPWD not set\n`);
        return 1;
      }
      target = old;
      ctx.stdout.write(old + '\n');
    }
    const path = resolvePath(f.cwd, target);
    if (!isDir(f.place, path)) {
      const why = readFile(f.place, path).ok ? 'Not a directory' : 'No such file or directory';
      if (f.flavour === 'dash') ctx.stderr.write(`${errPrefix(f)}cd: can't cd to ${target}\n`);
      else if (f.flavour === 'ash') ctx.stderr.write(`${errPrefix(f)}cd: can't cd to ${target}: ${why}\n`);
      else ctx.stderr.write(`${errPrefix(f)}cd: ${target}: ${why}\n`);
      return f.flavour === 'dash' ? 2 : 1;
    }
    f.vars.set('OLDPWD', f.cwd);
    f.exported.add('OLDPWD');
    f.cwd = path;
    f.vars.set('PWD', path);
    return 0;
  },
};

/** `pwd` */
export const pwd: Builtin = {
  name: 'pwd',
  binary: false,
  run(ctx, sh) {
    ctx.stdout.write(sh.frame.cwd + '\n');
    return 0;
  },
};
