/**
 * The shell's tokenizer: turns source text into words (with their quoting and expansions
 * kept apart as parts), operators, redirections and newlines, following the token
 * recognition rules of POSIX XCU 2.3 and bash(1) "QUOTING". Here-document bodies are read
 * when the line holding their `<<` ends (XCU 2.7.4). Incomplete input (an open quote, a
 * here-document without its delimiter) is reported, never thrown, so the terminal can ask
 * for more lines.
 */

/** Operators of the shell grammar. */
export type Op = '|' | '||' | '&&' | ';' | ';;' | '&' | '(' | ')';

/** Redirection operators (XCU 2.7). */
export type RedirOp = '<' | '>' | '>>' | '>|' | '<>' | '>&' | '<&' | '&>' | '&>>' | '<<' | '<<-' | '<<<';

/** `${name OP arg}` forms understood by expand.ts. */
export type ParamOp = '' | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | 'len' | '#' | '##' | '%' | '%%';

/** A piece of a word; `quoted` pieces are not field-split or globbed. */
export type Part =
  | { k: 'lit'; text: string; quoted: boolean }
  | { k: 'param'; name: string; op: ParamOp; arg: Part[]; quoted: boolean }
  | { k: 'cmdsub'; src: string; quoted: boolean }
  | { k: 'arith'; src: string; quoted: boolean }
  | { k: 'tilde'; user: string };

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

const META = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = new Set(['?', '#', '$', '!', '@', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

class Eof {
  want: string;
  constructor(want: string) {
    this.want = want;
  }
}

/** Index just past the `)` closing a `$(` whose content starts at `i`. */
function scanParen(src: string, i: number): number {
  let depth = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) throw new Eof("'");
      i = j + 1;
    } else if (c === '"') i = scanDouble(src, i + 1);
    else if (c === '(') { depth++; i++; }
    else if (c === ')') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  throw new Eof(')');
}

/** Index just past the `"` closing a double-quoted string whose content starts at `i`. */
function scanDouble(src: string, i: number): number {
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '$' && src[i + 1] === '(') i = scanParen(src, i + 2);
    else if (c === '`') i = scanBacktick(src, i + 1);
    else i++;
  }
  throw new Eof('"');
}

function scanBacktick(src: string, i: number): number {
  while (i < src.length) {
    if (src[i] === '\\') i += 2;
    else if (src[i] === '`') return i + 1;
    else i++;
  }
  throw new Eof('`');
}

/** Index just past the `}` of a `${` whose content starts at `i` (quotes inside respected). */
function scanBrace(src: string, i: number): number {
  let depth = 1;
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) throw new Eof("'");
      i = j + 1;
    } else if (c === '"') i = scanDouble(src, i + 1);
    else if (c === '$' && src[i + 1] === '{') { depth++; i += 2; }
    else if (c === '$' && src[i + 1] === '(') i = scanParen(src, i + 2);
    else if (c === '}') {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  throw new Eof('}');
}

/** Parses a `${...}` body (without braces) into a param part. */
function parseBraceParam(body: string, quoted: boolean): Part {
  if (body.startsWith('#') && body.length > 1) {
    return { k: 'param', name: body.slice(1), op: 'len', arg: [], quoted };
  }
  let n = 0;
  if (body.length > 0 && SPECIAL_PARAMS.has(body[0] ?? '')) n = 1;
  else if (/^[0-9]/.test(body)) n = /^[0-9]+/.exec(body)?.[0].length ?? 1;
  else while (n < body.length && NAME_CHAR.test(body[n] ?? '')) n++;
  const name = body.slice(0, n);
  const rest = body.slice(n);
  const m = /^(:-|:=|:\+|:\?|##|%%|-|=|\+|\?|#|%)/.exec(rest);
  if (name === '' || (rest !== '' && !m)) {
    // bash: "${...}: bad substitution" at expansion time; keep the text to report it.
    return { k: 'param', name: '!bad:' + body, op: '', arg: [], quoted };
  }
  const op = (m?.[1] ?? '') as ParamOp;
  const argSrc = rest.slice(op.length);
  const arg = quoted ? readParts(argSrc, 0, argSrc.length, 'dquote').parts : readParts(argSrc, 0, argSrc.length, 'arg').parts;
  return { k: 'param', name, op, arg, quoted };
}

/** Reads a `$...` expansion at `i` (pointing at `$`); returns the part and the next index. */
function readDollar(src: string, i: number, quoted: boolean): { part: Part; next: number } {
  const c = src[i + 1];
  if (c === '(' && src[i + 2] === '(') {
    const end = scanParen(src, i + 3);
    // `$((expr))`: arithmetic when the parenthesis closing the inner one is followed by `)`.
    if (src[end] === ')') return { part: { k: 'arith', src: src.slice(i + 3, end - 1), quoted }, next: end + 1 };
    // Otherwise `$( (subshell) ...)`: a command substitution.
    const close = scanParen(src, i + 2);
    return { part: { k: 'cmdsub', src: src.slice(i + 2, close - 1), quoted }, next: close };
  }
  if (c === '(') {
    const end = scanParen(src, i + 2);
    return { part: { k: 'cmdsub', src: src.slice(i + 2, end - 1), quoted }, next: end };
  }
  if (c === '{') {
    const end = scanBrace(src, i + 2);
    return { part: parseBraceParam(src.slice(i + 2, end - 1), quoted), next: end };
  }
  if (c !== undefined && SPECIAL_PARAMS.has(c)) {
    return { part: { k: 'param', name: c, op: '', arg: [], quoted }, next: i + 2 };
  }
  if (c !== undefined && NAME_START.test(c)) {
    let j = i + 1;
    while (j < src.length && NAME_CHAR.test(src[j] ?? '')) j++;
    return { part: { k: 'param', name: src.slice(i + 1, j), op: '', arg: [], quoted }, next: j };
  }
  if (!quoted && c === "'") {
    // $'...' ANSI-C quoting (bash): \n \t \\ \' \e and \xHH.
    const end = src.indexOf("'", i + 2);
    if (end < 0) throw new Eof("'");
    return { part: { k: 'lit', text: ansiC(src.slice(i + 2, end)), quoted: true }, next: end + 1 };
  }
  return { part: { k: 'lit', text: '$', quoted }, next: i + 1 };
}

const ANSI: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

function ansiC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|.)/g, (all, e: string) =>
    e.startsWith('x') && e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ANSI[e] ?? all));
}

type Mode = 'word' | 'arg' | 'dquote' | 'heredoc';

/**
 * Reads word parts from src[i..end). In 'word' mode it stops at a metacharacter; in 'dquote'
 * and 'heredoc' modes everything up to `end` is content (only $, ` and \ are special).
 */
export function readParts(src: string, i: number, end: number, mode: Mode): { parts: Part[]; next: number } {
  const parts: Part[] = [];
  let lit = '';
  let litQuoted = mode === 'dquote' || mode === 'heredoc';
  const flush = () => {
    if (lit !== '') parts.push({ k: 'lit', text: lit, quoted: litQuoted });
    lit = '';
  };
  const addLit = (text: string, quoted: boolean) => {
    if (lit !== '' && litQuoted !== quoted) flush();
    litQuoted = quoted;
    lit += text;
  };
  const inQuotes = mode === 'dquote' || mode === 'heredoc';
  const quoting = !inQuotes;
  if (mode === 'word' && src[i] === '~') {
    let j = i + 1;
    while (j < end && /[A-Za-z0-9_.-]/.test(src[j] ?? '')) j++;
    if (j >= end || src[j] === '/' || META.has(src[j] ?? '')) {
      parts.push({ k: 'tilde', user: src.slice(i + 1, j) });
      i = j;
    }
  }
  while (i < end) {
    const c = src[i] ?? '';
    if (mode === 'word' && META.has(c)) break;
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) { addLit('\\', inQuotes); i++; continue; }
      if (n === '\n') { i += 2; continue; }
      if (inQuotes && !'$`\\"'.includes(n)) { addLit('\\' + n, true); i += 2; continue; }
      if (mode === 'heredoc' && n === '"') { addLit('\\"', true); i += 2; continue; }
      addLit(n, true);
      i += 2;
    } else if (c === "'" && quoting) {
      const j = src.indexOf("'", i + 1);
      if (j < 0 || j >= end) throw new Eof("'");
      if (j === i + 1) {
        // '' still makes an (empty) field.
        flush();
        parts.push({ k: 'lit', text: '', quoted: true });
      } else addLit(src.slice(i + 1, j), true);
      i = j + 1;
    } else if (c === '"' && quoting) {
      const j = scanDouble(src, i + 1);
      flush();
      const inner = readParts(src, i + 1, j - 1, 'dquote').parts;
      // An empty "" still makes a (empty) field.
      parts.push(...(inner.length ? inner : [{ k: 'lit' as const, text: '', quoted: true }]));
      i = j;
    } else if (c === '$') {
      const { part, next } = readDollar(src, i, inQuotes);
      if (part.k === 'lit') addLit(part.text, part.quoted);
      else { flush(); parts.push(part); }
      i = next;
    } else if (c === '`') {
      const j = scanBacktick(src, i + 1);
      flush();
      parts.push({ k: 'cmdsub', src: src.slice(i + 1, j - 1).replace(/\\([$`\\])/g, '$1'), quoted: inQuotes });
      i = j;
    } else {
      addLit(c, inQuotes);
      i++;
    }
  }
  flush();
  return { parts, next: i };
}

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

/**
 * Parts of text read like a here-document body or `$((...))` content: only $, ` and \ are
 * special. An unclosed `$(` there is kept as plain text rather than failing.
 */
export function textParts(src: string): Part[] {
  try {
    return readParts(src, 0, src.length, 'heredoc').parts;
  } catch (e) {
    if (e instanceof Eof) return [{ k: 'lit', text: src, quoted: true }];
    throw e;
  }
}
