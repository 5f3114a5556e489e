/**
 * cat (GNU coreutils): concatenates files or standard input; -n numbers lines
 * (`%6d\t`), -b numbers non-blank ones, -E marks line ends with `$`, -A shows -vET.
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { readInputs, tryHelp } from '../../text-io.ts';

/** Applies -n/-b/-E/-T to a text (numbering continues across files as in GNU cat). */
function decorate(text: string, o: { n: boolean; b: boolean; E: boolean; T: boolean }, counter: { n: number }): string {
  const parts = text.split('\n');
  const last = parts.pop() ?? '';
  const lines = parts.map((l) => ({ l, nl: true }));
  if (last !== '') lines.push({ l: last, nl: false });
  return lines.map(({ l, nl }) => {
    let line = o.T ? l.replace(/\t/g, '^I') : l;
    if (o.E && nl) line += '$';
    if (o.b ? l !== '' : o.n) line = `${String(++counter.n).padStart(6)}\t${line}`;
    return line + (nl ? '\n' : '');
  }).join('');
}

/** `cat [-nbEAT] [FILE]...` */
export const cat: CommandSpec = {
  name: 'cat',
  run(ctx) {
    const g = getopt('cat', ctx.argv.slice(1), {
      flags: 'nbEATsuve',
      withArg: '',
      long: { number: { key: 'n', arg: false }, 'number-nonblank': { key: 'b', arg: false }, 'show-ends': { key: 'E', arg: false }, 'show-all': { key: 'A', arg: false }, 'show-tabs': { key: 'T', arg: false } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('cat'));
      return 1;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const o = { n: has('n'), b: has('b'), E: has('E') || has('A') || has('e'), T: has('T') || has('A') };
    let status = 0;
    const counter = { n: 0 };
    for (const input of readInputs(ctx, 'cat', g.operands)) {
      if (input.text === undefined) {
        status = 1;
        continue;
      }
      ctx.stdout.write(o.n || o.b || o.E || o.T ? decorate(input.text, o, counter) : input.text);
    }
    return status;
  },
};
