/**
 * JSON decoding with Go's encoding/json error words (scanner.go), because the plugins and
 * the runtime are Go programs and a learner who breaks a config file reads Go's message:
 * `invalid character '}' looking for beginning of object key string`, `unexpected end of
 * JSON input`. The scan follows the grammar only far enough to find the first error.
 */

/** Go's %q-like quoting of the offending character, as scanner.go's quoteChar does. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  return `'${c}'`;
}

/** The first syntax error in `text` in Go's words, or undefined when it is valid JSON. */
export function goJsonError(text: string): string | undefined {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++; };
  const bad = (context: string): string => (i >= text.length ? 'unexpected end of JSON input' : `invalid character ${quoteChar(text[i]!)} ${context}`);
  const value = (): string | undefined => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return undefined; }
      for (;;) {
        ws();
        if (text[i] !== '"') return bad('looking for beginning of object key string');
        const s = string(); if (s) return s;
        ws();
        if (text[i] !== ':') return bad('after object key');
        i++;
        const v = value(); if (v) return v;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return undefined; }
        return bad('after object key:value pair');
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return undefined; }
      for (;;) {
        const v = value(); if (v) return v;
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return undefined; }
        return bad('after array element');
      }
    }
    if (c === '"') return string();
    if (c !== undefined && /[-0-9]/.test(c)) {
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i));
      if (!m || m[0] === '-') { i += 1; return bad('in numeric literal'); }
      i += m[0].length;
      return undefined;
    }
    for (const lit of ['true', 'false', 'null']) {
      if (c === lit[0]) {
        for (let k = 0; k < lit.length; k++, i++) {
          if (text[i] !== lit[k]) return bad(`in literal ${lit} (expecting ${quoteChar(lit[k]!)})`);
        }
        return undefined;
      }
    }
    return bad('looking for beginning of value');
  };
  const string = (): string | undefined => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) return bad('in string literal');
      i++;
    }
    if (i >= text.length) return 'unexpected end of JSON input';
    i++;
    return undefined;
  };
  const err = value();
  if (err) return err;
  ws();
  return i < text.length ? bad('after top-level value') : undefined;
}

/** Parses `text` as Go would: the value, or Go's error words. */
export function goJsonParse(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const err = goJsonError(text);
  if (err) return { ok: false, error: err };
  return { ok: true, value: JSON.parse(text) as unknown };
}
