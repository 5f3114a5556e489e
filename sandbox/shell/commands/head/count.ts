/**
 * Counts for head and tail (`10`, `-5`, `+3`, `1k`): the number and which end it counts
 * from. Suffixes b (512), k/K (1024), M follow coreutils' xstrtoumax multipliers.
 */
import type { CommandContext } from '../../types.ts';
import { q } from '../../getopt.ts';
import { readInputs } from '../../text-io.ts';

/** A parsed count; `allBut` for head's `-n -N`, `fromStart` for tail's `-n +N`. */
export interface Count {
  n: number;
  allBut: boolean;
  fromStart: boolean;
}

const MULT: Record<string, number> = { '': 1, b: 512, k: 1024, K: 1024, kB: 1000, M: 1024 * 1024, MB: 1e6, G: 1024 ** 3 };

/** Parses a count, or undefined when invalid. */
export function parseCount(s: string): Count | undefined {
  const m = /^([-+]?)([0-9]+)([a-zA-Z]*)$/.exec(s.trim());
  if (!m) return undefined;
  const mult = MULT[m[3] ?? ''];
  if (mult === undefined) return undefined;
  return { n: Number(m[2]) * mult, allBut: m[1] === '-', fromStart: m[1] === '+' };
}

/** Lines of text (each keeping its newline). */
function split(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Selects lines: the first n, all but the last n, the last n, or from line n on. */
export function takeLines(text: string, n: number, how: 'first' | 'allButLast' | 'last' | 'from'): string {
  const lines = split(text);
  switch (how) {
    case 'first': return lines.slice(0, n).join('');
    case 'allButLast': return lines.slice(0, Math.max(0, lines.length - n)).join('');
    case 'last': return n === 0 ? '' : lines.slice(-n).join('');
    case 'from': return lines.slice(Math.max(0, n - 1)).join('');
  }
}

/**
 * Rewrites the obsolete count forms (`head -5`, `tail -5`, `tail +5`) into `-nN`, leaving
 * values of options that take one (`-n -1`, `-c +3`) alone.
 */
export function obsoleteCounts(args: string[], plus: boolean): string[] {
  return args.map((a, i) => {
    const prev = args[i - 1] ?? '';
    const isValue = /^-[a-zA-Z]*[nc]$/.test(prev) || prev === '--lines' || prev === '--bytes';
    if (isValue) return a;
    if (/^-[0-9]+$/.test(a)) return '-n' + a.slice(1);
    if (plus && i === 0 && /^\+[0-9]+$/.test(a)) return '-n' + a;
    return a;
  });
}

/**
 * What head and tail share once their options are parsed: the count (`-n`/`-c`, the last one
 * given wins), its error, the inputs with coreutils' error texts, and the `==> FILE <==`
 * headers (-q/-v); `cut` picks the part of each input. Returns the exit status, and whether
 * the count was valid (nothing else happens when it is not).
 */
export function printCounted(
  ctx: CommandContext,
  tool: 'head' | 'tail',
  g: { opts: { key: string; value?: string }[]; operands: string[] },
  cut: (text: string, count: Count, bytes: boolean) => string,
): { status: number; counted: boolean } {
  const last = [...g.opts].reverse().find((o) => o.key === 'n' || o.key === 'c');
  const bytes = last?.key === 'c';
  const count = parseCount(last?.value ?? '10');
  if (!count) {
    ctx.stderr.write(`${tool}: invalid number of ${bytes ? 'bytes' : 'lines'}: ${q(last?.value ?? '')}\n`);
    return { status: 1, counted: false };
  }
  const inputs = readInputs(ctx, tool, g.operands, (name, reason, errno) =>
    errno === 'EISDIR' ? `${tool}: error reading '${name}': ${reason}` : `${tool}: cannot open '${name}' for reading: ${reason}`);
  const headers = (inputs.length > 1 && !g.opts.some((o) => o.key === 'q')) || g.opts.some((o) => o.key === 'v');
  let status = 0;
  let first = true;
  for (const input of inputs) {
    if (input.text === undefined) {
      status = 1;
      continue;
    }
    if (headers) ctx.stdout.write(`${first ? '' : '\n'}==> ${input.name === '-' ? 'standard input' : input.name} <==\n`);
    first = false;
    ctx.stdout.write(cut(input.text, count, bytes));
  }
  return { status, counted: true };
}
