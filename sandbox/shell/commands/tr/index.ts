/**
 * tr (GNU coreutils): translates, deletes (-d) or squeezes (-s) characters of standard
 * input; SETs take ranges (a-z), classes ([:upper:], [:digit:], [:space:] ...), escapes
 * (\n \t \\) and -c for the complement of SET1 with -d/-s.
 */
import type { CommandSpec } from '../../types.ts';
import { getopt, q } from '../../getopt.ts';
import { tryHelp } from '../../text-io.ts';

const CLASS: Record<string, string> = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lower: 'abcdefghijklmnopqrstuvwxyz', digit: '0123456789',
  space: ' \t\n\r\f\v', blank: ' \t', punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};
CLASS.alpha = (CLASS.upper ?? '') + (CLASS.lower ?? '');
CLASS.alnum = (CLASS.alpha ?? '') + (CLASS.digit ?? '');
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Expands a SET into its characters, or returns tr's message. */
function expand(set: string): string[] | string {
  const out: string[] = [];
  const chars = [...set];
  for (let i = 0; i < chars.length; i++) {
    let c = chars[i] ?? '';
    if (c === '[' && chars[i + 1] === ':') {
      const end = set.indexOf(':]', i + 2);
      const name = end > 0 ? chars.slice(i + 2, end).join('') : '';
      const cls = CLASS[name];
      if (cls === undefined) return `tr: invalid character class ${q(name)}`;
      out.push(...cls);
      i = end + 1;
      continue;
    }
    if (c === '\\' && i + 1 < chars.length) c = ESC[chars[++i] ?? ''] ?? chars[i] ?? '';
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      const to = chars[i + 2] ?? '';
      const a = c.codePointAt(0) ?? 0;
      const b = to.codePointAt(0) ?? 0;
      if (b < a) return `tr: range-endpoints of ${q(c + '-' + to)} are in reverse collating sequence order`;
      for (let x = a; x <= b; x++) out.push(String.fromCodePoint(x));
      i += 2;
      continue;
    }
    out.push(c);
  }
  return out;
}

/** `tr [-cds] SET1 [SET2]` */
export const tr: CommandSpec = {
  name: 'tr',
  run(ctx) {
    const g = getopt('tr', ctx.argv.slice(1), { flags: 'cdstC', withArg: '', long: { delete: { key: 'd', arg: false }, 'squeeze-repeats': { key: 's', arg: false }, complement: { key: 'c', arg: false } } });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + tryHelp('tr'));
      return 1;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const [s1, s2] = g.operands;
    const del = has('d');
    const squeeze = has('s');
    if (s1 === undefined) {
      ctx.stderr.write('tr: missing operand\n' + tryHelp('tr'));
      return 1;
    }
    if (!del && !squeeze && s2 === undefined) {
      ctx.stderr.write(`tr: missing operand after ${q(s1)}\nTwo strings must be given when translating.\n` + tryHelp('tr'));
      return 1;
    }
    if (g.operands.length > (del && !squeeze ? 1 : 2)) {
      ctx.stderr.write(`tr: extra operand ${q(g.operands[del && !squeeze ? 1 : 2] ?? '')}\n` + (del ? 'Only one string may be given when deleting without squeezing repeats.\n' : '') + tryHelp('tr'));
      return 1;
    }
    const a = expand(s1);
    const b = s2 === undefined ? [] : expand(s2);
    if (typeof a === 'string' || typeof b === 'string') {
      ctx.stderr.write((typeof a === 'string' ? a : b) + '\n');
      return 1;
    }
    const complement = has('c') || has('C');
    const inA = (c: string) => a.includes(c) !== complement;
    let out = '';
    let last = '';
    const squeezeSet = del ? b : s2 !== undefined && !del ? b : a;
    for (const c of ctx.stdin) {
      let ch = c;
      if (del && inA(c)) continue;
      if (!del && s2 !== undefined) {
        const idx = complement ? (inA(c) ? b.length - 1 : -1) : a.lastIndexOf(c) >= 0 ? a.indexOf(c) : -1;
        if (idx >= 0) ch = b[Math.min(idx, b.length - 1)] ?? c;
      }
      if (squeeze && ch === last && (squeezeSet.includes(ch) || (!del && s2 === undefined && inA(ch)))) continue;
      out += ch;
      last = ch;
    }
    ctx.stdout.write(out);
    return 0;
  },
};
