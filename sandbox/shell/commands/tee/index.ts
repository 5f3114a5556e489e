/**
 * tee (GNU coreutils): copies standard input to standard output and to each FILE (-a
 * appends). Writing a /proc/sys file sets the sysctl, as `echo 1 | tee /proc/sys/...` does.
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { cwdOf, tryHelp } from '../../text-io.ts';
import { ERRNO_TEXT, resolvePath, writeFile } from '../../fs.ts';

/** `tee [-a] [FILE]...` */
export const tee: CommandSpec = {
  name: 'tee',
  run(ctx) {
    const g = getopt('tee', ctx.argv.slice(1), { flags: 'aip', withArg: '', long: { append: { key: 'a', arg: false } } });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('tee'));
      return 1;
    }
    const append = g.opts.some((o) => o.key === 'a');
    let status = 0;
    for (const f of g.operands) {
      const r = writeFile({ machine: ctx.machine, netns: ctx.netns }, resolvePath(cwdOf(ctx), f), ctx.stdin, append);
      if (!r.ok) {
        ctx.stderr.write(`tee: ${f}: ${ERRNO_TEXT[r.errno]}\n`);
        status = 1;
      }
    }
    ctx.stdout.write(ctx.stdin);
    return status;
  },
};
