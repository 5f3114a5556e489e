/**
 * Text the line editor writes to the screen besides the line itself: command output made safe
 * for a terminal, and completion candidates laid out in columns as bash's readline lists them
 * (`man 3 readline`, "possible-completions": sorted, down the columns first).
 */

/** Clearing the screen, as `clear` prints it (ncurses' clear: home, erase display, erase scrollback). */
const CLEAR = /^\x1b\[(?:H|2J|3J)/;

/**
 * The one sanitiser for everything written to the terminal that the page did not compose
 * itself: command output, prompts, the line being edited, completions, history, notices.
 * A terminal interprets escape sequences, so text from the simulator (or from an imported
 * progress file) could move the cursor, retitle the window or make a link (OSC 8). Every
 * control character is shown in caret notation instead (`^[`, as `cat -v` shows it).
 *
 * - `output`: LF becomes CRLF (the screen is a raw terminal), tab and CR pass, SGR colours pass,
 *   and so do the three sequences `clear` prints; nothing else.
 * - `inline` (a prompt, the line, a completion): one row of plain cells; no control passes.
 */
export function sanitize(text: string, context: 'output' | 'inline'): string {
  const output = context === 'output';
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] ?? '';
    const code = ch.charCodeAt(0);
    if (output && ch === '\n') {
      out += '\r\n';
    } else if (output && (ch === '\t' || ch === '\r')) {
      out += ch;
    } else if (ch === '\x1b') {
      const allowed = output ? (/^\x1b\[[0-9;]*m/.exec(text.slice(i, i + 32)) ?? CLEAR.exec(text.slice(i, i + 4))) : null;
      if (allowed) {
        out += allowed[0];
        i += allowed[0].length - 1;
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

/** Command output made safe to write (see `sanitize`). */
export const sanitizeOutput = (text: string): string => sanitize(text, 'output');

/** A prompt, line or completion made safe to write on one row (see `sanitize`). */
export const sanitizeInline = (text: string): string => sanitize(text, 'inline');

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
