// socat's address words (socat(1) ADDRESS SPECIFICATIONS): SCTP client addresses in every
// spelling, STDIO, the parameter-count error socat prints, and never an exception.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseAddress } from './address.ts';

const host = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,20}$/);
const caseOf = (s: string, bits: boolean[]) => [...s].map((c, i) => (bits[i % bits.length] ? c.toLowerCase() : c)).join('');

describe('socat addresses', () => {
  it('reads SCTP[4][-CONNECT]:host:port in any letter case, with or without options', () => {
    fc.assert(fc.property(
      fc.constantFrom('SCTP', 'SCTP4', 'SCTP-CONNECT', 'SCTP4-CONNECT'), host, fc.integer({ min: 0, max: 65535 }), fc.array(fc.boolean(), { minLength: 1 }), fc.boolean(),
      (type, h, port, bits, opts) => {
        expect(parseAddress(`${caseOf(type, bits)}:${h}:${port}${opts ? ',sndbuf=4096' : ''}`)).toEqual({ kind: 'sctp', host: h, port });
      },
    ));
  });

  it('takes - and STDIO as the terminal, and counts parameters as socat does', () => {
    expect(parseAddress('-')).toEqual({ kind: 'stdio' });
    expect(parseAddress('stdio')).toEqual({ kind: 'stdio' });
    expect(parseAddress('SCTP:web')).toEqual({ error: 'SCTP:web: wrong number of parameters (1 instead of 2)', unknown: true });
    expect(parseAddress('NOPE:1')).toEqual({ error: 'unknown device/address "NOPE:1"', unknown: true });
    expect(parseAddress('TCP:web:80')).toEqual({ error: 'socat address type TCP is not simulated', unknown: false });
  });

  it('never throws, whatever the word', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (w) => {
      const r = parseAddress(w);
      expect('kind' in r || typeof r.error === 'string').toBe(true);
    }));
  });
});
