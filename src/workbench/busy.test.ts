import { describe, expect, it } from 'vitest';
import { describeActivity } from './busy.ts';

const name = (session: string): string => `Terminal ${session}`;

describe('the workbench\'s busy status', () => {
  it('names each terminal\'s running line and how many wait behind it', () => {
    expect(describeActivity({
      type: 'activity',
      sessions: [{ session: '1', running: 'ping 10.244.1.3', waiting: 2 }, { session: '2', running: 'tcpdump -i eth0\nmore', waiting: 0 }],
    }, name)).toBe('Running Terminal 1: ping 10.244.1.3 (2 waiting); Terminal 2: tcpdump -i eth0');
  });
  it('shows replay progress first, and nothing when idle', () => {
    expect(describeActivity({ type: 'activity', sessions: [], replay: { done: 3, total: 40 } }, name)).toBe('Replaying your saved lines: 3 of 40');
    expect(describeActivity({ type: 'activity', sessions: [{ session: '1', running: undefined, waiting: 0 }] }, name)).toBe('');
  });
  it('shortens a long line', () => {
    const text = describeActivity({ type: 'activity', sessions: [{ session: '1', running: 'x'.repeat(80), waiting: 0 }] }, name);
    expect(text).toBe(`Running Terminal 1: ${'x'.repeat(39)}…`);
  });
});
