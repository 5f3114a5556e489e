/**
 * awk's tokens (POSIX awk "Lexical Conventions"): numbers, strings with escapes, regular
 * expression literals (recognised only where an operand may start, which is how awk
 * tells `/re/` from division), names, builtin function names, keywords and operators.
 * Newlines are tokens: they end statements.
 */

/** One token. */
export type AwkToken =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'ere'; v: string }
  | { t: 'name'; v: string }
  | { t: 'func'; v: string }
  | { t: 'kw'; v: string }
  | { t: 'op'; v: string }
  | { t: 'nl' }
  | { t: 'eof' };

const KEYWORDS = new Set(['BEGIN', 'END', 'print', 'printf', 'if', 'else', 'while', 'for', 'do', 'next', 'exit', 'in', 'delete', 'break', 'continue', 'getline', 'function', 'return']);
const FUNCS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'tolower', 'toupper', 'sprintf', 'int', 'match', 'sqrt', 'log', 'exp', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~',
  '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '=', ',', ';', '{', '}', '(', ')', '[', ']'];

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** A lexing failure: the text near which mawk would report a syntax error. */
export class AwkSyntax {
  near: string;
  /** A complete message instead of "syntax error at or near X" (runaway strings). */
  message: string | undefined;
  constructor(near: string, message?: string) {
    this.near = near;
    this.message = message;
  }
}

/** Tokenizes an awk program. */
export function lexAwk(src: string): AwkToken[] {
  const out: AwkToken[] = [];
  let i = 0;
  // A `/` starts a regex where an operand is expected (after an operator, `(`, `,`, start ...).
  const operandExpected = () => {
    const last = out[out.length - 1];
    if (!last) return true;
    if (last.t === 'op') return last.v !== ')' && last.v !== ']' && last.v !== '++' && last.v !== '--';
    return last.t === 'nl' || (last.t === 'kw' && last.v !== 'getline');
  };
  while (i < src.length) {
    const c = src[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (c === '\n') { out.push({ t: 'nl' }); i++; continue; }
    if (/[0-9.]/.test(c) && /^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?|^[0-9]+\.?/.test(src.slice(i))) {
      const m = /^([0-9]*\.?[0-9]*([eE][-+]?[0-9]+)?)/.exec(src.slice(i));
      const text = m?.[1] ?? '';
      if (text !== '' && text !== '.') {
        out.push({ t: 'num', v: Number(text) });
        i += text.length;
        continue;
      }
    }
    if (c === '"') {
      let v = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === '\n') throw new AwkSyntax('"', 'runaway string constant "' + v.slice(0, 10) + ' ...');
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[++j] ?? '';
          v += ESC[e] ?? '\\' + e;
        } else v += src[j];
      }
      if (j >= src.length) throw new AwkSyntax('"', 'runaway string constant "' + v.slice(0, 10) + ' ...');
      out.push({ t: 'str', v });
      i = j + 1;
      continue;
    }
    if (c === '/' && operandExpected()) {
      let v = '';
      let j = i + 1;
      let inBracket = false;
      for (; j < src.length; j++) {
        const d = src[j] ?? '';
        if (d === '\n') throw new AwkSyntax('/', 'runaway regular expression /' + v.slice(0, 10) + ' ...');
        if (d === '\\' && j + 1 < src.length) { v += src[j + 1] === '/' ? '/' : d + src[j + 1]; j++; continue; }
        if (d === '[') inBracket = true;
        else if (d === ']') inBracket = false;
        else if (d === '/' && !inBracket) break;
        v += d;
      }
      if (j >= src.length) throw new AwkSyntax('/', 'runaway regular expression /' + v.slice(0, 10) + ' ...');
      out.push({ t: 'ere', v });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      const w = m?.[0] ?? c;
      out.push(KEYWORDS.has(w) ? { t: 'kw', v: w } : FUNCS.has(w) ? { t: 'func', v: w } : { t: 'name', v: w });
      i += w.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntax(c);
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  out.push({ t: 'eof' });
  return out;
}
