/**
 * head (GNU coreutils): the first 10 lines, `-n N` / `-N` lines, `-n -N` all but the last
 * N, `-c N` bytes; `==> FILE <==` headers when there are several files (-q/-v change that).
 */
import type { CommandSpec } from '../../types.ts';
import { getopt, q } from '../../getopt.ts';
import { readInputs, tryHelp } from '../../text-io.ts';
import { obsoleteCounts, parseCount, takeLines } from './count.ts';

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
    const last = [...g.opts].reverse().find((o) => o.key === 'n' || o.key === 'c');
    const bytes = last?.key === 'c';
    const count = parseCount(last?.value ?? '10');
    if (!count) {
      ctx.stderr.write(`head: invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(last?.value ?? '')}\n`);
      return 1;
    }
    const inputs = readInputs(ctx, 'head', g.operands, (name, reason, errno) =>
      errno === 'EISDIR' ? `head: error reading '${name}': ${reason}` : `head: cannot open '${name}' for reading: ${reason}`);
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
      if (bytes) ctx.stdout.write(count.allBut ? t.slice(0, Math.max(0, t.length - count.n)) : t.slice(0, count.n));
      else ctx.stdout.write(takeLines(t, count.n, count.allBut ? 'allButLast' : 'first'));
    }
    return status;
  },
};
