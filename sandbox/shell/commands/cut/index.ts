/**
 * cut (GNU coreutils): -f LIST with -d DELIM (default tab) and -s, -c/-b LIST, LIST being
 * `N`, `N-M`, `N-`, `-M` joined by commas; --output-delimiter. Lines without the delimiter
 * are printed whole unless -s (cut(1)).
 */
import type { CommandSpec } from '../../types.ts';
import { getopt, q } from '../../getopt.ts';
import { linesOf, readInputs, tryHelp } from '../../text-io.ts';

type Range = [number, number];

/** Parses a LIST; or cut's message. */
function parseList(list: string, what: string): Range[] | string {
  const out: Range[] = [];
  for (const part of list.split(',')) {
    const m = /^([0-9]*)(-?)([0-9]*)$/.exec(part);
    if (!m || part === '' || part === '-') {
      const bad = /^[0-9]*-?[0-9]*/.exec(part)?.[0] === part ? part : part.replace(/^[0-9-]*/, '');
      return `cut: invalid ${what === 'field' ? 'field value' : 'byte/character position'} ${q(bad)}\n${tryHelp('cut')}`;
    }
    const a = m[1] === '' ? 1 : Number(m[1]);
    const b = m[2] === '' ? a : m[3] === '' ? Infinity : Number(m[3]);
    if (a === 0 || b === 0) return `cut: ${what === 'byte/character' ? 'byte/character positions' : 'fields'} are numbered from 1\n${tryHelp('cut')}`;
    if (b < a) return `cut: invalid decreasing range\n${tryHelp('cut')}`;
    out.push([a, b]);
  }
  return out;
}

const inRanges = (i: number, rs: Range[]) => rs.some(([a, b]) => i >= a && i <= b);

/** `cut -f LIST [-d DELIM] [-s] | -c LIST | -b LIST [FILE]...` */
export const cut: CommandSpec = {
  name: 'cut',
  run(ctx) {
    const g = getopt('cut', ctx.argv.slice(1), {
      flags: 'snz', withArg: 'bcdf',
      long: { fields: { key: 'f', arg: true }, delimiter: { key: 'd', arg: true }, characters: { key: 'c', arg: true }, bytes: { key: 'b', arg: true }, 'only-delimited': { key: 's', arg: false }, 'output-delimiter': { key: 'O', arg: true }, complement: { key: 'M', arg: false } },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('cut'));
      return 1;
    }
    const get = (k: string) => g.opts.filter((o) => o.key === k).pop()?.value;
    const modes = ['f', 'c', 'b'].filter((k) => get(k) !== undefined);
    if (modes.length === 0) {
      ctx.stderr.write(`cut: you must specify a list of bytes, characters, or fields\n${tryHelp('cut')}`);
      return 1;
    }
    if (modes.length > 1) {
      ctx.stderr.write(`cut: only one list may be specified\n${tryHelp('cut')}`);
      return 1;
    }
    const mode = modes[0] ?? 'f';
    const delim = get('d');
    if (delim !== undefined && [...delim].length !== 1) {
      ctx.stderr.write(`cut: the delimiter must be a single character\n${tryHelp('cut')}`);
      return 1;
    }
    if (mode !== 'f' && (delim !== undefined || g.opts.some((o) => o.key === 's'))) {
      ctx.stderr.write(`cut: ${delim !== undefined ? 'an input delimiter may be specified only when operating on fields' : 'suppressing non-delimited lines makes sense\n\tonly when operating on fields'}\n${tryHelp('cut')}`);
      return 1;
    }
    const ranges = parseList(get(mode) ?? '', mode === 'f' ? 'field' : 'byte/character');
    if (typeof ranges === 'string') {
      ctx.stderr.write(ranges);
      return 1;
    }
    const complement = g.opts.some((o) => o.key === 'M');
    const sel = (i: number) => inRanges(i, ranges) !== complement;
    const d = delim ?? '\t';
    const outDelim = get('O') ?? (mode === 'f' ? d : '');
    let status = 0;
    const out: string[] = [];
    for (const input of readInputs(ctx, 'cut', g.operands)) {
      if (input.text === undefined) {
        status = 1;
        continue;
      }
      for (const line of linesOf(input.text)) {
        if (mode === 'f') {
          if (!line.includes(d)) {
            if (!g.opts.some((o) => o.key === 's')) out.push(line);
            continue;
          }
          out.push(line.split(d).filter((_, i) => sel(i + 1)).join(outDelim));
        } else {
          out.push([...line].filter((_, i) => sel(i + 1)).join(outDelim));
        }
      }
    }
    if (out.length > 0) ctx.stdout.write(out.join('\n') + '\n');
    return status;
  },
};
