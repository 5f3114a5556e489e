/**
 * awk's number and printf formatting (POSIX awk "Output Statements", printf(3)): integral
 * values print as integers, others with CONVFMT/OFMT `%.6g`; printf and sprintf take
 * %c %d %i %o %x %X %u %e %E %f %g %G %s %% with flags, width, precision and `*`.
 */

/** C's %e exponent: at least two digits (`1e+06`). */
const cExp = (s: string) => s.replace(/e([-+])(\d)$/, 'e$10$2');

/** C's %.{prec}g of a number. */
export function fmtG(n: number, prec = 6, upper = false, alt = false): string {
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : n < 0 ? '-inf' : 'nan';
  if (n === 0) return '0';
  const p = prec === 0 ? 1 : prec;
  const exp = Math.floor(Math.log10(Math.abs(Number(n.toPrecision(p)))));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = n.toExponential(p - 1);
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    s = cExp(s);
  } else {
    s = n.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return upper ? s.toUpperCase() : s;
}

/** A number as awk turns it into a string (integral values exactly). */
export function numToStr(n: number, convfmt = '%.6g'): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  return sprintf(convfmt, [n], (v) => Number(v), (v) => String(v));
}

/** printf(3)-style formatting with awk's conversions of each argument. */
export function sprintf<V>(fmt: string, args: V[], num: (v: V) => number, str: (v: V) => string): string {
  let ai = 0;
  const next = () => args[ai++];
  return fmt.replace(/%([-+ #0]*)(\*|[0-9]+)?(?:\.(\*|[0-9]*))?([cdiouxXeEfFgGs%])/g, (all, flags: string, w: string | undefined, p: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let width = w === '*' ? num(next() as V) : w === undefined ? 0 : Number(w);
    const prec = p === '*' ? num(next() as V) : p === undefined ? undefined : Number(p || '0');
    let left = flags.includes('-');
    if (width < 0) { left = true; width = -width; }
    const a = next();
    let body: string;
    let numeric = true;
    switch (conv) {
      case 'c': {
        numeric = false;
        if (a === undefined) body = '';
        else if (typeof a === 'number') body = String.fromCharCode(a);
        else body = str(a).slice(0, 1);
        break;
      }
      case 's':
        numeric = false;
        body = a === undefined ? '' : str(a);
        if (prec !== undefined) body = body.slice(0, prec);
        break;
      case 'd':
      case 'i':
      case 'u': {
        const v = Math.trunc(a === undefined ? 0 : num(a));
        body = String(Math.abs(v));
        if (prec !== undefined) body = body.padStart(prec, '0');
        body = (v < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
        break;
      }
      case 'o':
      case 'x':
      case 'X': {
        const v = Math.trunc(a === undefined ? 0 : num(a)) >>> 0;
        body = v.toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') body = body.toUpperCase();
        break;
      }
      case 'e':
      case 'E': {
        const v = a === undefined ? 0 : num(a);
        body = cExp(v.toExponential(prec ?? 6));
        if (conv === 'E') body = body.toUpperCase();
        if (v >= 0 && flags.includes('+')) body = '+' + body;
        break;
      }
      case 'f':
      case 'F': {
        const v = a === undefined ? 0 : num(a);
        body = v.toFixed(prec ?? 6);
        if (v >= 0 && flags.includes('+')) body = '+' + body;
        break;
      }
      default: {
        const v = a === undefined ? 0 : num(a);
        body = fmtG(v, prec ?? 6, conv === 'G', flags.includes('#'));
        if (v >= 0 && flags.includes('+')) body = '+' + body;
      }
    }
    if (body.length >= width) return body;
    if (left) return body.padEnd(width);
    if (numeric && flags.includes('0')) {
      const sign = /^[-+ ]/.test(body) ? body.slice(0, 1) : '';
      return sign + body.slice(sign.length).padStart(width - sign.length, '0');
    }
    void all;
    return body.padStart(width);
  });
}
