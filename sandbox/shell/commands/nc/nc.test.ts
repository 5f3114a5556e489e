// nc's port operands as OpenBSD netcat checks them (netcat.c build_ports: strtonum with
// 1..PORT_MAX, "port number <too large|too small|invalid>: <port>", exit 1). A port past
// 65535 used to build an array of every number up to it and throw.
import { describe, expect, it } from 'vitest';
import { createShell } from '../../session.ts';
import { testWorld } from '../../test-world.ts';

async function run(line: string) {
  const sh = createShell(testWorld(), 'node-1');
  let err = '';
  const r = await sh.exec(line, (c) => { if (c.stream === 'stderr') err += c.text; });
  return { status: r.status, err };
}

describe('nc port operands', () => {
  it('refuses a port past 65535 with strtonum\'s words', async () => {
    expect(await run('nc 10.0.0.1 99999999999999999999')).toEqual({ status: 1, err: 'nc: port number too large: 99999999999999999999\n' });
  });
  it('refuses port 0 and a range that ends past 65535', async () => {
    expect(await run('nc 10.0.0.1 0')).toEqual({ status: 1, err: 'nc: port number too small: 0\n' });
    expect(await run('nc -z 10.0.0.1 80-70000')).toEqual({ status: 1, err: 'nc: port number too large: 70000\n' });
  });
});
