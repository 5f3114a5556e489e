// Counter columns of `iptables -L -v` (xshared.c print_num): 5 columns up to 99999, then
// K/M/G/T with rounding in 4 columns; exact 8-column numbers with -x; unpadded in headers.
import { describe, expect, it } from 'vitest';
import { num } from './list.ts';

describe('print_num', () => {
  it('scales like iptables', () => {
    const f = { exact: false };
    expect(num(0, f)).toBe('    0 ');
    expect(num(99999, f)).toBe('99999 ');
    expect(num(100000, f)).toBe(' 100K ');
    expect(num(123456, f)).toBe(' 123K ');
    expect(num(9999499, f)).toBe('9999K ');
    expect(num(12345678, f)).toBe('  12M ');
    expect(num(5_000_000_000, f)).toBe('5000M ');
    expect(num(50_000_000_000, f)).toBe('  50G ');
    expect(num(1234567, { exact: true })).toBe(' 1234567 ');
    expect(num(123456, f, false)).toBe('123K ');
  });
});
