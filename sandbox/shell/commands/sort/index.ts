/**
 * sort (GNU coreutils) in the C.UTF-8 locale (code point order): -n -h -r -u -f -b -s,
 * -t SEP and -k KEYDEF (`F[.C][OPTS][,F[.C][OPTS]]`, several allowed). Equal keys fall
 * back to comparing whole lines unless -s or -u, as sort(1) documents ("last-resort").
 */
import type { CommandSpec } from '../../types.ts';
import { getopt, q } from '../../getopt.ts';
import { linesOf, readInputs, tryHelp } from '../../text-io.ts';
import { parseKey, type Key } from './key.ts';

/** Key text of a line for key `k` (fields split on `sep`, or at blank-to-non-blank). */
function extract(line: string, k: Key, sep: string | undefined): string {
  const starts: number[] = [];
  const ends: number[] = [];
  if (sep !== undefined) {
    let pos = 0;
    for (const f of line.split(sep)) {
      starts.push(pos);
      ends.push(pos + f.length);
      pos += f.length + 1;
    }
  } else {
    const re = /[ \t]*[^ \t]+|[ \t]+$/g;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      starts.push(m.index);
      ends.push(m.index + m[0].length);
    }
    if (starts.length === 0) { starts.push(0); ends.push(line.length); }
  }
  const fieldStart = starts[k.startField - 1];
  if (fieldStart === undefined) return '';
  let from = fieldStart;
  if (k.skipStartBlanks) while (line[from] === ' ' || line[from] === '\t') from++;
  from += Math.max(0, k.startChar - 1);
  let to = line.length;
  if (k.endField !== undefined) {
    const fe = ends[k.endField - 1];
    const fs = starts[k.endField - 1];
    if (fe !== undefined && fs !== undefined) {
      if (k.endChar > 0) {
        let s = fs;
        if (k.skipEndBlanks) while (line[s] === ' ' || line[s] === '\t') s++;
        to = Math.min(fe, s + k.endChar);
      } else to = fe;
    }
  }
  return line.slice(Math.min(from, line.length), Math.max(from, to));
}

const SUFFIX: Record<string, number> = { '': 0, K: 1, k: 1, M: 2, G: 3, T: 4, P: 5, E: 6 };

function numeric(s: string, human: boolean): number {
  const m = /^[ \t]*(-?[0-9]*\.?[0-9]*)([KkMGTPE]?)/.exec(s);
  const n = Number(m?.[1] ?? '');
  if (!m || m[1] === '' || m[1] === '-' || Number.isNaN(n)) return 0;
  return human ? n * 1024 ** (SUFFIX[m[2] ?? ''] ?? 0) : n;
}

const cmpStr = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareKey(a: string, b: string, k: Key): number {
  let x = a;
  let y = b;
  if (k.blanks) { x = x.replace(/^[ \t]+/, ''); y = y.replace(/^[ \t]+/, ''); }
  let c: number;
  if (k.numeric || k.human) c = Math.sign(numeric(x, k.human) - numeric(y, k.human));
  else c = k.fold ? cmpStr(x.toUpperCase(), y.toUpperCase()) : cmpStr(x, y);
  return k.reverse ? -c : c;
}

/** `sort [-nhrufbs] [-t SEP] [-k KEYDEF]... [FILE]...` */
export const sort: CommandSpec = {
  name: 'sort',
  run(ctx) {
    const g = getopt('sort', ctx.argv.slice(1), {
      flags: 'nhrufbsgVMcdiz', withArg: 'ktoST',
      long: {
        'numeric-sort': { key: 'n', arg: false }, 'human-numeric-sort': { key: 'h', arg: false }, reverse: { key: 'r', arg: false },
        unique: { key: 'u', arg: false }, 'ignore-case': { key: 'f', arg: false }, key: { key: 'k', arg: true },
        'field-separator': { key: 't', arg: true }, stable: { key: 's', arg: false }, 'ignore-leading-blanks': { key: 'b', arg: false },
      },
    });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('sort'));
      return 2;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const global: Omit<Key, 'startField' | 'startChar' | 'endField' | 'endChar' | 'skipStartBlanks' | 'skipEndBlanks'> = {
      numeric: has('n') || has('g'), human: has('h'), reverse: has('r'), fold: has('f'), blanks: has('b'),
    };
    const sepOpt = g.opts.filter((o) => o.key === 't').pop()?.value;
    if (sepOpt !== undefined && [...sepOpt].length !== 1) {
      ctx.stderr.write(sepOpt === '' ? `sort: empty tab\n` : `sort: multi-character tab ${q(sepOpt)}\n`);
      return 2;
    }
    const keys: Key[] = [];
    for (const o of g.opts.filter((x) => x.key === 'k')) {
      const k = parseKey(o.value, global);
      if (!k.ok) {
        ctx.stderr.write(`sort: ${k.message}\n`);
        return 2;
      }
      keys.push(k.key);
    }
    const inputs = readInputs(ctx, 'sort', g.operands, (name, reason) => `sort: cannot read: ${name}: ${reason}`);
    if (inputs.some((i) => i.text === undefined)) return 2;
    const lines = inputs.flatMap((i) => linesOf(i.text ?? ''));
    const whole: Key = { ...global, startField: 1, startChar: 0, endField: undefined, endChar: 0, skipStartBlanks: false, skipEndBlanks: false };
    const keyCmp = (a: string, b: string): number => {
      if (keys.length === 0) return compareKey(a, b, whole);
      for (const k of keys) {
        const c = compareKey(extract(a, k, sepOpt), extract(b, k, sepOpt), k);
        if (c !== 0) return c;
      }
      return 0;
    };
    const lastResort = !has('s') && !has('u');
    const sorted = [...lines].sort((a, b) => {
      const c = keyCmp(a, b);
      if (c !== 0 || !lastResort) return c;
      const r = cmpStr(a, b);
      return global.reverse ? -r : r;
    });
    const out = has('u') ? sorted.filter((l, i) => i === 0 || keyCmp(sorted[i - 1] ?? '', l) !== 0) : sorted;
    if (out.length > 0) ctx.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
