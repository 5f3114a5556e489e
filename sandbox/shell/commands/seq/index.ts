/**
 * seq (GNU coreutils): `seq LAST`, `seq FIRST LAST`, `seq FIRST INCREMENT LAST`, with -s
 * SEPARATOR and -w (equal width); integers and decimals (printed with the operands' precision).
 */
import type { CommandSpec } from '../../types.ts';
import { q } from '../../getopt.ts';
import { tryHelp } from '../../text-io.ts';

const decimals = (s: string) => (s.includes('.') ? s.length - s.indexOf('.') - 1 : 0);

/** `seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST` */
export const seq: CommandSpec = {
  name: 'seq',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = '\n';
    let width = false;
    const nums: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] ?? '';
      if (a === '-s') sep = args[++i] ?? '';
      else if (a.startsWith('-s')) sep = a.slice(2);
      else if (a === '-w') width = true;
      else if (/^-[0-9.]/.test(a) || !a.startsWith('-')) nums.push(a);
      else {
        ctx.stderr.write(`seq: invalid option -- '${a.slice(1, 2)}'\n` + tryHelp('seq'));
        return 1;
      }
    }
    if (nums.length === 0 || nums.length > 3) {
      ctx.stderr.write((nums.length === 0 ? 'seq: missing operand\n' : `seq: extra operand ${q(nums[3] ?? '')}\n`) + tryHelp('seq'));
      return 1;
    }
    for (const n of nums) {
      if (!/^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(n)) {
        ctx.stderr.write(`seq: invalid floating point argument: ${q(n)}\n` + tryHelp('seq'));
        return 1;
      }
    }
    const [first, inc, last] = nums.length === 1 ? ['1', '1', nums[0] ?? '1'] : nums.length === 2 ? [nums[0] ?? '1', '1', nums[1] ?? '1'] : (nums as [string, string, string]);
    const step = Number(inc);
    if (step === 0) {
      ctx.stderr.write(`seq: invalid Zero increment value: ${q(inc)}\n` + tryHelp('seq'));
      return 1;
    }
    const prec = Math.max(decimals(first), decimals(inc));
    const out: string[] = [];
    const a = Number(first);
    const b = Number(last);
    for (let i = 0; ; i++) {
      const v = a + i * step;
      if (step > 0 ? v > b + 1e-9 : v < b - 1e-9) break;
      if (out.length >= 1_000_000) break;
      out.push(v.toFixed(prec));
    }
    // A loop, not Math.max(...out): 200,000 arguments overflow the call stack.
    const w = width ? out.reduce((m, s) => Math.max(m, s.length), 0) : 0;
    const lines = width ? out.map((s) => (s.startsWith('-') ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0'))) : out;
    if (lines.length > 0) ctx.stdout.write(lines.join(sep) + '\n');
    return 0;
  },
};
