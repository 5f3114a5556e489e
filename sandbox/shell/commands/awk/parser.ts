/**
 * awk's grammar (POSIX awk "Grammar"), without user functions and getline: pattern-action
 * rules, BEGIN/END, expressions with awk's precedence (ternary, ||, &&, in, ~ !~,
 * comparisons, concatenation, + -, * / %, unary, ^, ++ --, $), arrays, and the statements
 * print, printf (with > and >>), if/else, while, do, for, for-in, next, exit, delete,
 * break, continue. A syntax error names the token mawk would name.
 */
import { AwkSyntax, lexAwk, type AwkToken } from './lexer.ts';

/** An expression. */
export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 're'; v: string }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'idx'; name: string; subs: Expr[] }
  | { k: 'assign'; op: string; target: Expr; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'match'; neg: boolean; a: Expr; re: Expr }
  | { k: 'in'; subs: Expr[]; arr: string }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'concat'; a: Expr; b: Expr };

/** Output redirection of print/printf. */
export interface Redir {
  op: '>' | '>>' | '|';
  e: Expr;
}

/** A statement. */
export type Stmt =
  | { k: 'print' | 'printf'; args: Expr[]; redir?: Redir }
  | { k: 'expr'; e: Expr }
  | { k: 'if'; c: Expr; a: Stmt; b?: Stmt }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; body: Stmt; c: Expr }
  | { k: 'for'; init?: Expr; c?: Expr; step?: Expr; body: Stmt }
  | { k: 'forin'; v: string; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' | 'break' | 'continue' }
  | { k: 'exit'; e?: Expr }
  | { k: 'delete'; arr: string; subs?: Expr[] };

/** A pattern-action rule (no pattern: every record; no action: print). */
export interface Rule {
  pattern?: Expr;
  range?: [Expr, Expr];
  body?: Stmt[];
}

/** A parsed program. */
export interface Program {
  begin: Stmt[][];
  end: Stmt[][];
  rules: Rule[];
}

const tokText = (t: AwkToken) => (t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'end of line' : t.t === 'num' ? String(t.v) : t.t === 'str' ? `"${t.v}"` : t.t === 'ere' ? `/${t.v}/` : t.v);

/** Parses a program; throws AwkSyntax (caught by the command) on error. */
export function parseAwk(src: string): Program {
  const toks = lexAwk(src);
  let i = 0;
  const peek = (o = 0): AwkToken => toks[i + o] ?? { t: 'eof' };
  const is = (t: AwkToken, v: string) => (t.t === 'op' || t.t === 'kw') && t.v === v;
  const fail = (): never => {
    throw new AwkSyntax(tokText(peek()));
  };
  const eat = (v: string) => {
    if (!is(peek(), v)) fail();
    i++;
  };
  const nls = () => {
    while (peek().t === 'nl') i++;
  };
  const optNl = () => {
    while (peek().t === 'nl' || is(peek(), ';')) i++;
  };

  const startsOperand = (t: AwkToken) =>
    t.t === 'num' || t.t === 'str' || t.t === 'ere' || t.t === 'name' || t.t === 'func' || (t.t === 'op' && ['$', '(', '!', '++', '--', '-', '+'].includes(t.v));

  function primary(): Expr {
    const t = peek();
    i++;
    switch (t.t) {
      case 'num': return { k: 'num', v: t.v };
      case 'str': return { k: 'str', v: t.v };
      case 'ere': return { k: 're', v: t.v };
      case 'func': {
        if (!is(peek(), '(')) return { k: 'call', name: t.v, args: [] };
        i++;
        const args: Expr[] = [];
        if (!is(peek(), ')')) {
          args.push(expr(false));
          while (is(peek(), ',')) { i++; nls(); args.push(expr(false)); }
        }
        eat(')');
        return { k: 'call', name: t.v, args };
      }
      case 'name': {
        if (is(peek(), '[')) {
          i++;
          const subs = [expr(false)];
          while (is(peek(), ',')) { i++; subs.push(expr(false)); }
          eat(']');
          return { k: 'idx', name: t.v, subs };
        }
        return { k: 'var', name: t.v };
      }
      case 'op':
        if (t.v === '$') return { k: 'field', e: incdec() };
        if (t.v === '(') {
          const e = expr(false);
          if (is(peek(), ',')) {
            // (a, b) in arr
            const subs = [e];
            while (is(peek(), ',')) { i++; subs.push(expr(false)); }
            eat(')');
            if (!is(peek(), 'in')) fail();
            i++;
            const arr = peek();
            if (arr.t !== 'name') fail();
            i++;
            return { k: 'in', subs, arr: (arr as { v: string }).v };
          }
          eat(')');
          return e;
        }
        if (t.v === '-' || t.v === '+' || t.v === '!') return { k: 'un', op: t.v, e: unary() };
        if (t.v === '++' || t.v === '--') return { k: 'incdec', op: t.v, prefix: true, target: lvalue(incdec()) };
    }
    i--;
    return fail();
  }
  const lvalue = (e: Expr): Expr => (e.k === 'var' || e.k === 'field' || e.k === 'idx' ? e : fail());
  function incdec(): Expr {
    const e = primary();
    const t = peek();
    if ((is(t, '++') || is(t, '--')) && (e.k === 'var' || e.k === 'field' || e.k === 'idx')) {
      i++;
      return { k: 'incdec', op: (t as { v: '++' | '--' }).v, prefix: false, target: e };
    }
    return e;
  }
  function power(): Expr {
    const base = incdec();
    if (is(peek(), '^')) {
      i++;
      return { k: 'bin', op: '^', a: base, b: unaryPow() };
    }
    return base;
  }
  const unaryPow = (): Expr => (is(peek(), '-') || is(peek(), '+') || is(peek(), '!') ? (i++, { k: 'un', op: (toks[i - 1] as { v: string }).v, e: unaryPow() }) : power());
  function unary(): Expr {
    const t = peek();
    if (is(t, '-') || is(t, '+') || is(t, '!')) {
      i++;
      return { k: 'un', op: (t as { v: string }).v, e: unary() };
    }
    return power();
  }
  function mul(): Expr {
    let a = unary();
    while (['*', '/', '%'].some((o) => is(peek(), o))) {
      const op = (toks[i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: unary() };
    }
    return a;
  }
  function add(): Expr {
    let a = mul();
    while (is(peek(), '+') || is(peek(), '-')) {
      const op = (toks[i++] as { v: string }).v;
      a = { k: 'bin', op, a, b: mul() };
    }
    return a;
  }
  function concat(noIn: boolean): Expr {
    let a = add();
    for (;;) {
      const t = peek();
      if (!startsOperand(t) || (t.t === 'op' && ['-', '+', '!'].includes(t.v)) || (noIn && is(t, 'in'))) return a;
      a = { k: 'concat', a, b: add() };
    }
  }
  function compare(noGt: boolean, noIn: boolean): Expr {
    const a = concat(noIn);
    const t = peek();
    for (const op of ['<', '<=', '==', '!=', '>=', '>']) {
      if (is(t, op) && !(noGt && op === '>')) {
        i++;
        return { k: 'bin', op, a, b: concat(noIn) };
      }
    }
    return a;
  }
  function matchE(noGt: boolean, noIn: boolean): Expr {
    let a = compare(noGt, noIn);
    while (is(peek(), '~') || is(peek(), '!~')) {
      const neg = is(peek(), '!~');
      i++;
      a = { k: 'match', neg, a, re: compare(noGt, noIn) };
    }
    return a;
  }
  function inE(noGt: boolean, noIn: boolean): Expr {
    let a = matchE(noGt, noIn);
    while (!noIn && is(peek(), 'in')) {
      i++;
      const arr = peek();
      if (arr.t !== 'name') fail();
      i++;
      a = { k: 'in', subs: [a], arr: (arr as { v: string }).v };
    }
    return a;
  }
  function and(noGt: boolean, noIn: boolean): Expr {
    let a = inE(noGt, noIn);
    while (is(peek(), '&&')) { i++; nls(); a = { k: 'bin', op: '&&', a, b: inE(noGt, noIn) }; }
    return a;
  }
  function or(noGt: boolean, noIn: boolean): Expr {
    let a = and(noGt, noIn);
    while (is(peek(), '||')) { i++; nls(); a = { k: 'bin', op: '||', a, b: and(noGt, noIn) }; }
    return a;
  }
  function ternary(noGt: boolean, noIn: boolean): Expr {
    const c = or(noGt, noIn);
    if (!is(peek(), '?')) return c;
    i++;
    const a = ternary(noGt, noIn);
    eat(':');
    return { k: 'cond', c, a, b: ternary(noGt, noIn) };
  }
  function expr(noGt: boolean, noIn = false): Expr {
    const left = ternary(noGt, noIn);
    const t = peek();
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v) && (left.k === 'var' || left.k === 'field' || left.k === 'idx')) {
      i++;
      return { k: 'assign', op: t.v, target: left, e: expr(noGt, noIn) };
    }
    return left;
  }

  function simpleStmt(): Stmt {
    const t = peek();
    if (is(t, 'print') || is(t, 'printf')) {
      i++;
      const args: Expr[] = [];
      const paren = is(peek(), '(');
      if (!is(peek(), ';') && !is(peek(), '}') && peek().t !== 'nl' && peek().t !== 'eof' && !is(peek(), '>') && !is(peek(), '|')) {
        args.push(expr(true));
        while (is(peek(), ',')) { i++; nls(); args.push(expr(true)); }
      }
      // print (a, b) parses as a grouping; mawk accepts it as the argument list.
      void paren;
      const s: Stmt = { k: (t as { v: 'print' | 'printf' }).v, args };
      for (const op of ['>>', '>', '|'] as const) {
        if (is(peek(), op)) {
          i++;
          s.redir = { op, e: concat(false) };
        }
      }
      if (s.k === 'printf' && args.length === 0) fail();
      return s;
    }
    if (is(t, 'next') || is(t, 'break') || is(t, 'continue')) { i++; return { k: (t as { v: 'next' }).v }; }
    if (is(t, 'exit')) {
      i++;
      if (is(peek(), ';') || is(peek(), '}') || peek().t === 'nl' || peek().t === 'eof') return { k: 'exit' };
      return { k: 'exit', e: expr(false) };
    }
    if (is(t, 'delete')) {
      i++;
      const n = peek();
      if (n.t !== 'name') fail();
      i++;
      if (!is(peek(), '[')) return { k: 'delete', arr: (n as { v: string }).v };
      i++;
      const subs = [expr(false)];
      while (is(peek(), ',')) { i++; subs.push(expr(false)); }
      eat(']');
      return { k: 'delete', arr: (n as { v: string }).v, subs };
    }
    if (is(t, 'getline') || is(t, 'function') || is(t, 'return')) fail();
    return { k: 'expr', e: expr(false) };
  }
  const endStmt = () => {
    if (is(peek(), ';') || peek().t === 'nl') optNl();
    else if (!is(peek(), '}') && peek().t !== 'eof') fail();
  };
  function stmt(): Stmt {
    nls();
    const t = peek();
    if (is(t, '{')) {
      i++;
      const body = stmts();
      eat('}');
      return { k: 'block', body };
    }
    if (is(t, 'if')) {
      i++;
      eat('(');
      const c = expr(false);
      eat(')');
      const a = stmt();
      optNl();
      if (is(peek(), 'else')) {
        i++;
        return { k: 'if', c, a, b: stmt() };
      }
      return { k: 'if', c, a };
    }
    if (is(t, 'while')) {
      i++;
      eat('(');
      const c = expr(false);
      eat(')');
      if (is(peek(), ';')) { i++; return { k: 'while', c, body: { k: 'block', body: [] } }; }
      return { k: 'while', c, body: stmt() };
    }
    if (is(t, 'do')) {
      i++;
      const body = stmt();
      optNl();
      if (!is(peek(), 'while')) fail();
      i++;
      eat('(');
      const c = expr(false);
      eat(')');
      endStmt();
      return { k: 'do', body, c };
    }
    if (is(t, 'for')) {
      i++;
      eat('(');
      const n = peek();
      if (n.t === 'name' && is(peek(1), 'in') && peek(2).t === 'name' && is(peek(3), ')')) {
        i += 4;
        return { k: 'forin', v: n.v, arr: (peek(-2) as { v: string }).v, body: stmt() };
      }
      const init = is(peek(), ';') ? undefined : expr(false);
      eat(';');
      nls();
      const c = is(peek(), ';') ? undefined : expr(false);
      eat(';');
      nls();
      const step = is(peek(), ')') ? undefined : expr(false);
      eat(')');
      const f: Stmt = { k: 'for', body: stmt() };
      if (init) f.init = init;
      if (c) f.c = c;
      if (step) f.step = step;
      return f;
    }
    if (is(t, ';')) {
      i++;
      return { k: 'block', body: [] };
    }
    const s = simpleStmt();
    endStmt();
    return s;
  }
  function stmts(): Stmt[] {
    const out: Stmt[] = [];
    optNl();
    while (!is(peek(), '}') && peek().t !== 'eof') {
      out.push(stmt());
      optNl();
    }
    return out;
  }
  function action(): Stmt[] {
    eat('{');
    const body = stmts();
    eat('}');
    return body;
  }

  const prog: Program = { begin: [], end: [], rules: [] };
  optNl();
  while (peek().t !== 'eof') {
    const t = peek();
    if (is(t, 'BEGIN')) { i++; nls(); prog.begin.push(action()); }
    else if (is(t, 'END')) { i++; nls(); prog.end.push(action()); }
    else if (is(t, '{')) prog.rules.push({ body: action() });
    else if (is(t, 'function')) fail();
    else {
      const pattern = expr(false);
      const rule: Rule = { pattern };
      if (is(peek(), ',')) {
        i++;
        nls();
        rule.range = [pattern, expr(false)];
        delete rule.pattern;
      }
      if (is(peek(), '{')) rule.body = action();
      prog.rules.push(rule);
    }
    optNl();
  }
  return prog;
}
