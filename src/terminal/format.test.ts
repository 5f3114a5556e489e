import { describe, expect, it } from 'vitest';
import { commonPrefix, formatColumns, sanitizeInline, sanitizeOutput } from './format.ts';

describe('sanitizeOutput', () => {
  it('turns LF into CRLF and keeps tabs', () => {
    expect(sanitizeOutput('a\tb\nc\n')).toBe('a\tb\r\nc\r\n');
  });
  it('keeps SGR colours but shows other escapes in caret notation', () => {
    expect(sanitizeOutput('\x1b[1;31mred\x1b[0m')).toBe('\x1b[1;31mred\x1b[0m');
    expect(sanitizeOutput('\x1b[5A\x1b]0;t\x07')).toBe('^[[5A^[]0;t^G');
  });
  it('lets through what `clear` prints, and nothing more', () => {
    expect(sanitizeOutput('\x1b[H\x1b[2J\x1b[3J')).toBe('\x1b[H\x1b[2J\x1b[3J');
    expect(sanitizeOutput('\x1b[2;5H\x1b[1J')).toBe('^[[2;5H^[[1J');
  });
  it('shows an OSC 8 hyperlink as text, so it never becomes a link', () => {
    expect(sanitizeOutput('\x1b]8;;https://example.com\x1b\\evil\x1b]8;;\x1b\\')).toBe('^[]8;;https://example.com^[\\evil^[]8;;^[\\');
  });
  it('shows DEL and C1 controls visibly', () => {
    expect(sanitizeOutput('a\x7fb\x9bc')).toBe('a^?bM-^[c');
  });
});

describe('sanitizeInline', () => {
  it('passes no control at all: a prompt or line stays one row of plain cells', () => {
    expect(sanitizeInline('\x1b]8;;http://x\x07root\x1b]8;;\x07@node-1:~# ')).toBe('^[]8;;http://x^Groot^[]8;;^G@node-1:~# ');
    expect(sanitizeInline('a\nb\tc\x1b[31m')).toBe('a^Jb^Ic^[[31m');
  });
});

describe('formatColumns', () => {
  it('sorts and fills columns top to bottom like readline', () => {
    const items = ['e', 'd', 'c', 'b', 'a'];
    // width 3 per column, 7 columns fit 2 per row -> 3 rows.
    expect(formatColumns(items, 7)).toBe('a  d\r\nb  e\r\nc\r\n');
  });
  it('puts one item per row when the screen is narrower than an item', () => {
    expect(formatColumns(['long-name', 'other'], 4)).toBe('long-name\r\nother\r\n');
  });
});

describe('commonPrefix', () => {
  it('finds the shared start', () => {
    expect(commonPrefix(['iptables', 'iptables-save', 'ipt'])).toBe('ipt');
    expect(commonPrefix([])).toBe('');
    expect(commonPrefix(['a', 'b'])).toBe('');
  });
});
