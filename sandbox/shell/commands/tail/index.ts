/**
 * tail (GNU coreutils): the last 10 lines, `-n N` / `-N`, `-n +N` from line N on, `-c N`
 * bytes, headers for several files, and `-f` which prints and then waits (for nothing new
 * ever arrives in the simulated files) until Ctrl-C.
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { tryHelp } from '../../text-io.ts';
import { obsoleteCounts, printCounted, takeLines } from '../head/count.ts';

/** `tail [-n N|-N|-n +N] [-c N] [-f] [-qv] [FILE]...` */
export const tail: CommandSpec = {
  name: 'tail',
  async run(ctx) {
    const args = obsoleteCounts(ctx.argv.slice(1), true);
    const g = getopt('tail', args, {
      flags: 'qvfFz', withArg: 'ncs',
      long: { lines: { key: 'n', arg: true }, bytes: { key: 'c', arg: true }, follow: { key: 'f', arg: false }, quiet: { key: 'q', arg: false }, verbose: { key: 'v', arg: false } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('tail'));
      return 1;
    }
    const { status, counted } = printCounted(ctx, 'tail', g, (t, count, bytes) =>
      bytes ? (count.fromStart ? t.slice(Math.max(0, count.n - 1)) : count.n === 0 ? '' : t.slice(-count.n))
        : takeLines(t, count.n, count.fromStart ? 'from' : 'last'));
    if (counted && g.opts.some((o) => o.key === 'f' || o.key === 'F') && g.operands.some((o) => o !== '-')) {
      while (!ctx.interrupted()) await ctx.sleep(1000);
      return 130;
    }
    return status;
  },
};
