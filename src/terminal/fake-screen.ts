/**
 * A fake terminal for the line editor's tests: a grid that interprets exactly the VT100
 * subset the editor may emit (printable text with auto-wrap and xterm's pending-wrap state,
 * CR, LF, CSI n A/B/C/D, CSI J, CSI K, CSI H, CSI 2J, SGR ignored). Any other control
 * character or sequence throws, so a test fails if the editor ever echoes one raw.
 */
import type { Screen } from './line-editor.ts';

export interface FakeScreen extends Screen {
  columns: number;
  /** Visible rows, right-trimmed, trailing empty rows removed. */
  lines(): string[];
  /** The cursor: row and column (column may equal `columns` while a wrap is pending). */
  cursor(): { row: number; col: number };
  /** Everything written, raw. */
  readonly written: string;
}

export function createFakeScreen(columns = 80): FakeScreen {
  const grid: string[][] = [[]];
  let row = 0;
  let col = 0;
  let written = '';
  const rowAt = (r: number): string[] => {
    while (grid.length <= r) grid.push([]);
    return grid[r] as string[];
  };
  const put = (ch: string, screen: FakeScreen): void => {
    if (col >= screen.columns) {
      row += 1;
      col = 0;
    }
    const cells = rowAt(row);
    while (cells.length < col) cells.push(' ');
    cells[col] = ch;
    col += 1;
  };
  const screen: FakeScreen = {
    columns,
    write(text) {
      written += text;
      let i = 0;
      while (i < text.length) {
        const ch = text[i] ?? '';
        if (ch === '\r') {
          col = 0;
        } else if (ch === '\n') {
          row += 1;
          rowAt(row);
        } else if (ch === '\x1b') {
          const m = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(text.slice(i));
          if (!m) throw new Error(`fake screen: unexpected escape ${JSON.stringify(text.slice(i, i + 8))}`);
          const n = Number(m[1] || '1');
          const final = m[2];
          if (final === 'A') row = Math.max(0, row - n);
          else if (final === 'B') row += n;
          else if (final === 'C') col = Math.min(screen.columns - 1, col + n);
          else if (final === 'D') col = Math.max(0, Math.min(col, screen.columns - 1) - n);
          else if (final === 'K') rowAt(row).length = Math.min(rowAt(row).length, col);
          else if (final === 'J' && m[1] === '2') grid.length = 0;
          else if (final === 'J') {
            rowAt(row).length = Math.min(rowAt(row).length, col);
            grid.length = Math.min(grid.length, row + 1);
          } else if (final === 'H') {
            row = 0;
            col = 0;
          } else if (final !== 'm') throw new Error(`fake screen: unsupported CSI ${m[0]}`);
          i += m[0].length;
          continue;
        } else if (ch.charCodeAt(0) < 0x20 || ch === '\x7f') {
          throw new Error(`fake screen: raw control character ${JSON.stringify(ch)}`);
        } else {
          put(ch, screen);
        }
        i += 1;
      }
    },
    lines() {
      const out = grid.map((cells) => cells.join(''));
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    },
    cursor() {
      return { row, col };
    },
    get written() {
      return written;
    },
  };
  return screen;
}
