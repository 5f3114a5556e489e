/**
 * tail (GNU coreutils): the last 10 lines, `-n N` / `-N`, `-n +N` from line N on, `-c N`
 * bytes, headers for several files, and `-f` which prints and then waits (for nothing new
 * ever arrives in the simulated files) until Ctrl-C.
 */
import type { CommandSpec } from '../../types.ts';
import { getopt, q } from '../../getopt.ts';
import { readInputs, tryHelp } from '../../text-io.ts';
import { obsoleteCounts, parseCount, takeLines } from '../head/count.ts';

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
    const last = [...g.opts].reverse().find((o) => o.key === 'n' || o.key === 'c');
    const bytes = last?.key === 'c';
    const count = parseCount(last?.value ?? '10');
    if (!count) {
      ctx.stderr.write(`tail: invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(last?.value ?? '')}\n`);
      return 1;
    }
    const inputs = readInputs(ctx, 'tail', g.operands, (name, reason, errno) =>
      errno === 'EISDIR' ? `tail: error reading '${name}': ${reason}` : `tail: cannot open '${name}' for reading: ${reason}`);
    const headers = (inputs.length > 1 && !g.opts.some((o) => o.key === 'q')) || g.opts.some((o) => o.key === 'v');
    let status = 0;
    let first = true;
    for (const input of inputs) {
      if (input.text === undefined) {
        status = 1;
        continue;
      }
      if (headers) ctx.stdout.write(`${first ? '' : '\n'}==> ${input.name === '-' ? 'standard input' : input.name} <==\n`);
      first = false;
      const t = input.text;
      if (bytes) ctx.stdout.write(count.fromStart ? t.slice(Math.max(0, count.n - 1)) : count.n === 0 ? '' : t.slice(-count.n));
      else ctx.stdout.write(takeLines(t, count.n, count.fromStart ? 'from' : 'last'));
    }
    if (g.opts.some((o) => o.key === 'f' || o.key === 'F') && g.operands.some((o) => o !== '-')) {
      while (!ctx.interrupted()) await ctx.sleep(1000);
      return 130;
    }
    return status;
  },
};
