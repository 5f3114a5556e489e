// socat's own errors (socat.c: "exactly 2 addresses required (there are N); use option "-?"
// for help", xioopen's `unknown device/address`, connect(2)'s strerror after
// `connect(5, AF=2 ADDR:PORT, 16)`, each a log line `Y/M/D h:m:s socat[PID] E ...`, exit 1)
// and what it does not simulate, said so. (A refused connect, ABORT from a port nobody serves:
// sandbox/cluster/kube-proxy/sctp.e2e.test.ts.)
import { describe, expect, it } from 'vitest';
import { createShell } from '../../session.ts';
import { testWorld } from '../../test-world.ts';

async function run(line: string) {
  const sh = createShell(testWorld(), 'node-1');
  let out = '';
  let err = '';
  const r = await sh.exec(line, (c) => { if (c.stream === 'stderr') err += c.text; else out += c.text; });
  return { status: r.status, out, err };
}

const LOG = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d socat\[\d+\] E /;

describe('socat', () => {
  it('needs exactly two addresses', async () => {
    for (const [line, n] of [['socat', 0], ['socat -', 1], ['socat - - -', 3]] as const) {
      const r = await run(line);
      expect(r.status).toBe(1);
      expect(r.err).toMatch(LOG);
      expect(r.err.replace(LOG, '')).toBe(`exactly 2 addresses required (there are ${n}); use option "-?" for help\n`);
    }
  });

  it('refuses an unknown address type and says which real ones it does not simulate', async () => {
    const unknown = await run('socat - FOO:1');
    expect([unknown.status, unknown.err.replace(LOG, '')]).toEqual([1, 'unknown device/address "FOO:1"\n']);
    expect(await run('socat - TCP:web:80')).toEqual({ status: 1, out: '', err: 'packetwalk: socat address type TCP is not simulated\n' });
    expect(await run('socat -x - SCTP:web:9')).toEqual({ status: 1, out: '', err: 'packetwalk: socat option -x is not simulated\n' });
  });
});
