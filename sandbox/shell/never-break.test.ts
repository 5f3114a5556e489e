// Limits that must end like bash, never with an exception or a wedged clock. Real references: bash 5.2's printf prints nothing for a conversion whose width or
// precision overflows int (checked: `printf "a%99999999999db\n" 1` prints `ab`, status 0);
// GNU sleep accepts `infinity` and exponents (xstrtod) and sleeps until a signal. Deep nesting,
// checked with bash 5.2.15: thousands of nested `$(...)` (quoted or not) and `$((...))` parentheses
// run; about 2,500 nested `if`s overflow its bison stack: "syntax error near unexpected token".
import { describe, expect, it } from 'vitest';
import { createShell } from './session.ts';
import { testWorld } from './test-world.ts';

async function run(line: string, interruptAfterMs?: number) {
  const world = testWorld();
  const sh = createShell(world, 'node-1');
  let out = '';
  let err = '';
  const timer = interruptAfterMs === undefined ? undefined : setTimeout(() => sh.interrupt(), interruptAfterMs);
  const r = await sh.exec(line, (c) => { if (c.stream === 'stdout') out += c.text; else err += c.text; });
  clearTimeout(timer);
  return { out, err, status: r.status, world };
}

describe('printf at its limits', () => {
  it('a width past INT_MAX prints nothing for that conversion, as bash does', async () => {
    expect(await run('printf "a%99999999999db\\n" 1')).toMatchObject({ out: 'ab\n', err: '', status: 0 });
  });
  it('a width past the memory it may use ends with an allocation error, not an exception', async () => {
    const r = await run('printf "%2000000000d" 1 | wc -c');
    expect(r.err).toBe('bash: xmalloc: cannot allocate 2000000001 bytes (simulator memory limit)\n');
    expect(r.out.trim()).toBe('0');
  });
  it('%.200f prints 200 decimals', async () => {
    expect((await run('printf "%.200f" 1')).out).toBe('1.' + '0'.repeat(200));
  });
});

describe('200,000 lines through a pipeline', () => {
  it('seq -w 1 200000 | wc -l', async () => {
    expect((await run('seq -w 1 200000 | tail -1; seq 200000 | wc -L')).out).toBe('200000\n6\n');
  }, 60_000);
});

describe('sleep keeps the clock bounded', () => {
  it('sleep 99999999999999999999 waits at the 100-year limit until Ctrl-C, in hour-long steps', async () => {
    // Ctrl-C at a virtual instant (the journal's interruptAt), so the bound is exact on any machine.
    const limit = 100 * 365.25 * 86_400_000;
    const world = testWorld();
    const sh = createShell(world, 'node-1');
    const r = await sh.exec('sleep 99999999999999999999', () => undefined, { interruptAt: limit + 86_400_000 });
    expect(r.status).toBe(130);
    expect(world.clock.ms).toBeGreaterThanOrEqual(limit + 86_400_000);
    expect(world.clock.ms).toBeLessThanOrEqual(limit + 86_400_000 + 3_600_000);
  });
  it('accepts GNU forms: infinity and exponents', async () => {
    expect((await run('sleep infinity', 20)).status).toBe(130);
    expect(await run('sleep 1e1')).toMatchObject({ status: 0, err: '' });
  });
});

describe('a command\'s walk keeps a bounded number of hops', () => {
  it('hops past TRACE_HOP_LIMIT are not recorded', async () => {
    const { hop, startTrace, traceById } = await import('../net/datapath/state.ts');
    const { TRACE_HOP_LIMIT } = await import('../net/datapath/types.ts');
    const world = testWorld();
    const ns = world.netns.get(world.machines.get('node-1')!.netns)!;
    const id = startTrace(world, 'ping 10.0.0.1');
    for (let i = 0; i < TRACE_HOP_LIMIT + 500; i++) hop(world, id, ns, 'eth0', 'ip_output', 'x');
    expect(traceById(world, id)!.hops.length).toBe(TRACE_HOP_LIMIT);
  });
});

describe('deeply nested syntax', () => {
  const nest = (open: string, mid: string, close: string, n: number) => open.repeat(n) + mid + close.repeat(n);
  it('nested command substitutions, quoted or not, run as in bash; 20,000 levels still scan', async () => {
    expect(await run(nest('echo $(', 'echo hi', ')', 1000))).toMatchObject({ out: 'hi\n', status: 0 });
    expect(await run(nest('echo "$(', 'echo hi', ')"', 1000))).toMatchObject({ out: 'hi\n', status: 0 });
    const { parse } = await import('./parser.ts');
    expect(parse(nest('echo "$(', 'echo hi', ')"', 20_000)).ok).toBe(true);
    expect(parse(nest('echo "${x:-"', 'hi', '"}"', 20_000)).ok).toBe(true);
  });
  it('compound commands nested past the parser\'s depth are a syntax error with status 2', async () => {
    expect(await run(nest('if true; then ', 'echo hi; ', 'fi; ', 3000))).toMatchObject({ out: '', err: "bash: syntax error near unexpected token `true'\n", status: 2 });
    expect(await run(nest('( ', 'echo hi', ' )', 5000))).toMatchObject({ out: '', err: "bash: syntax error near unexpected token `('\n", status: 2 });
    expect(await run(nest('{ ', 'echo hi; ', '}; ', 5000))).toMatchObject({ out: '', err: "bash: syntax error near unexpected token `{'\n", status: 2 });
    expect(await run(nest('( ', 'echo hi', ' )', 500))).toMatchObject({ out: 'hi\n', status: 0 });
  });
  it('arithmetic nested past 1,024 levels stops with bash\'s recursion message', async () => {
    const r = await run(`echo $((${nest('(', '1', ')', 5000)}))`);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/: expression recursion level exceeded \(error token is "\(+1\)+"\)\n$/);
    expect((await run(`echo $((${nest('(', '1', ')', 500)}))`)).out).toBe('1\n');
  });
});
