// iputils' number formats: reply times by magnitude, and the statistics block with its
// loss percentage, error count, rtt line and `pipe`.
import { describe, expect, it } from 'vitest';
import { formatRtt, formatStats } from './format.ts';

describe('ping format', () => {
  it.each([[317, '0.317'], [1234, '1.23'], [12345, '12.3'], [123456, '123']])('%i us -> %s', (us, text) => {
    expect(formatRtt(us)).toBe(text);
  });
  it('prints the golden statistics for three replies', () => {
    expect(formatStats({ target: '10.244.1.3', transmitted: 3, received: 3, errors: 0, elapsedMs: 2043.9, rtts: [307, 84, 86], pipe: 1 }))
      .toBe('\n--- 10.244.1.3 ping statistics ---\n3 packets transmitted, 3 received, 0% packet loss, time 2043ms\nrtt min/avg/max/mdev = 0.084/0.159/0.307/0.104 ms\n');
  });
  it('ends with an empty line when nothing came back', () => {
    expect(formatStats({ target: 'x', transmitted: 2, received: 0, errors: 0, elapsedMs: 1019, rtts: [], pipe: 1 }))
      .toBe('\n--- x ping statistics ---\n2 packets transmitted, 0 received, 100% packet loss, time 1019ms\n\n');
  });
});
