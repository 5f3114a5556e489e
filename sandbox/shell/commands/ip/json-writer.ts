/**
 * iproute2's JSON output (lib/json_writer.c), shared by `ip -j` and `bridge -j`: compact
 * without -p; with -p (pretty) each object member on its own line indented four spaces per
 * depth, arrays opened with `[ ` and closed with ` ]`, their plain values kept on one line
 * separated by bare commas (`[ "UP","LOWER_UP" ]`), objects in an array joined as `},{`, an
 * empty array `[ ]`. The document ends with a newline.
 */

/** A JSON value as iproute2 emits it (object members keep their insertion order). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The text of `value` as json_writer writes it (with the final newline). */
export function formatJson(value: JsonValue, pretty: boolean): string {
  let out = '';
  let depth = 0;
  let sep = '';
  const eol = () => {
    if (pretty) out += '\n' + '    '.repeat(depth);
  };
  const eor = () => {
    out += sep;
    sep = ',';
  };
  const write = (v: JsonValue): void => {
    if (Array.isArray(v)) {
      eor();
      out += '[';
      depth++;
      sep = '';
      if (pretty) out += ' ';
      for (const x of v) write(x);
      if (pretty && sep) out += ' ';
      sep = '';
      depth--;
      out += ']';
      sep = ',';
    } else if (v !== null && typeof v === 'object') {
      eor();
      out += '{';
      depth++;
      sep = '';
      for (const [k, x] of Object.entries(v)) {
        eor();
        eol();
        sep = '';
        out += `${JSON.stringify(k)}:${pretty ? ' ' : ''}`;
        write(x);
      }
      depth--;
      if (sep) eol();
      out += '}';
      sep = ',';
    } else {
      eor();
      out += JSON.stringify(v);
    }
  };
  write(value);
  return out + '\n';
}
