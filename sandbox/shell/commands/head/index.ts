/**
 * head (GNU coreutils): the first 10 lines, `-n N` / `-N` lines, `-n -N` all but the last
 * N, `-c N` bytes; `==> FILE <==` headers when there are several files (-q/-v change that).
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { tryHelp } from '../../text-io.ts';
import { obsoleteCounts, printCounted, takeLines } from './count.ts';

/** `head [-n N|-N] [-c N] [-qv] [FILE]...` */
export const head: CommandSpec = {
  name: 'head',
  run(ctx) {
    // The obsolete `-5` form means `-n 5`.
    const args = obsoleteCounts(ctx.argv.slice(1), false);
    const g = getopt('head', args, {
      flags: 'qvz', withArg: 'nc',
      long: { lines: { key: 'n', arg: true }, bytes: { key: 'c', arg: true }, quiet: { key: 'q', arg: false }, silent: { key: 'q', arg: false }, verbose: { key: 'v', arg: false } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('head'));
      return 1;
    }
    return printCounted(ctx, 'head', g, (t, count, bytes) =>
      bytes ? (count.allBut ? t.slice(0, Math.max(0, t.length - count.n)) : t.slice(0, count.n))
        : takeLines(t, count.n, count.allBut ? 'allButLast' : 'first')).status;
  },
};
