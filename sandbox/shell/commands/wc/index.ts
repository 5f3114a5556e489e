/**
 * wc (GNU coreutils): newline, word and byte counts (-l -w -c, -m characters, -L longest
 * line). Columns are as wide as the files' total size needs, at least 7 when standard input
 * is counted, and a single count of a single input is printed bare (coreutils wc.c).
 */
import type { CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { readInputs, tryHelp } from '../../text-io.ts';

/** Bytes of the UTF-8 encoding (what -c counts). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** `wc [-clmwL] [FILE]...` */
export const wc: CommandSpec = {
  name: 'wc',
  run(ctx) {
    const g = getopt('wc', ctx.argv.slice(1), {
      flags: 'clmwL', withArg: '',
      long: { lines: { key: 'l', arg: false }, words: { key: 'w', arg: false }, bytes: { key: 'c', arg: false }, chars: { key: 'm', arg: false }, 'max-line-length': { key: 'L', arg: false } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('wc'));
      return 1;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const none = !['l', 'w', 'c', 'm', 'L'].some(has);
    const which = ['l', 'w', 'm', 'c', 'L'].filter((k) => (none ? 'lwc'.includes(k) : has(k)));
    const inputs = readInputs(ctx, 'wc', g.operands);
    const rows: { counts: number[]; name: string }[] = [];
    const total = which.map(() => 0);
    let status = 0;
    let stdinSeen = false;
    for (const input of inputs) {
      if (input.text === undefined) {
        status = 1;
        continue;
      }
      if (input.name === '-') stdinSeen = true;
      const t = input.text;
      const all: Record<string, number> = {
        l: (t.match(/\n/g) ?? []).length,
        w: t.split(/[ \t\n\v\f\r]+/).filter((w) => w !== '').length,
        c: utf8Length(t),
        m: [...t].length,
        // A loop, not Math.max(...lines): 200,000 arguments overflow the call stack.
        L: t.split('\n').reduce((m, l) => Math.max(m, [...l].length), 0),
      };
      const counts = which.map((k) => all[k] ?? 0);
      counts.forEach((c, i) => (total[i] = which[i] === 'L' ? Math.max(total[i] ?? 0, c) : (total[i] ?? 0) + c));
      rows.push({ counts, name: g.operands.length === 0 ? '' : input.name });
    }
    if (inputs.length > 1) rows.push({ counts: total, name: 'total' });
    const single = which.length === 1 && inputs.length === 1;
    // wc.c sizes the columns from the files' byte sizes (st_size), not from the counts.
    const bytes = inputs.reduce((n, i) => n + (i.name === '-' || i.text === undefined ? 0 : utf8Length(i.text)), 0);
    const width = single ? 1 : Math.max(String(bytes).length, stdinSeen ? 7 : 1);
    for (const r of rows) {
      const line = r.counts.map((c) => String(c).padStart(width)).join(' ');
      ctx.stdout.write(line + (r.name === '' ? '' : ' ' + r.name) + '\n');
    }
    return status;
  },
};
