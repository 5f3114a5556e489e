// ss's column layout (iproute2 6.1 misc/ss.c render(): widths from the widest cell or header,
// addresses right-aligned, the header's last cell unpadded), against what real ss printed in
// a namespace (tests/fixtures/node-tools/captures/ss-tln.txt, ss-tan.txt).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderSs } from './columns.ts';

const cap = (n: string) => readFileSync(new URL(`../../../../tests/fixtures/node-tools/captures/${n}.txt`, import.meta.url), 'utf8');

describe('renderSs', () => {
  it('lays out one listener as ss -tln did', () => {
    expect(renderSs([['tcp', 'LISTEN', '0', '5', '0.0.0.0:', '8080', '0.0.0.0:', '*', '']], false, false)).toBe(cap('ss-tln'));
  });
  it('widens State and the ports for TIME-WAIT rows as ss -tan did', () => {
    const rows: Parameters<typeof renderSs>[0] = [
      ['tcp', 'LISTEN', '0', '5', '0.0.0.0:', '8080', '0.0.0.0:', '*', ''],
      ['tcp', 'TIME-WAIT', '0', '0', '127.0.0.1:', '8080', '127.0.0.1:', '53840', ''],
      ['tcp', 'TIME-WAIT', '0', '0', '10.244.1.2:', '44602', '10.244.1.3:', '8080', ''],
    ];
    expect(renderSs(rows, false, false)).toBe(cap('ss-tan'));
  });
  it('shows Netid when asked and drops the header with -H', () => {
    const row: Parameters<typeof renderSs>[0][number] = ['udp', 'UNCONN', '0', '0', '0.0.0.0:', '53', '0.0.0.0:', '*', ''];
    expect(renderSs([row], true, true)).toBe('udp   UNCONN 0      0            0.0.0.0:53        0.0.0.0:*          \n');
  });
});
