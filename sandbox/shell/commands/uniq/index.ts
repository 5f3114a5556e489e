/**
 * uniq (GNU coreutils): collapses adjacent equal lines; -c prefixes counts (`%7d `), -d
 * prints only repeated lines, -u only unique ones, -i ignores case, -f N skips fields,
 * -s N skips characters. Input is standard input or one file (an output file is not supported).
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { linesOf, readInputs, tryHelp } from '../../text-io.ts';

/** `uniq [-cdui] [-f N] [-s N] [INPUT]` */
export const uniq: CommandSpec = {
  name: 'uniq',
  run(ctx) {
    const g = getopt('uniq', ctx.argv.slice(1), {
      flags: 'cduiz', withArg: 'fsw',
      long: { count: { key: 'c', arg: false }, repeated: { key: 'd', arg: false }, unique: { key: 'u', arg: false }, 'ignore-case': { key: 'i', arg: false }, 'skip-fields': { key: 'f', arg: true }, 'skip-chars': { key: 's', arg: true } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('uniq'));
      return 1;
    }
    if (g.operands.length > 1) {
      ctx.stderr.write(`uniq: writing to a file (${g.operands[1]}) is not supported here\n`);
      return 1;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const num = (k: string, what: string): number | string => {
      const v = g.opts.filter((o) => o.key === k).pop()?.value ?? '0';
      return /^[0-9]+$/.test(v) ? Number(v) : `uniq: ${v}: invalid number of ${what} to skip\n`;
    };
    const skipF = num('f', 'fields');
    const skipC = num('s', 'bytes');
    if (typeof skipF === 'string' || typeof skipC === 'string') {
      ctx.stderr.write(typeof skipF === 'string' ? skipF : String(skipC));
      return 1;
    }
    const input = readInputs(ctx, 'uniq', g.operands.slice(0, 1))[0];
    if (input?.text === undefined) return 1;
    const keyOf = (l: string) => {
      let s = l;
      for (let i = 0; i < skipF; i++) s = s.replace(/^[ \t]*[^ \t]*/, '');
      s = s.slice(skipC);
      return has('i') ? s.toLowerCase() : s;
    };
    const groups: { line: string; n: number }[] = [];
    for (const line of linesOf(input.text)) {
      const last = groups[groups.length - 1];
      if (last && keyOf(last.line) === keyOf(line)) last.n++;
      else groups.push({ line, n: 1 });
    }
    const out = groups
      .filter((gr) => (has('d') ? gr.n > 1 : true) && (has('u') ? gr.n === 1 : true))
      .map((gr) => (has('c') ? `${String(gr.n).padStart(7)} ${gr.line}` : gr.line));
    if (out.length > 0) ctx.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
