/**
 * The shell grammar (POSIX XCU 2.9, the subset tutorials use): lists joined by `;`, `&` and
 * newlines, `&&`/`||`, pipelines with `!`, simple commands with assignments and
 * redirections, `( )` subshells, `{ }` groups, `if`, `for`, `while`/`until`. A syntax error
 * comes back as the token bash would name in "syntax error near unexpected token `X'", or as
 * an unexpected end of input (which the terminal treats as "more lines needed").
 */
import { lex, lexToEnd, type Heredoc, type Part, type RedirOp, type Token } from './lexer.ts';

/** A word as typed: its parts (for expansion) and its source text. */
export interface Word {
  parts: Part[];
  raw: string;
}

/** A redirection: `[fd]op target`, or a here-document. */
export interface Redirect {
  op: RedirOp;
  fd: number | undefined;
  target: Word;
  heredoc?: Heredoc;
}

/** `NAME=value` before a command. */
export interface Assign {
  name: string;
  value: Word;
}

/** A command node of the tree. */
export type Command =
  | { type: 'simple'; assigns: Assign[]; words: Word[]; redirects: Redirect[]; line: number }
  | { type: 'subshell'; body: List; redirects: Redirect[] }
  | { type: 'group'; body: List; redirects: Redirect[] }
  | { type: 'if'; clauses: { cond: List; body: List }[]; otherwise: List | undefined; redirects: Redirect[] }
  | { type: 'for'; name: string; items: Word[] | undefined; body: List; redirects: Redirect[] }
  | { type: 'while'; until: boolean; cond: List; body: List; redirects: Redirect[] };

/** `[!] cmd | cmd ...` */
export interface Pipeline {
  bang: boolean;
  /** `time pipeline`: report the elapsed (virtual) time on stderr. */
  timed?: boolean;
  commands: Command[];
}

/** `pipeline && pipeline || ...`, optionally run in the background (`&`). */
export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
  /** Source text, for job notices (`[1]+  Done   sleep 1`). */
  text: string;
}

/** A sequence of and-or lists. */
export type List = AndOr[];

/** Why parsing failed: an unexpected token (named as bash names it) or the end of input. */
export type SyntaxError =
  | { kind: 'token'; token: string }
  | { kind: 'eof'; want?: string; heredoc?: boolean };

/** Parse result. */
export type ParseResult = { ok: true; list: List; heredocEof?: string } | { ok: false; error: SyntaxError };

const RESERVED = new Set(['if', 'then', 'elif', 'else', 'fi', 'for', 'in', 'do', 'done', 'while', 'until', '{', '}', '!']);
const ASSIGN = /^([A-Za-z_][A-Za-z0-9_]*)=/;

class Fail {
  error: SyntaxError;
  constructor(error: SyntaxError) {
    this.error = error;
  }
}

/**
 * Parses source text. With `toEnd`, a here-document cut off by the end of input is taken as
 * it is (bash's behaviour for a script); without it, it is incomplete input.
 */
export function parse(src: string, toEnd = true): ParseResult {
  const lexed = toEnd ? lexToEnd(src) : lex(src);
  if (!lexed.ok) return { ok: false, error: { kind: 'eof', want: lexed.incomplete.want, heredoc: lexed.incomplete.heredoc } };
  try {
    const p = new Parser(lexed.tokens, src);
    const list = p.list(new Set());
    p.end();
    const heredocEof: string | undefined = 'heredocEof' in lexed && typeof lexed.heredocEof === 'string' ? lexed.heredocEof : undefined;
    return heredocEof === undefined ? { ok: true, list } : { ok: true, list, heredocEof };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}

/** How bash names a token in a syntax error. */
function tokenText(t: Token): string {
  if (t.t === 'nl') return 'newline';
  if (t.t === 'word') return t.raw;
  return t.op;
}

/**
 * How deeply compound commands may nest. bash's parser is a bison LALR parser whose stack
 * (YYMAXDEPTH 10000) overflows after a few thousand levels (about 2,500 nested `if`s in bash
 * 5.2), which it reports as a syntax error at the token it could not shift. This recursive
 * parser would run out of JavaScript stack first, so it stops earlier, the same way.
 */
const MAX_NESTING = 1000;

class Parser {
  private i = 0;
  private depth = 0;
  private readonly tokens: Token[];
  private readonly src: string;
  constructor(tokens: Token[], src: string) {
    this.tokens = tokens;
    this.src = src;
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private fail(t: Token | undefined): never {
    throw new Fail(t ? { kind: 'token', token: tokenText(t) } : { kind: 'eof' });
  }

  /** The token is an unquoted reserved word `w`. */
  private isWord(t: Token | undefined, w: string): boolean {
    return t?.t === 'word' && t.raw === w;
  }

  private isOp(t: Token | undefined, op: string): boolean {
    return t?.t === 'op' && t.op === op;
  }

  private skipNewlines(): void {
    while (this.peek()?.t === 'nl') this.i++;
  }

  /** Fails unless the input is used up. */
  end(): void {
    const t = this.peek();
    if (t) this.fail(t);
  }

  /** A list ending before a reserved word of `stop`, a `)` or the end. */
  list(stop: Set<string>): List {
    const out: List = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t || this.isOp(t, ')') || this.isOp(t, ';;')) break;
      if (t.t === 'word' && stop.has(t.raw)) break;
      const ao = this.andOr();
      out.push(ao);
      const sep = this.peek();
      if (this.isOp(sep, ';') || this.isOp(sep, '&')) {
        this.i++;
        if (this.isOp(sep, '&')) ao.background = true;
      } else if (sep?.t === 'nl') this.i++;
      else if (sep && !this.isOp(sep, ')') && !(sep.t === 'word' && stop.has(sep.raw))) this.fail(sep);
    }
    return out;
  }

  /** A list that must hold at least one command (bodies of compounds). */
  private body(stop: Set<string>): List {
    const l = this.list(stop);
    if (l.length === 0) this.fail(this.peek());
    return l;
  }

  private andOr(): AndOr {
    const start = this.peek()?.start ?? 0;
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      const t = this.peek();
      if (t?.t !== 'op' || (t.op !== '&&' && t.op !== '||')) break;
      this.i++;
      this.skipNewlines();
      rest.push({ op: t.op, pipeline: this.pipeline() });
    }
    const endTok = this.peek();
    const ao: AndOr = { first, rest, background: false, text: this.src.slice(start, endTok?.start ?? this.src.length).trim() };
    return ao;
  }

  private pipeline(): Pipeline {
    let bang = false;
    let timed = false;
    if (this.isWord(this.peek(), 'time')) {
      timed = true;
      this.i++;
      // A bare `time` times nothing and still reports.
      const n = this.peek();
      if (!n || n.t === 'nl' || (n.t === 'op' && [';', '&', '&&', '||', ')'].includes(n.op))) return { bang, commands: [], timed };
    }
    if (this.isWord(this.peek(), '!')) {
      bang = true;
      this.i++;
    }
    const commands = [this.command()];
    while (this.isOp(this.peek(), '|')) {
      this.i++;
      this.skipNewlines();
      commands.push(this.command());
    }
    return timed ? { bang, commands, timed } : { bang, commands };
  }

  private command(): Command {
    const t = this.peek();
    if (!t) this.fail(t);
    if (this.depth >= MAX_NESTING) this.fail(t);
    this.depth++;
    try {
      return this.commandAt(t);
    } finally {
      this.depth--;
    }
  }

  private commandAt(t: Token): Command {
    if (this.isOp(t, '(')) {
      this.i++;
      const body = this.body(new Set());
      if (!this.isOp(this.peek(), ')')) this.fail(this.peek());
      this.i++;
      return { type: 'subshell', body, redirects: this.redirects() };
    }
    if (t.t === 'word') {
      switch (t.raw) {
        case '{': return this.group();
        case 'if': return this.ifClause();
        case 'for': return this.forClause();
        case 'while':
        case 'until': return this.whileClause(t.raw === 'until');
        default:
          if (RESERVED.has(t.raw)) this.fail(t);
      }
    }
    return this.simple();
  }

  private expectWord(w: string): void {
    const t = this.peek();
    if (!this.isWord(t, w)) this.fail(t);
    this.i++;
  }

  private group(): Command {
    this.i++;
    const body = this.body(new Set(['}']));
    this.expectWord('}');
    return { type: 'group', body, redirects: this.redirects() };
  }

  private ifClause(): Command {
    this.i++;
    const clauses: { cond: List; body: List }[] = [];
    let otherwise: List | undefined;
    for (;;) {
      const cond = this.body(new Set(['then']));
      this.expectWord('then');
      const body = this.body(new Set(['elif', 'else', 'fi']));
      clauses.push({ cond, body });
      const t = this.peek();
      this.i++;
      if (this.isWord(t, 'elif')) continue;
      if (this.isWord(t, 'else')) {
        otherwise = this.body(new Set(['fi']));
        this.expectWord('fi');
      } else if (!this.isWord(t, 'fi')) this.fail(t);
      break;
    }
    return { type: 'if', clauses, otherwise, redirects: this.redirects() };
  }

  private forClause(): Command {
    this.i++;
    const n = this.peek();
    if (n?.t !== 'word' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n.raw)) this.fail(n);
    this.i++;
    let items: Word[] | undefined;
    if (this.isOp(this.peek(), ';')) this.i++;
    this.skipNewlines();
    if (this.isWord(this.peek(), 'in')) {
      this.i++;
      items = [];
      for (let w = this.peek(); w?.t === 'word'; w = this.peek()) {
        items.push({ parts: w.parts, raw: w.raw });
        this.i++;
      }
      const sep = this.peek();
      if (this.isOp(sep, ';') || sep?.t === 'nl') this.i++;
      else this.fail(sep);
      this.skipNewlines();
    }
    this.expectWord('do');
    const body = this.body(new Set(['done']));
    this.expectWord('done');
    return { type: 'for', name: n.raw, items, body, redirects: this.redirects() };
  }

  private whileClause(until: boolean): Command {
    this.i++;
    const cond = this.body(new Set(['do']));
    this.expectWord('do');
    const body = this.body(new Set(['done']));
    this.expectWord('done');
    return { type: 'while', until, cond, body, redirects: this.redirects() };
  }

  private redirect(t: Token & { t: 'redir' }): Redirect {
    this.i++;
    const target = this.peek();
    if (target?.t !== 'word') this.fail(target);
    this.i++;
    const r: Redirect = { op: t.op, fd: t.fd, target: { parts: target.parts, raw: target.raw } };
    if (t.heredoc) r.heredoc = t.heredoc;
    return r;
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (let t = this.peek(); t?.t === 'redir'; t = this.peek()) out.push(this.redirect(t));
    return out;
  }

  private simple(): Command {
    const startAt = this.peek()?.start ?? 0;
    const assigns: Assign[] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (let t = this.peek(); t && (t.t === 'word' || t.t === 'redir'); t = this.peek()) {
      if (t.t === 'redir') {
        redirects.push(this.redirect(t));
        continue;
      }
      const m = ASSIGN.exec(t.raw);
      if (words.length === 0 && m?.[1]) {
        assigns.push({ name: m[1], value: { parts: dropPrefix(t.parts, m[1].length + 1), raw: t.raw.slice(m[0].length) } });
      } else {
        words.push({ parts: t.parts, raw: t.raw });
      }
      this.i++;
    }
    if (assigns.length === 0 && words.length === 0 && redirects.length === 0) this.fail(this.peek());
    // The line the command starts on (dash names it in messages: `sh: 2: foo: not found`).
    let line = 1;
    for (let k = this.src.indexOf('\n'); k >= 0 && k < startAt; k = this.src.indexOf('\n', k + 1)) line++;
    return { type: 'simple', assigns, words, redirects, line };
  }
}

/** Drops the first `n` characters (the `NAME=` of an assignment) from unquoted literal parts. */
function dropPrefix(parts: Part[], n: number): Part[] {
  const out = [...parts];
  while (n > 0 && out.length > 0) {
    const p = out[0];
    if (p?.k !== 'lit') break;
    if (p.text.length <= n) {
      n -= p.text.length;
      out.shift();
    } else {
      out[0] = { ...p, text: p.text.slice(n) };
      n = 0;
    }
  }
  return out;
}
