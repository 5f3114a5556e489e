/**
 * Words: reading one word's text into parts (literal text with its quoting, parameter
 * expansions, command substitutions, arithmetic, tilde), following bash(1) "QUOTING" and
 * "EXPANSION": inside double quotes only $, ` and \ are special; `$(...)`, `${...}` and
 * quotes nest. An unterminated construct throws `Eof` (caught by the lexer, which reports
 * incomplete input).
 */

/** How many `${...}` may nest inside one another's words (parseBraceParam). */
const MAX_PARAM_NESTING = 200;

/** `${name OP arg}` forms understood by expand.ts. */
export type ParamOp = '' | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?' | 'len' | '#' | '##' | '%' | '%%';

/** A piece of a word; `quoted` pieces are not field-split or globbed. */
export type Part =
  | { k: 'lit'; text: string; quoted: boolean }
  | { k: 'param'; name: string; op: ParamOp; arg: Part[]; quoted: boolean }
  | { k: 'cmdsub'; src: string; quoted: boolean }
  | { k: 'arith'; src: string; quoted: boolean }
  | { k: 'tilde'; user: string };

const META = new Set([' ', '\t', '\n', '|', '&', ';', '<', '>', '(', ')']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = new Set(['?', '#', '$', '!', '@', '*', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);

/** Input ended inside a quote or expansion; `want` is what would close it. */
export class Eof {
  want: string;
  constructor(want: string) {
    this.want = want;
  }
}

/** The constructs a scan can be inside, and the character that closes each (for `Eof`). */
type Scope = 'paren' | 'double' | 'backtick' | 'brace';
const CLOSER: Record<Scope, string> = { paren: ')', double: '"', backtick: '`', brace: '}' };

/**
 * Index just past the end of the construct `outer` whose content starts at `i`: `$(...)`
 * (parentheses counted), `"..."`, `` `...` `` or `${...}` (braces counted), with quotes and
 * expansions nested in it as bash(1) nests them. The nesting is kept on an explicit stack, not
 * the JavaScript one, so any depth a line can hold is scanned.
 */
function scanTo(src: string, i: number, outer: Scope): number {
  const stack: { scope: Scope; depth: number }[] = [{ scope: outer, depth: 1 }];
  while (i < src.length) {
    const top = stack[stack.length - 1]!;
    const c = src[i];
    const close = () => {
      stack.pop();
      i++;
      return stack.length === 0;
    };
    if (c === '\\') { i += 2; continue; }
    if (top.scope === 'backtick') {
      if (c === '`' && close()) return i;
      else if (c !== '`') i++;
      continue;
    }
    if (top.scope === 'double') {
      if (c === '"') { if (close()) return i; }
      else if (c === '$' && src[i + 1] === '(') { stack.push({ scope: 'paren', depth: 1 }); i += 2; }
      else if (c === '$' && src[i + 1] === '{') { stack.push({ scope: 'brace', depth: 1 }); i += 2; }
      else if (c === '`') { stack.push({ scope: 'backtick', depth: 1 }); i++; }
      else i++;
      continue;
    }
    // Inside `$(...)` or `${...}`: single quotes are skipped whole, double quotes nest.
    if (c === "'") {
      const j = src.indexOf("'", i + 1);
      if (j < 0) throw new Eof("'");
      i = j + 1;
    } else if (c === '"') { stack.push({ scope: 'double', depth: 1 }); i++; }
    else if (top.scope === 'paren') {
      if (c === '(') { top.depth++; i++; }
      else if (c === ')') {
        if (--top.depth === 0) { if (close()) return i; }
        else i++;
      } else i++;
    } else if (c === '$' && src[i + 1] === '{') { top.depth++; i += 2; }
    else if (c === '$' && src[i + 1] === '(') { stack.push({ scope: 'paren', depth: 1 }); i += 2; }
    else if (c === '}') {
      if (--top.depth === 0) { if (close()) return i; }
      else i++;
    } else i++;
  }
  throw new Eof(CLOSER[stack[stack.length - 1]!.scope]);
}

/** Index just past the `)` closing a `$(` whose content starts at `i`. */
const scanParen = (src: string, i: number): number => scanTo(src, i, 'paren');
/** Index just past the `"` closing a double-quoted string whose content starts at `i`. */
const scanDouble = (src: string, i: number): number => scanTo(src, i, 'double');
/** Index just past the closing backquote of a command substitution whose content starts at `i`. */
const scanBacktick = (src: string, i: number): number => scanTo(src, i, 'backtick');
/** Index just past the `}` of a `${` whose content starts at `i` (quotes inside respected). */
const scanBrace = (src: string, i: number): number => scanTo(src, i, 'brace');

/** Parses a `${...}` body (without braces) into a param part. */
function parseBraceParam(body: string, quoted: boolean, depth: number): Part {
  // Expansions nested in expansions make a tree as deep as the text; past MAX_PARAM_NESTING the
  // expansion is refused as bash refuses a malformed one (`bad substitution`), not by the stack.
  if (depth >= MAX_PARAM_NESTING) return { k: 'param', name: '!bad:' + body, op: '', arg: [], quoted };
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
  const arg = readParts(argSrc, 0, argSrc.length, quoted ? 'dqarg' : 'arg', depth + 1).parts;
  return { k: 'param', name, op, arg, quoted };
}

/** Reads a `$...` expansion at `i` (pointing at `$`); returns the part and the next index. */
function readDollar(src: string, i: number, quoted: boolean, depth: number): { part: Part; next: number } {
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
    return { part: parseBraceParam(src.slice(i + 2, end - 1), quoted, depth), next: end };
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

/** 'dqarg': the word of a `${x:-word}` inside double quotes, where `"` quotes again and `'` is a plain character. */
type Mode = 'word' | 'arg' | 'dquote' | 'dqarg' | 'heredoc';

/**
 * Reads word parts from src[i..end). In 'word' mode it stops at a metacharacter; in 'dquote'
 * and 'heredoc' modes everything up to `end` is content (only $, ` and \ are special).
 * `depth` counts the `${...}` this text is nested in.
 */
export function readParts(src: string, i: number, end: number, mode: Mode, depth = 0): { parts: Part[]; next: number } {
  const parts: Part[] = [];
  let lit = '';
  let litQuoted = mode === 'dquote' || mode === 'dqarg' || mode === 'heredoc';
  const flush = () => {
    if (lit !== '') parts.push({ k: 'lit', text: lit, quoted: litQuoted });
    lit = '';
  };
  const addLit = (text: string, quoted: boolean) => {
    if (lit !== '' && litQuoted !== quoted) flush();
    litQuoted = quoted;
    lit += text;
  };
  const inQuotes = mode === 'dquote' || mode === 'dqarg' || mode === 'heredoc';
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
    } else if (c === '"' && (quoting || mode === 'dqarg')) {
      const j = scanDouble(src, i + 1);
      flush();
      const inner = readParts(src, i + 1, j - 1, 'dquote', depth).parts;
      // An empty "" still makes a (empty) field.
      parts.push(...(inner.length ? inner : [{ k: 'lit' as const, text: '', quoted: true }]));
      i = j;
    } else if (c === '$') {
      const { part, next } = readDollar(src, i, inQuotes, depth);
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
