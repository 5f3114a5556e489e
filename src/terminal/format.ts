/**
 * Text the line editor writes to the screen besides the line itself: command output made safe
 * for a terminal, and completion candidates laid out in columns as bash's readline lists them
 * (`man 3 readline`, "possible-completions": sorted, down the columns first).
 */

/**
 * Makes command output safe to write: LF becomes CRLF (the screen is a raw terminal), SGR
 * colour sequences pass, every other escape or control character is shown in caret notation
 * (`^[`), as `cat -v` would, so output can never move the cursor or reprogram the terminal.
 */
export function sanitizeOutput(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    const code = ch.charCodeAt(0);
    if (ch === '\n') {
      out += '\r\n';
    } else if (ch === '\t' || ch === '\r') {
      out += ch;
    } else if (ch === '\x1b') {
      const sgr = /^\x1b\[[0-9;]*m/.exec(text.slice(i, i + 32));
      if (sgr) {
        out += sgr[0];
        i += sgr[0].length - 1;
      } else {
        out += '^[';
      }
    } else if (code < 0x20) {
      out += `^${String.fromCharCode(code + 0x40)}`;
    } else if (code === 0x7f) {
      out += '^?';
    } else if (code >= 0x80 && code <= 0x9f) {
      out += `M-^${String.fromCharCode(code - 0x80 + 0x40)}`;
    } else {
      out += ch;
    }
  }
  return out;
}

/** Lays out `items` in columns for a screen `columns` wide; one CRLF-terminated string. */
export function formatColumns(items: readonly string[], columns: number): string {
  if (items.length === 0) return '';
  const sorted = [...items].sort();
  const width = Math.max(...sorted.map((item) => item.length)) + 2;
  const perRow = Math.max(1, Math.floor(columns / width));
  const rows = Math.ceil(sorted.length / perRow);
  const lines: string[] = [];
  for (let row = 0; row < rows; row += 1) {
    let line = '';
    for (let col = 0; col < perRow; col += 1) {
      const item = sorted[col * rows + row];
      if (item === undefined) continue;
      const last = (col + 1) * rows + row >= sorted.length;
      line += last ? item : item.padEnd(width);
    }
    lines.push(line.trimEnd());
  }
  return lines.map((line) => `${line}\r\n`).join('');
}

/** The longest prefix shared by all `items`. */
export function commonPrefix(items: readonly string[]): string {
  const [first, ...rest] = items;
  if (first === undefined) return '';
  let end = first.length;
  for (const item of rest) {
    let i = 0;
    while (i < end && i < item.length && item[i] === first[i]) i += 1;
    end = i;
  }
  return first.slice(0, end);
}
