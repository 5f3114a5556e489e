// ipvsadm 1.31's listings. The kernel the fixtures were made on has no ip_vs module, so they
// come from tests/fixtures/ipvs/ipvsadm/make-golden.py, which applies ipvsadm.c's own printf
// formats and libipvs's sort order (with C's int overflow on addresses) to the table built
// here, independently of the simulator's code.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createShell } from '../../sandbox/shell/session.ts';
import { testWorld } from '../../sandbox/shell/test-world.ts';

const DIR = join(import.meta.dirname, '../fixtures/ipvs/ipvsadm');
const read = (f: string): string => readFileSync(join(DIR, f), 'utf8');

const TABLE = [
  'ipvsadm -A -t 10.96.0.10:53 -s rr',
  'ipvsadm -a -t 10.96.0.10:53 -r 10.244.1.2:53 -m',
  'ipvsadm -a -t 10.96.0.10:53 -r 10.244.0.2:53 -m',
  'ipvsadm -A -u 10.96.0.10:53 -s rr',
  'ipvsadm -a -u 10.96.0.10:53 -r 10.244.0.2:53 -m',
  'ipvsadm -A -t 10.96.0.1:443 -s rr -p 10800',
  'ipvsadm -a -t 10.96.0.1:443 -r 10.0.16.11:6443 -m -w 1',
  'ipvsadm -A -t 203.0.113.200:80 -s rr',
];

async function shell() {
  const sh = createShell(testWorld(), 'node-1');
  const run = async (cmd: string) => {
    let out = '';
    let err = '';
    const r = await sh.exec(cmd, (c) => { if (c.stream === 'stderr') err += c.text; else out += c.text; });
    return { out, err, status: r.status };
  };
  for (const c of TABLE) expect(await run(c), c).toEqual({ out: '', err: '', status: 0 });
  return { sh, run };
}

describe('ipvsadm listings (printf formats of ipvsadm.c, tests/fixtures/ipvs/ipvsadm)', () => {
  it('lists the table, its counters, its rules and an empty connection table', async () => {
    const { sh, run } = await shell();
    expect((await run('ipvsadm -Ln')).out).toBe(read('ipvsadm-Ln.txt'));
    expect((await run('ipvsadm -L -n')).out).toBe(read('ipvsadm-Ln.txt'));
    expect((await run('ipvsadm -Ln --stats')).out).toBe(read('ipvsadm-Ln-stats.txt'));
    expect((await run('ipvsadm -S -n')).out).toBe(read('ipvsadm-Sn.txt'));
    expect((await run('ipvsadm -Lnc')).out).toBe(read('ipvsadm-Lnc.empty.txt'));
    sh.dispose();
  });

  it('answers refusals with libipvs\'s words and ipvsadm\'s statuses', async () => {
    const { sh, run } = await shell();
    // process_options returns -1 from a failed kernel call: exit status 255.
    expect(await run('ipvsadm -A -t 10.96.0.10:53 -s rr')).toEqual({ out: '', err: 'Service already exists\n', status: 255 });
    expect(await run('ipvsadm -a -t 10.9.9.9:80 -r 10.244.0.2:80 -m')).toEqual({ out: '', err: 'Service not defined\n', status: 255 });
    expect(await run('ipvsadm -d -t 10.96.0.10:53 -r 10.244.9.9:53')).toEqual({ out: '', err: 'No such destination\n', status: 255 });
    // list_service: exit(1).
    expect(await run('ipvsadm -L -n -t 10.9.9.9:80')).toEqual({ out: '', err: 'No such service\n', status: 1 });
    // fail(2, ...) for usage errors.
    expect(await run('ipvsadm -A -t 10.96.0.300:80')).toEqual({ out: '', err: 'illegal virtual server address[:port] specified\n', status: 2 });
    expect((await run('ipvsadm -A -D -t 10.96.0.1:80')).status).toBe(2);
    sh.dispose();
  });
});
