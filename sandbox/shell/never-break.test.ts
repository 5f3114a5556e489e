// Limits that must end like bash, never with an exception or a wedged clock. Real references: bash 5.2's printf prints nothing for a conversion whose width or
// precision overflows int (checked: `printf "a%99999999999db\n" 1` prints `ab`, status 0);
// GNU sleep accepts `infinity` and exponents (xstrtod) and sleeps until a signal.
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
