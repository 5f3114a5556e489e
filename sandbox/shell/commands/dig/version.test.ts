/**
 * The version options of BIND 9.18.49's tools (isc-projects/bind9, tag v9.18.49): dig -v
 * (bin/dig/dig.c: version() writes `DiG <PACKAGE_VERSION>` to stderr and parse_args exits with
 * EXIT_SUCCESS where -v stands; preparse_args has already rejected an unknown dash option
 * anywhere on the line), host -V (bin/dig/host.c pre_parse_args, ISC's getopt stopping at the
 * first name: `host <PACKAGE_VERSION>` on stderr) and nslookup -ver... (bin/dig/nslookup.c
 * parse_args: `nslookup <PACKAGE_VERSION>` on stderr). The node's PACKAGE_VERSION is Debian
 * 12's bind9-dnsutils 1:9.18.49-1~deb12u3 build, the string its banner shows in golden/dig-a.txt.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createWorld } from '../../../fabric/world.ts';
import type { CommandContext } from '../../types.ts';
import type { DnsTransport } from '../../../cluster/dns/client/types.ts';
import { runDig } from './index.ts';
import { runHost } from '../host/index.ts';
import { runNslookup } from '../nslookup/index.ts';

type Runner = (ctx: CommandContext, t: DnsTransport) => Promise<number>;

async function run(line: string, tool: Runner = runDig): Promise<{ out: string; err: string; status: number; queries: number }> {
  let out = '';
  let err = '';
  let queries = 0;
  const counting: DnsTransport = { query: async () => { queries++; return { kind: 'timeout' }; } };
  const machine = { name: 'n', hostname: 'n', kind: 'node' as const, netns: 1, namedNetns: new Map(), env: new Map(),
    files: new Map([['/etc/resolv.conf', 'nameserver 10.96.0.10\n']]) };
  const ctx = {
    world: createWorld(3), machine, argv: line.split(' '), stdin: '', env: new Map(),
    stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } },
    interrupted: () => false, sleep: async () => {},
  } as unknown as CommandContext;
  const status = await tool(ctx, counting);
  return { out, err, status, queries };
}

/** The version in the banner the real dig printed (`; <<>> DiG 9.18.49-1~deb12u3-Debian <<>> ...`). */
const capturedVersion = /; <<>> DiG (\S+) <<>>/.exec(readFileSync(new URL('./golden/dig-a.txt', import.meta.url), 'utf8'))![1];

describe('dig -v (bin/dig/dig.c version())', () => {
  it('prints DiG and the version the captured banner shows, on stderr, and exits 0 without a query', async () => {
    const r = await run('dig -v');
    expect(r.err).toBe(`DiG ${capturedVersion}\n`);
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
    expect(r.queries).toBe(0);
  });
  it('acts where it stands: names and +options before it do not query', async () => {
    const r = await run('dig +short web.default.svc.cluster.local -v');
    expect(r.err).toBe(`DiG ${capturedVersion}\n`);
    expect(r.queries).toBe(0);
  });
  it('an invalid +option before -v fails first (parse_args reads in order)', async () => {
    const r = await run('dig +bogus -v');
    expect(r.err).toBe('Invalid option: +bogus\n');
    expect(r.status).toBe(1);
  });
  it('an unknown dash option after -v still fails (preparse_args checks them all first)', async () => {
    const r = await run('dig -v -z');
    expect(r.err).toBe('Invalid option: -z\n');
    expect(r.status).toBe(1);
  });
});

describe('host -V and nslookup -version (bin/dig/host.c, nslookup.c version())', () => {
  it('host -V prints host and the version on stderr and exits 0 without a query', async () => {
    expect(await run('host -V', runHost)).toEqual({ out: '', err: `host ${capturedVersion}\n`, status: 0, queries: 0 });
    expect((await run('host -t A -V', runHost)).err).toBe(`host ${capturedVersion}\n`);
  });
  it('host reads options only before the first name: after it, -V is the server', async () => {
    const r = await run('host web -V', runHost);
    expect(r.err).not.toContain(capturedVersion);
    expect(r.queries).toBeGreaterThan(0);
  });
  it('nslookup -version (any word starting -ver) prints nslookup and the version on stderr', async () => {
    expect(await run('nslookup -version', runNslookup)).toEqual({ out: '', err: `nslookup ${capturedVersion}\n`, status: 0, queries: 0 });
    expect((await run('nslookup web -VER', runNslookup)).err).toBe(`nslookup ${capturedVersion}\n`);
  });
});
