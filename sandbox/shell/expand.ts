/**
 * Word expansion in bash's order (bash(1) "EXPANSION"): tilde, parameter, command
 * substitution and arithmetic, then field splitting of unquoted results on IFS, pathname
 * expansion against the machine's files, and quote removal. Errors (`${x:?}`, a bad
 * substitution, bad arithmetic) come back as the message bash prints, never thrown.
 */
import type { Part } from './lexer.ts';
import { textParts } from './lexer.ts';
import { braceParts } from './brace.ts';
import type { Word } from './parser.ts';
import { arith } from './arith.ts';

/** What expansion reads from and writes to the shell. */
export interface ExpandEnv {
  /** A variable or special parameter (`?`, `#`, `$`, `0`, `1` ...); undefined when unset. */
  get(name: string): string | undefined;
  /** Assigns a variable (`${x:=y}`, arithmetic assignment). */
  set(name: string, value: string): void;
  /** Positional parameters $1..$n. */
  positional(): string[];
  /** Runs `src` in a subshell and returns its standard output. */
  cmdsub(src: string): Promise<string>;
  /** Paths matching a glob pattern (sorted), or none. */
  glob(pattern: string): string[];
  /** The home directory for `~`. */
  home: string;
}

/** Expansion result: fields, or the error line bash prints (without the `bash: ` prefix). */
export type Expanded<T> = { ok: true; value: T } | { ok: false; message: string };

class ExpandError {
  message: string;
  constructor(message: string) {
    this.message = message;
  }
}

/** A run of text; `split` runs came from unquoted expansions and are subject to IFS. */
interface Seg {
  text: string;
  split: boolean;
  /** Unquoted literal text: glob characters in it are live. */
  glob: boolean;
}

/** The value of a `${name op arg}` expansion. */
async function param(p: Part & { k: 'param' }, env: ExpandEnv): Promise<string> {
  if (p.name.startsWith('!bad:')) throw new ExpandError('${' + p.name.slice(5) + '}: bad substitution');
  const raw = p.name === '@' || p.name === '*' ? env.positional().join(' ') : env.get(p.name);
  const unsetOrNull = raw === undefined || raw === '';
  const argText = async () => (await expandParts(p.arg, env)).map((s) => s.text).join('');
  switch (p.op) {
    case '': return raw ?? '';
    case 'len': return String([...(raw ?? '')].length);
    case ':-': return unsetOrNull ? argText() : (raw ?? '');
    case '-': return raw === undefined ? argText() : raw;
    case ':+': return unsetOrNull ? '' : argText();
    case '+': return raw === undefined ? '' : argText();
    case ':=':
    case '=': {
      if (p.op === ':=' ? !unsetOrNull : raw !== undefined) return raw ?? '';
      const v = await argText();
      env.set(p.name, v);
      return v;
    }
    case ':?':
    case '?': {
      if (p.op === ':?' ? !unsetOrNull : raw !== undefined) return raw ?? '';
      const msg = await argText();
      throw new ExpandError(`${p.name}: ${msg === '' ? 'parameter null or not set' : msg}`);
    }
    case '#':
    case '##':
    case '%':
    case '%%': return trim(raw ?? '', await argText(), p.op);
  }
}

/** `${x#pat}` and friends: removes the shortest/longest matching prefix/suffix. */
function trim(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const re = globToRegExp(pattern);
  if (!re) return value;
  const n = value.length;
  const order = op === '#' || op === '%' ? [...Array(n + 1).keys()] : [...Array(n + 1).keys()].reverse();
  for (const len of order) {
    const piece = op.startsWith('#') ? value.slice(0, len) : value.slice(n - len);
    if (re.test(piece)) return op.startsWith('#') ? value.slice(len) : value.slice(0, n - len);
  }
  return value;
}

/**
 * A glob pattern (`*`, `?`, `[...]`, `\x`) as an anchored regular expression; undefined when
 * the bracket expression is one JavaScript rejects (`[z-a]`), which then matches nothing.
 */
export function globToRegExp(pattern: string): RegExp | undefined {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '\\' && i + 1 < pattern.length) re += escapeRe(pattern[++i] ?? '');
    else if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      const j = pattern.indexOf(']', i + 2);
      if (j < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, j).replace(/\\/g, '\\\\');
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += '[' + cls + ']';
        i = j;
      }
    } else re += escapeRe(c);
  }
  try {
    return new RegExp('^' + re + '$', 'u');
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** Expands parts into segments (no splitting yet). */
async function expandParts(parts: Part[], env: ExpandEnv): Promise<Seg[]> {
  const out: Seg[] = [];
  for (const p of parts) {
    switch (p.k) {
      case 'lit':
        out.push({ text: p.text, split: false, glob: !p.quoted });
        break;
      case 'tilde':
        out.push({ text: p.user === '' ? env.home : p.user === 'root' ? '/root' : '~' + p.user, split: false, glob: false });
        break;
      case 'param':
        out.push({ text: await param(p, env), split: !p.quoted, glob: !p.quoted });
        break;
      case 'cmdsub':
        // Trailing newlines are removed from a command substitution's output (XCU 2.6.3).
        out.push({ text: (await env.cmdsub(p.src)).replace(/\n+$/, ''), split: !p.quoted, glob: !p.quoted });
        break;
      case 'arith': {
        const src = (await expandParts(textParts(p.src), env)).map((s) => s.text).join('');
        const r = arith(src, env);
        if (!r.ok) throw new ExpandError(r.message);
        out.push({ text: String(r.value), split: !p.quoted, glob: false });
        break;
      }
    }
  }
  return out;
}

const hasGlob = (s: string) => /[*?[]/.test(s);

/** Splits segments into fields on IFS (space, tab, newline) and expands globs. */
function fields(segs: Seg[], env: ExpandEnv, wordHadQuotes: boolean): string[] {
  const out: { text: string; pattern: string; live: boolean }[] = [];
  let cur: { text: string; pattern: string; live: boolean } | undefined = wordHadQuotes ? { text: '', pattern: '', live: false } : undefined;
  for (const s of segs) {
    if (!s.split) {
      cur ??= { text: '', pattern: '', live: false };
      cur.text += s.text;
      cur.pattern += s.glob ? s.text : s.text.replace(/[*?[\\]/g, '\\$&');
      cur.live ||= s.glob && hasGlob(s.text);
      continue;
    }
    const pieces = s.text.split(/[ \t\n]+/);
    pieces.forEach((piece, idx) => {
      if (idx > 0 && cur) {
        out.push(cur);
        cur = undefined;
      }
      if (piece === '') return;
      cur ??= { text: '', pattern: '', live: false };
      cur.text += piece;
      cur.pattern += piece;
      cur.live ||= hasGlob(piece);
    });
  }
  if (cur) out.push(cur);
  return out.flatMap((f) => {
    if (!f.live) return [f.text];
    const matches = env.glob(f.pattern);
    // Without a match the pattern stays as typed (bash without nullglob).
    return matches.length > 0 ? matches : [f.text];
  });
}

/** Expands words into the argument list of a command. */
export async function expandWords(words: Word[], env: ExpandEnv): Promise<Expanded<string[]>> {
  try {
    const out: string[] = [];
    for (const w of words) {
      // "$@" makes one field per positional parameter.
      if (w.parts.length === 1 && w.parts[0]?.k === 'param' && w.parts[0].name === '@' && w.parts[0].quoted && w.parts[0].op === '') {
        out.push(...env.positional());
        continue;
      }
      for (const parts of braceParts(w.parts)) {
        const quoted = parts.some((p) => p.k === 'lit' && p.quoted);
        out.push(...fields(await expandParts(parts, env), env, quoted));
      }
    }
    return { ok: true, value: out };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Expands one word without splitting or globbing (assignments, redirection targets). */
export async function expandWord(w: Word, env: ExpandEnv): Promise<Expanded<string>> {
  try {
    return { ok: true, value: (await expandParts(w.parts, env)).map((s) => s.text).join('') };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, message: e.message };
    throw e;
  }
}

/** Expands a here-document body ($, ` and \ only; none of it when the delimiter was quoted). */
export async function expandHeredoc(body: string, quoted: boolean, env: ExpandEnv): Promise<Expanded<string>> {
  if (quoted) return { ok: true, value: body };
  try {
    const parts = textParts(body);
    return { ok: true, value: (await expandParts(parts, env)).map((s) => s.text).join('') };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, message: e.message };
    throw e;
  }
}
