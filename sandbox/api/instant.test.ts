// ExecOptions.instant: a notebook cell's waits run in virtual time (the clock jumps, the
// pacing host is never asked to wait), while lines without it stay paced as the terminal's.
import { describe, expect, it } from 'vitest';
import { createSandbox } from './sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';

/** A pacing host that records what it was asked to wait, and waits no real time. */
function pacedSandbox() {
  const asked: number[] = [];
  const sb = createSandbox({ wait: async (ms) => { asked.push(ms); return ms; } });
  sb.boot({ scenario: scenarioText('reference-lab')! });
  return { sb, paced: () => asked.reduce((a, b) => a + b, 0) };
}

const quiet = (): void => undefined;

describe('ExecOptions.instant', () => {
  it('lets `sleep 30` pass in virtual time: 30 s on the clock, nothing paced', async () => {
    const { sb, paced } = pacedSandbox();
    const r = await sb.exec('sleep 30', quiet, { instant: true });
    expect(r.status).toBe(0);
    expect(r.entry?.ms).toBe(30_000);
    expect(paced()).toBe(0);
  });

  it('leaves lines without it paced, also right after an instant one', async () => {
    const { sb, paced } = pacedSandbox();
    await sb.exec('sleep 30', quiet, { instant: true });
    const r = await sb.exec('sleep 2', quiet);
    expect(r.entry?.ms).toBe(2_000);
    expect(paced()).toBe(2_000);
  });

  it('works for a line run on another machine, and ping still prints its summary', async () => {
    const { sb, paced } = pacedSandbox();
    let out = '';
    const r = await sb.exec('ping -c 3 10.0.16.12', (c) => { out += c.text; }, { instant: true, on: 'lab-node1' });
    expect(r.entry?.ms).toBeGreaterThanOrEqual(2_000);
    expect(out).toMatch(/3 packets transmitted, 3 received/);
    expect(paced()).toBe(0);
  });
});
