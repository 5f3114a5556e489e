/**
 * sleep (GNU coreutils): waits the sum of its operands (`1`, `0.5`, `1e3`, `2m`, `1h`,
 * `infinity`) in the simulator's virtual time; Ctrl-C ends it with status 130 (128 + SIGINT,
 * as bash reports). Virtual time never passes CLOCK_LIMIT_MS: a longer sleep (GNU sleep caps
 * at the largest time_t, which is forever for a learner) waits there until Ctrl-C, in
 * hour-long steps, so the clock, the dates derived from it and the periodic agents that
 * catch up with it stay bounded.
 */
import type { CommandSpec } from '../../types.ts';
import { q } from '../../getopt.ts';
import { tryHelp } from '../../text-io.ts';

const UNIT: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
/** How far `sleep` takes the virtual clock at most: 100 years after the simulated boot. */
const CLOCK_LIMIT_MS = 100 * 365.25 * 86_400_000;
/** xstrtod's forms sleep accepts: decimal and exponent notation, inf/infinity; then a unit. */
const INTERVAL = /^(inf(?:inity)?|(?:[0-9]*\.?[0-9]+|[0-9]+\.)(?:e[+-]?[0-9]+)?)([smhd]?)$/i;

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
      const m = INTERVAL.exec(a);
      if (!m) {
        ctx.stderr.write(`sleep: invalid time interval ${q(a)}\n`);
        bad = true;
        continue;
      }
      seconds += (/^inf/i.test(m[1]!) ? Infinity : Number(m[1])) * (UNIT[m[2] ?? ''] ?? 1);
    }
    if (bad) {
      ctx.stderr.write(tryHelp('sleep'));
      return 1;
    }
    const clock = ctx.world.clock;
    const room = Math.max(0, CLOCK_LIMIT_MS - clock.ms);
    await ctx.sleep(Math.min(seconds * 1000, room));
    if (seconds * 1000 > room) while (!ctx.interrupted()) await ctx.sleep(3_600_000);
    return ctx.interrupted() ? 130 : 0;
  },
};
