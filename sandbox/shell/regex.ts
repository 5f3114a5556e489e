/**
 * POSIX regular expressions (regex(7)) as GNU grep and awk read them, translated to
 * JavaScript: basic (BRE, grep's default: `\(\)`, `\{m,n\}`, and GNU's `\| \+ \?`) and
 * extended (ERE, `grep -E`, awk). Bracket expressions keep their POSIX meaning (`[[:space:]]`,
 * a backslash is literal inside). Bad patterns get GNU regcomp's message.
 */

/** A compiled pattern, or GNU's error text (`Unmatched ( or \\(`). */
export type CompiledRegex = { ok: true; re: RegExp } | { ok: false; message: string };

const CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f\\x7f', xdigit: '0-9A-Fa-f',
};

/** Translates a bracket expression starting at `i` (at `[`); returns the JS class and the next index. */
function bracket(p: string, i: number): { js: string; next: number } | undefined {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  while (j < p.length) {
    const c = p[j] ?? '';
    if (c === ']' && !first) return { js: out + ']', next: j + 1 };
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const end = p.indexOf(':]', j + 2);
      if (end < 0) return undefined;
      const cls = CLASSES[p.slice(j + 2, end)];
      if (cls === undefined) return undefined;
      out += cls;
      j = end + 2;
      continue;
    }
    out += c === '\\' || c === ']' || c === '[' || c === '^' ? '\\' + c : c;
    j++;
  }
  return undefined;
}

const JS_SPECIAL = /[.*+?^${}()|[\]\\/]/;

/** Translates a POSIX pattern to a JS source string, or returns GNU's error message. */
export function translate(p: string, extended: boolean): { ok: true; src: string } | { ok: false; message: string } {
  let out = '';
  let depth = 0;
  let atStart = true;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] ?? '';
    const start = atStart;
    atStart = false;
    if (c === '[') {
      const b = bracket(p, i);
      if (!b) return { ok: false, message: 'Unmatched [, [^, [:, [., or [=' };
      out += b.js;
      i = b.next - 1;
      continue;
    }
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) return { ok: false, message: 'Trailing backslash' };
      i++;
      if (n === '<' || n === '>' || n === 'b') out += '\\b';
      else if (n === 'w' || n === 'W' || n === 's' || n === 'S' || n === 'B') out += '\\' + n;
      else if (!extended && (n === '(' || n === ')')) {
        depth += n === '(' ? 1 : -1;
        if (depth < 0) return { ok: false, message: 'Unmatched ) or \\)' };
        out += n;
        atStart = n === '(';
      } else if (!extended && (n === '{' || n === '}')) out += n;
      else if (!extended && (n === '|' || n === '+' || n === '?')) {
        out += n;
        atStart = n === '|';
      } else if (/[0-9]/.test(n)) out += '\\' + n;
      else out += JS_SPECIAL.test(n) ? '\\' + n : n;
      continue;
    }
    if (extended) {
      if (c === '(') { depth++; atStart = true; out += c; continue; }
      if (c === ')') {
        depth--;
        if (depth < 0) return { ok: false, message: 'Unmatched ) or \\)' };
        out += c;
        continue;
      }
      if (c === '|') { atStart = true; out += c; continue; }
      if (c === '{' && !/^\{[0-9]+(,[0-9]*)?\}/.test(p.slice(i))) { out += '\\{'; continue; }
      if ((c === '*' || c === '+' || c === '?') && start) { out += '\\' + c; continue; }
      if (c === '/') { out += '\\/'; continue; }
      out += c;
      continue;
    }
    // BRE: only . * [ ^ $ \ are special; * at the start is literal; ^ and $ anchor only at the ends.
    if (c === '*' && start) out += '\\*';
    else if (c === '^' && !start) out += '\\^';
    else if (c === '$' && i !== p.length - 1 && !(p.slice(i + 1, i + 3) === '\\)' || p.slice(i + 1, i + 3) === '\\|')) out += '\\$';
    else if (c === '^') { out += c; atStart = true; }
    else if ('+?(){}|/'.includes(c)) out += '\\' + c;
    else out += c;
  }
  if (depth > 0) return { ok: false, message: 'Unmatched ( or \\(' };
  return { ok: true, src: out };
}

/** Compiles a POSIX pattern; `flags` are JS flags (`i`, `g`). */
export function compile(p: string, extended: boolean, flags = ''): CompiledRegex {
  const t = translate(p, extended);
  if (!t.ok) return t;
  try {
    return { ok: true, re: new RegExp(t.src, flags) };
  } catch (e) {
    if (e instanceof SyntaxError) return { ok: false, message: 'Invalid regular expression' };
    throw e;
  }
}
