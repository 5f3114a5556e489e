/**
 * Shell arithmetic (`$(( ))`, bash(1) "ARITHMETIC EVALUATION"), the part scripts use:
 * integers, variables, + - * / % **, comparisons, ! && ||, unary minus, parentheses,
 * `=`, `+=`, `-=`, `++`/`--` postfix is left out. Division by zero and syntax errors come
 * back as bash's message.
 */

/** Variable access for arithmetic. */
export interface ArithEnv {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

/** The value, or bash's message (`1/0: division by 0 (error token is "0")`). */
export type ArithResult = { ok: true; value: number } | { ok: false; message: string };

class ArithError {
  message: string;
  constructor(message: string) {
    this.message = message;
  }
}

const BINARY: Record<string, [number, (a: number, b: number) => number]> = {
  '||': [1, (a, b) => Number(a !== 0 || b !== 0)],
  '&&': [2, (a, b) => Number(a !== 0 && b !== 0)],
  '==': [3, (a, b) => Number(a === b)],
  '!=': [3, (a, b) => Number(a !== b)],
  '<': [4, (a, b) => Number(a < b)],
  '>': [4, (a, b) => Number(a > b)],
  '<=': [4, (a, b) => Number(a <= b)],
  '>=': [4, (a, b) => Number(a >= b)],
  '+': [5, (a, b) => (a + b) | 0],
  '-': [5, (a, b) => (a - b) | 0],
  '*': [6, (a, b) => Math.imul(a, b)],
  '/': [6, (a, b) => Math.trunc(a / b) | 0],
  '%': [6, (a, b) => a % b | 0],
  '**': [7, (a, b) => Math.pow(a, b) | 0],
};

/** Evaluates an arithmetic expression (32-bit here; bash uses 64-bit, which scripts rarely hit). */
export function arith(src: string, env: ArithEnv): ArithResult {
  const tokens = src.match(/\s*([0-9]+|[A-Za-z_][A-Za-z0-9_]*|\*\*|==|!=|<=|>=|&&|\|\||\+=|-=|[-+*/%()<>!=]|\S)/g)?.map((t) => t.trim()) ?? [];
  let i = 0;
  // The source text from token `k` on, as bash quotes it in errors.
  const rest = (k: number) => {
    const before = tokens.slice(0, k).join('');
    let pos = 0;
    for (const ch of before) pos = src.indexOf(ch, pos) + 1;
    return src.slice(pos).trim();
  };
  const errTok = () => rest(i);
  const fail = (what: string): never => {
    throw new ArithError(`${src.trim()}: ${what} (error token is "${errTok()}")`);
  };
  const value = (name: string): number => {
    const v = env.get(name) ?? '';
    if (v === '') return 0;
    const n = Number(v);
    return Number.isInteger(n) ? n : 0;
  };
  // Nesting of parentheses and unary operators. bash evaluates far deeper ones; here the
  // JavaScript stack would run out, so past this depth the evaluation stops with bash's own
  // message for an expression nested too deeply (expr.c MAX_EXPR_RECURSION_LEVEL, 1024).
  let depth = 0;
  const primary = (): number => {
    const t = tokens[i];
    if (t === undefined) return fail('syntax error: operand expected');
    if (depth >= 1024) return fail('expression recursion level exceeded');
    depth++;
    try {
      return primaryAt(t);
    } finally {
      depth--;
    }
  };
  const primaryAt = (t: string): number => {
    if (t === '(') {
      i++;
      const v = expr(0);
      if (tokens[i] !== ')') fail('missing `)\'');
      i++;
      return v;
    }
    if (t === '-' || t === '+' || t === '!') {
      i++;
      const v = primary();
      return t === '-' ? -v | 0 : t === '!' ? Number(v === 0) : v;
    }
    if (/^[0-9]+$/.test(t)) {
      i++;
      return Number(t) | 0;
    }
    if (/^[A-Za-z_]/.test(t)) {
      i++;
      const op = tokens[i];
      if (op === '=' || op === '+=' || op === '-=') {
        i++;
        const rhs = expr(0);
        const v = op === '=' ? rhs : op === '+=' ? (value(t) + rhs) | 0 : (value(t) - rhs) | 0;
        env.set(t, String(v));
        return v;
      }
      return value(t);
    }
    return fail('syntax error: operand expected');
  };
  const expr = (minPrec: number): number => {
    let left = primary();
    for (;;) {
      const op = tokens[i];
      const entry = op === undefined ? undefined : BINARY[op];
      if (!entry || entry[0] < minPrec) return left;
      i++;
      const divisorAt = i;
      const right = expr(op === '**' ? entry[0] : entry[0] + 1);
      if ((op === '/' || op === '%') && right === 0) {
        // bash names the rest of the expression from the divisor on as the error token.
        throw new ArithError(`${src.trim()}: division by 0 (error token is "${rest(divisorAt)}")`);
      }
      left = entry[1](left, right);
    }
  };
  try {
    if (tokens.length === 0) return { ok: true, value: 0 };
    const v = expr(0);
    if (i < tokens.length) fail('syntax error in expression');
    return { ok: true, value: v };
  } catch (e) {
    if (e instanceof ArithError) return { ok: false, message: e.message };
    throw e;
  }
}
