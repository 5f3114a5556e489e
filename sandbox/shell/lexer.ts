/**
 * The shell's tokenizer: turns source text into words (with their quoting and expansions
 * kept apart as parts), operators, redirections and newlines, following the token
 * recognition rules of POSIX XCU 2.3 and bash(1) "QUOTING". Here-document bodies are read
 * when the line holding their `<<` ends (XCU 2.7.4). Incomplete input (an open quote, a
 * here-document without its delimiter) is reported, never thrown, so the terminal can ask
 * for more lines.
 */
import { Eof, readParts, type Part } from './word.ts';

export { readParts, textParts, type ParamOp, type Part } from './word.ts';

/** Operators of the shell grammar. */
export type Op = '|' | '||' | '&&' | ';' | ';;' | '&' | '(' | ')';

/** Redirection operators (XCU 2.7). */
export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

/** A here-document: filled in once the line that opened it ends. */
export interface Heredoc {
  delim: string;
  /** Delimiter had quotes: the body is taken literally (no expansion). */
  quoted: boolean;
  /** `<<-`: leading tabs are stripped. */
  strip: boolean;
  body: string;
  /** The body ended at end of input instead of at the delimiter. */
  unterminated: boolean;
}

/** A token with its source span. */
export type Token =
  | { t: 'word'; parts: Part[]; raw: string; start: number }
  | { t: 'op'; op: Op; start: number }
  | { t: 'redir'; op: RedirOp; fd: number | undefined; start: number; heredoc?: Heredoc }
  | { t: 'nl'; start: number };

/** What was still open when the input ended. */
export interface Incomplete {
  /** The closing text that was looked for: `'`, `"`, `)`, `` ` ``, `}` or the heredoc word. */
  want: string;
  heredoc: boolean;
}

/** Lexing result: tokens, or what is missing. */
export type LexResult = { ok: true; tokens: Token[] } | { ok: false; incomplete: Incomplete };

/** Removes quotes from a here-document delimiter word; tells whether any were there. */
function delimOf(raw: string): { delim: string; quoted: boolean } {
  const quoted = /['"\\]/.test(raw);
  return { delim: raw.replace(/\\(.)/g, '$1').replace(/['"]/g, ''), quoted };
}

/** Tokenizes a whole source text (one or many lines). */
export function lex(src: string): LexResult {
  try {
    return { ok: true, tokens: lexOrThrow(src) };
  } catch (e) {
    if (e instanceof Eof) return { ok: false, incomplete: { want: e.want, heredoc: false } };
    if (e instanceof HeredocEof) return { ok: false, incomplete: { want: e.want, heredoc: true } };
    throw e;
  }
}

class HeredocEof {
  want: string;
  constructor(want: string) {
    this.want = want;
  }
}

const OPS: [string, Op | RedirOp, 'op' | 'redir'][] = [
  ['&>>', '&>>', 'redir'], ['<<<', '<<<', 'redir'], ['<<-', '<<-', 'redir'],
  ['&&', '&&', 'op'], ['||', '||', 'op'], [';;', ';;', 'op'], ['>>', '>>', 'redir'], ['<<', '<<', 'redir'],
  ['>&', '>&', 'redir'], ['<&', '<&', 'redir'], ['&>', '&>', 'redir'], ['>|', '>|', 'redir'], ['<>', '<>', 'redir'],
  ['|', '|', 'op'], ['&', '&', 'op'], [';', ';', 'op'], ['(', '(', 'op'], [')', ')', 'op'],
  ['<', '<', 'redir'], ['>', '>', 'redir'],
];

function lexOrThrow(src: string): Token[] {
  const tokens: Token[] = [];
  const pending: Heredoc[] = [];
  let wantDelim: Heredoc | undefined;
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ t: 'nl', start: i });
      i++;
      for (const h of pending) i = readHeredocBody(src, i, h);
      pending.length = 0;
      continue;
    }
    // An optional fd number glued to a redirection operator: `2>`, `2>&1`.
    const fdm = /^([0-9]+)(?=[<>])/.exec(src.slice(i, i + 12));
    const at = fdm ? i + fdm[0].length : i;
    const op = OPS.find(([s]) => src.startsWith(s, at));
    if (op && (op[2] === 'redir' || !fdm)) {
      const start = i;
      i = at + op[0].length;
      if (op[2] === 'op') tokens.push({ t: 'op', op: op[1] as Op, start });
      else {
        const tok: Token = { t: 'redir', op: op[1] as RedirOp, fd: fdm ? Number(fdm[1]) : undefined, start };
        if (op[1] === '<<' || op[1] === '<<-') {
          wantDelim = { delim: '', quoted: false, strip: op[1] === '<<-', body: '', unterminated: false };
          tok.heredoc = wantDelim;
        }
        tokens.push(tok);
      }
      continue;
    }
    const start = i;
    const { parts, next } = readParts(src, i, src.length, 'word');
    i = next;
    tokens.push({ t: 'word', parts, raw: src.slice(start, next), start });
    if (wantDelim) {
      const d = delimOf(src.slice(start, next));
      wantDelim.delim = d.delim;
      wantDelim.quoted = d.quoted;
      pending.push(wantDelim);
      wantDelim = undefined;
    }
  }
  if (pending.length > 0) throw new HeredocEof(pending[0]?.delim ?? '');
  return tokens;
}

/** Reads a here-document body starting at line start `i`; returns the index after it. */
function readHeredocBody(src: string, i: number, h: Heredoc): number {
  const lines: string[] = [];
  while (i <= src.length) {
    if (i === src.length) throw new HeredocEof(h.delim);
    const nl = src.indexOf('\n', i);
    const lineEnd = nl < 0 ? src.length : nl;
    let line = src.slice(i, lineEnd);
    if (h.strip) line = line.replace(/^\t+/, '');
    i = nl < 0 ? src.length : nl + 1;
    if (line === h.delim) {
      h.body = lines.map((l) => l + '\n').join('');
      return i;
    }
    lines.push(line);
    if (nl < 0) throw new HeredocEof(h.delim);
  }
  return i;
}

/**
 * Like `lex`, but a here-document cut off by the end of input is accepted with what was read
 * (bash warns "here-document at line N delimited by end-of-file" and runs it).
 */
export function lexToEnd(src: string): LexResult & { heredocEof?: string } {
  const r = lex(src);
  if (r.ok || !r.incomplete.heredoc) return r;
  const again = lex(src + '\n' + r.incomplete.want + '\n');
  if (!again.ok) return r;
  for (const t of again.tokens) if (t.t === 'redir' && t.heredoc?.delim === r.incomplete.want) t.heredoc.unterminated = true;
  return { ...again, heredocEof: r.incomplete.want };
}

