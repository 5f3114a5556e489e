/**
 * sleep (GNU coreutils): waits the sum of its operands (`1`, `0.5`, `2m`, `1h`) in the
 * simulator's virtual time; Ctrl-C ends it with status 130 (128 + SIGINT, as bash reports).
 */
import type { CommandSpec } from '../../types.ts';
import { q } from '../../getopt.ts';
import { tryHelp } from '../../text-io.ts';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `sleep NUMBER[smhd]...` */
export const sleep: CommandSpec = {
  name: 'sleep',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      ctx.stderr.write('sleep: missing operand\n' + tryHelp('sleep'));
      return 1;
    }
    let seconds = 0;
    let bad = false;
    for (const a of args) {
      const m = /^([0-9]*\.?[0-9]+|[0-9]+\.)([smhd]?)$/.exec(a);
      if (!m) {
        ctx.stderr.write(`sleep: invalid time interval ${q(a)}\n`);
        bad = true;
        continue;
      }
      seconds += Number(m[1]) * (UNIT[m[2] ?? ''] ?? 1);
    }
    if (bad) {
      ctx.stderr.write(tryHelp('sleep'));
      return 1;
    }
    await ctx.sleep(seconds * 1000);
    return ctx.interrupted() ? 130 : 0;
  },
};
