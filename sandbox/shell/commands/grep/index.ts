/**
 * grep (GNU grep 3): prints lines matching a pattern. Supported: -E -F -G -i -v -w -x -c -n
 * -o -q -s -l -L -h -H -m NUM -A/-B/-C NUM -e PATTERN -r, --color (ignored: output is not
 * colored). Exit status 0 when a line was selected, 1 when none, 2 on error (grep(1)).
 */
import type { CommandContext, CommandSpec } from '../../types.ts';
import { getopt } from '../../getopt.ts';
import { compile } from '../../regex.ts';
import { cwdOf, linesOf, readInputs, type Input } from '../../text-io.ts';
import { isDir, listDir, resolvePath } from '../../fs.ts';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

const LONG = {
  'extended-regexp': { key: 'E', arg: false }, 'fixed-strings': { key: 'F', arg: false }, 'basic-regexp': { key: 'G', arg: false },
  'ignore-case': { key: 'i', arg: false }, 'invert-match': { key: 'v', arg: false }, 'word-regexp': { key: 'w', arg: false },
  'line-regexp': { key: 'x', arg: false }, count: { key: 'c', arg: false }, 'line-number': { key: 'n', arg: false },
  'only-matching': { key: 'o', arg: false }, quiet: { key: 'q', arg: false }, silent: { key: 'q', arg: false },
  'no-messages': { key: 's', arg: false }, 'files-with-matches': { key: 'l', arg: false }, 'files-without-match': { key: 'L', arg: false },
  'no-filename': { key: 'h', arg: false }, 'with-filename': { key: 'H', arg: false }, 'max-count': { key: 'm', arg: true },
  'after-context': { key: 'A', arg: true }, 'before-context': { key: 'B', arg: true }, context: { key: 'C', arg: true },
  regexp: { key: 'e', arg: true }, recursive: { key: 'r', arg: false }, color: { key: 'color', arg: false }, colour: { key: 'color', arg: false },
};

interface Options {
  invert: boolean; count: boolean; number: boolean; only: boolean; quiet: boolean; silent: boolean;
  list: boolean; listNot: boolean; names: boolean; max: number; after: number; before: number;
}

/** Builds the matcher from the patterns and -E/-F/-i/-w/-x. */
function matcher(patterns: string[], has: (k: string) => boolean): { ok: true; re: RegExp } | { ok: false; message: string } {
  const extended = has('E');
  const sources: string[] = [];
  for (const p of patterns) {
    if (has('F')) {
      sources.push(p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
      continue;
    }
    const c = compile(p, extended);
    if (!c.ok) return c;
    sources.push(c.re.source === '(?:)' ? '' : c.re.source);
  }
  let src = sources.map((s) => `(?:${s})`).join('|');
  if (has('x')) src = `^(?:${src})$`;
  else if (has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
  return { ok: true, re: new RegExp(src, has('i') ? 'gi' : 'g') };
}

/** Files under a directory, for -r (sorted, depth first). */
function walk(ctx: CommandContext, dir: string, shown: string): string[] {
  const place = { machine: ctx.machine, netns: ctx.netns };
  return listDir(place, dir).flatMap((n) => {
    const abs = dir === '/' ? '/' + n : dir + '/' + n;
    const name = shown === '' ? n : shown.endsWith('/') ? shown + n : shown + '/' + n;
    return isDir(place, abs) ? walk(ctx, abs, name) : [name];
  });
}

/** Greps one input; returns how many lines were selected. */
function grepOne(ctx: CommandContext, input: Input & { text: string }, re: RegExp, o: Options): number {
  const lines = linesOf(input.text);
  const label = input.name === '-' ? '(standard input)' : input.name;
  const prefix = (n: number, sep: string) => (o.names ? label + sep : '') + (o.number ? `${n}${sep}` : '');
  const out: string[] = [];
  let selected = 0;
  let lastPrinted = -1;
  let afterLeft = 0;
  const contextOn = o.after > 0 || o.before > 0;
  for (let i = 0; i < lines.length; i++) {
    if (selected >= o.max) {
      // GNU grep still prints trailing context after the last counted match.
      if (afterLeft > 0 && !o.count && !o.list && !o.listNot && !o.quiet) {
        out.push(prefix(i + 1, '-') + lines[i]);
        lastPrinted = i;
        afterLeft--;
        continue;
      }
      break;
    }
    const line = lines[i] ?? '';
    re.lastIndex = 0;
    const hit = re.test(line) !== o.invert;
    if (!hit) {
      if (afterLeft > 0 && !o.count && !o.list && !o.listNot && !o.quiet) {
        out.push(prefix(i + 1, '-') + line);
        lastPrinted = i;
        afterLeft--;
      }
      continue;
    }
    selected++;
    if (o.quiet || o.count || o.list || o.listNot) continue;
    const from = Math.max(lastPrinted + 1, i - o.before);
    if (contextOn && lastPrinted >= 0 && from > lastPrinted + 1) out.push('--');
    for (let j = from; j < i; j++) out.push(prefix(j + 1, '-') + lines[j]);
    if (o.only) {
      if (!o.invert) {
        re.lastIndex = 0;
        for (const m of line.matchAll(re)) if (m[0] !== '') out.push(prefix(i + 1, ':') + m[0]);
      }
    } else out.push(prefix(i + 1, ':') + line);
    lastPrinted = i;
    afterLeft = o.after;
  }
  if (o.count) out.push((o.names ? label + ':' : '') + selected);
  if (o.list && selected > 0) out.push(label);
  if (o.listNot && selected === 0) out.push(label);
  if (out.length > 0) ctx.stdout.write(out.join('\n') + '\n');
  return selected;
}

/** `grep [OPTION]... PATTERNS [FILE]...` */
export const grep: CommandSpec = {
  name: 'grep',
  run(ctx) {
    const g = getopt('grep', ctx.argv.slice(1).map((a) => (a.startsWith('--colo') ? '--color' : a)), { flags: 'EFGivwxcnoqslLhHrRyaIUZz', withArg: 'ABCemfd', long: LONG });
    if (!g.ok) {
      ctx.stderr.write(g.message + '\n' + USAGE);
      return 2;
    }
    const has = (k: string) => g.opts.some((o) => o.key === k);
    const num = (k: string, dflt: number): number | undefined => {
      const v = g.opts.filter((o) => o.key === k).pop()?.value;
      if (v === undefined) return dflt;
      return /^[0-9]+$/.test(v) ? Number(v) : undefined;
    };
    const ctxN = num('C', 0);
    const after = num('A', ctxN ?? 0);
    const before = num('B', ctxN ?? 0);
    const max = num('m', Infinity);
    for (const [k, v] of [['A', after], ['B', before], ['C', ctxN]] as const) {
      if (v === undefined) {
        ctx.stderr.write(`grep: ${g.opts.find((o) => o.key === k)?.value}: invalid context length argument\n`);
        return 2;
      }
    }
    if (max === undefined) {
      ctx.stderr.write(`grep: invalid max count\n`);
      return 2;
    }
    let operands = g.operands;
    let patterns = g.opts.filter((o) => o.key === 'e').map((o) => o.value);
    if (patterns.length === 0) {
      if (operands.length === 0) {
        ctx.stderr.write(USAGE);
        return 2;
      }
      patterns = [operands[0] ?? ''];
      operands = operands.slice(1);
    }
    const m = matcher(patterns.flatMap((p) => p.split('\n')), has);
    if (!m.ok) {
      ctx.stderr.write(`grep: ${m.message}\n`);
      return 2;
    }
    const recursive = has('r') || has('R');
    const place = { machine: ctx.machine, netns: ctx.netns };
    const implicit = recursive && operands.length === 0;
    if (implicit) operands = ['.'];
    let status = 1;
    let error = false;
    const files: string[] = [];
    for (const op of operands) {
      const abs = resolvePath(cwdOf(ctx), op);
      // `grep -r x` names files relative to the working directory, `grep -r x .` as ./path.
      if (recursive && op !== '-' && isDir(place, abs)) files.push(...walk(ctx, abs, implicit ? '' : op));
      else files.push(op);
    }
    const o: Options = {
      invert: has('v'), count: has('c'), number: has('n'), only: has('o'), quiet: has('q'), silent: has('s'),
      list: has('l'), listNot: has('L'), names: (files.length > 1 || recursive || has('H')) && !has('h'),
      max: max ?? Infinity, after: after ?? 0, before: before ?? 0,
    };
    const inputs = readInputs(ctx, 'grep', files, (name, reason) => (o.silent ? '' : `grep: ${name}: ${reason}`));
    for (const input of inputs) {
      if (input.text === undefined) {
        error = true;
        continue;
      }
      if (grepOne(ctx, { name: input.name, text: input.text }, m.re, o) > 0) {
        status = 0;
        if (o.quiet) return 0;
      }
    }
    return error && !(o.quiet && status === 0) ? 2 : status;
  },
};
