/**
 * dig, nslookup and host against captures of the real BIND 9.18.49 tools (golden/*.txt,
 * taken in a network namespace with a stand-in server answering as CoreDNS does: aa, no ra,
 * TTL 5, the cluster.local SOA, the EDNS cookie echoed). The answers here come from the
 * sandbox's own CoreDNS logic (cluster/dns/records.ts) over a view with the same Services,
 * so the test checks records and presentation together. Masked: message ids, cookies, query
 * times and dates, which vary per run.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createWorld } from '../../../fabric/world.ts';
import type { CommandContext } from '../../types.ts';
import type { DnsMessage } from '../../../wire/index.ts';
import { answerQuery } from '../../../cluster/dns/records.ts';
import type { DnsTransport } from '../../../cluster/dns/client/types.ts';
import { runDig } from './index.ts';
import { runNslookup } from '../nslookup/index.ts';
import { runHost } from '../host/index.ts';
import { standInUpstream, standInView } from '../nslookup/stand-in.ts';

// The records come from the simulator's CoreDNS under kubeadm's Corefile (`ttl 30`: records
// 30, SOA 30 with minimum 30). The golden files' stand-in server gave its records TTL 5 (the
// plugin's default) but the SOA kubeadm's 30, a mix no CoreDNS answers; `standIn` maps the
// captured record TTLs 5 to 30 so the comparison is about presentation, and the values the
// simulator really sends are asserted below it.
const view = standInView;
const upstream = standInUpstream;

const answering: DnsTransport = { query: async (_s, msg) => ({ kind: 'answer', msg: answerQuery(view, msg, upstream), ms: 0 }) };
// The stand-in answered the ExternalName `ext` with its CNAME alone: what CoreDNS answers when
// its upstream has no records for the target (backend_lookup.go A appends an empty answer).
// With records upstream CoreDNS appends them (cluster/dns records.test.ts, scenario e2e).
const noTarget = (q: DnsMessage): DnsMessage => ({ ...upstream(q), answers: [] });
const cnameAlone: DnsTransport = { query: async (_s, msg) => ({ kind: 'answer', msg: answerQuery(view, msg, noTarget), ms: 0 }) };
const transportFor = (file: string): DnsTransport => (file.endsWith('-cname') ? cnameAlone : answering);
const silent: DnsTransport = { query: async () => ({ kind: 'timeout' }) };
const refusing: DnsTransport = { query: async () => ({ kind: 'refused' }) };

async function run(fn: (ctx: CommandContext, t: DnsTransport) => Promise<number>, line: string, t = answering): Promise<{ out: string; status: number }> {
  let out = '';
  const world = createWorld(7);
  const machine = { name: 'pod', hostname: 'pod', kind: 'pod' as const, netns: 1, namedNetns: new Map(), env: new Map(),
    files: new Map([['/etc/resolv.conf', 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n']]) };
  const ctx = {
    world, machine, argv: line.split(' '), stdin: '', env: new Map(), stdout: { write: (s: string) => { out += s; } },
    stderr: { write: (s: string) => { out += s; } }, interrupted: () => false, sleep: async () => {},
  } as unknown as CommandContext;
  const status = await fn(ctx, t);
  return { out, status };
}

const mask = (s: string) => s
  .replace(/id: \d+/g, 'id: N').replace(/COOKIE: [0-9a-f]+/g, 'COOKIE: X')
  .replace(/Query time: \d+ msec/g, 'Query time: N msec').replace(/WHEN: .*/g, 'WHEN: D');
const golden = (f: string) => readFileSync(new URL(`./golden/${f}.txt`, import.meta.url), 'utf8');
/** The stand-in's record TTL 5 on cluster names, as kubeadm's CoreDNS says it (30). */
const standIn = (s: string) => s.replace(/^([^;\s]*(?:\.cluster\.local|\.in-addr\.arpa)\.\s+)5(\s+IN\s)/gm, (_m, a: string, b: string) => `${a}30${b}`);

describe('dig output matches BIND 9.18', () => {
  const cases: [string, string][] = [
    ['dig-a', 'dig web.default.svc.cluster.local'], ['dig-short', 'dig +short web.default.svc.cluster.local'],
    ['dig-search', 'dig +search web'], ['dig-nosearch', 'dig web'], ['dig-nx', 'dig nosuch.default.svc.cluster.local'],
    ['dig-srv', 'dig SRV _http._tcp.web.default.svc.cluster.local'], ['dig-x', 'dig -x 10.96.0.20'],
    ['dig-headless', 'dig +short db.default.svc.cluster.local'], ['dig-cname', 'dig ext.default.svc.cluster.local'],
    ['dig-ext', 'dig example.com'], ['dig-short-nx', 'dig +short nosuch.default.svc.cluster.local'],
    ['dig-short-srv', 'dig +short SRV _http._tcp.web.default.svc.cluster.local'], ['dig-search-nx', 'dig +search nosuch'],
    // Several names: one lookup each, in turn, a type after a name for that name only.
    ['dig-multi', 'dig web.default.svc.cluster.local db.default.svc.cluster.local'],
    ['dig-multi-types', 'dig web.default.svc.cluster.local MX db.default.svc.cluster.local'],
    ['dig-multi-short', 'dig +short db.default.svc.cluster.local TXT web.default.svc.cluster.local SRV'],
  ];
  for (const [file, line] of cases) {
    it(line, async () => {
      const r = await run(runDig, line, transportFor(file));
      expect(mask(r.out)).toBe(mask(standIn(golden(file))));
      expect(r.status).toBe(0);
    });
  }
  it('shows the TTL kubeadm\'s Corefile sets (30) on records and the SOA', async () => {
    expect((await run(runDig, 'dig web.default.svc.cluster.local')).out).toMatch(/^web\.default\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+10\.96\.0\.20$/m);
    expect((await run(runDig, 'dig nosuch.default.svc.cluster.local')).out).toMatch(/^cluster\.local\.\s+30\s+IN\s+SOA\s.* 30$/m);
  });
  it('times out three times and exits 9', async () => {
    const r = await run(runDig, 'dig @10.96.0.99 web.default.svc.cluster.local', silent);
    expect(r.out).toBe(golden('dig-timeout'));
    expect(r.status).toBe(9);
  });
  it('prints the query time in whole milliseconds, as dig.c does', async () => {
    const slow: DnsTransport = { query: async (_s, msg) => ({ kind: 'answer', msg: answerQuery(view, msg, upstream), ms: 4.37 }) };
    const r = await run(runDig, 'dig web.default.svc.cluster.local', slow);
    expect(r.out).toContain(';; Query time: 4 msec\n');
  });
  it('reports a refused port', async () => {
    const r = await run(runDig, 'dig @10.96.0.98 web.default.svc.cluster.local', refusing);
    expect(r.out).toBe(golden('dig-refused'));
  });
});

describe('nslookup (BIND) output', () => {
  const cases: [string, string, number][] = [
    ['ns-a', 'nslookup web', 0], ['ns-fq', 'nslookup web.default.svc.cluster.local', 0], ['ns-nx', 'nslookup nosuch', 1],
    ['ns-ext', 'nslookup example.com', 0], ['ns-x', 'nslookup 10.96.0.20', 0], ['ns-headless', 'nslookup db', 0],
    ['ns-cname', 'nslookup ext', 0],
  ];
  for (const [file, line, status] of cases) {
    it(line, async () => {
      const r = await run(runNslookup, line, transportFor(file));
      expect(r.out).toBe(golden(file));
      expect(r.status).toBe(status);
    });
  }
  it('times out', async () => {
    const r = await run(runNslookup, 'nslookup web 10.96.0.99', silent);
    expect(r.out).toBe(golden('ns-timeout'));
    expect(r.status).toBe(1);
  });
});

describe('host output', () => {
  const cases: [string, string, number][] = [
    ['host-a', 'host web', 0], ['host-nx', 'host nosuch', 1], ['host-srv', 'host -t SRV _http._tcp.web.default.svc.cluster.local', 0],
    ['host-x', 'host 10.96.0.20', 0], ['host-cname', 'host ext', 0], ['host-headless', 'host db.default.svc.cluster.local', 0],
    ['host-ext', 'host example.com', 0],
  ];
  for (const [file, line, status] of cases) {
    it(line, async () => {
      const r = await run(runHost, line, transportFor(file));
      expect(r.out).toBe(golden(file));
      expect(r.status).toBe(status);
    });
  }
  it('times out after two tries', async () => {
    const r = await run(runHost, 'host web 10.96.0.99', silent);
    expect(r.out.split('\n').slice(-4).join('\n')).toBe(golden('host-timeout').split('\n').slice(-4).join('\n'));
    expect(r.status).toBe(1);
  });
});

describe('record types: MX asked as MX; types the simulated DNS has no code for refused with a notice', () => {
  it('dig NAME MX asks for MX, not for a name `MX`: CoreDNS answers NODATA (plugin.MX skips Services, none is a mail server)', async () => {
    const r = await run(runDig, 'dig web.default.svc.cluster.local MX');
    expect(r.out).toContain(';web.default.svc.cluster.local.\tIN\tMX\n');
    expect(r.out).toContain('status: NOERROR');
    expect(r.out).toContain('ANSWER: 0, AUTHORITY: 1');
    expect(r.status).toBe(0);
  });
  it('host -t mx and both nslookups say there is no MX record', async () => {
    expect((await run(runHost, 'host -t mx web.default.svc.cluster.local')).out).toBe('web.default.svc.cluster.local has no MX record\n');
    expect((await run(runNslookup, 'nslookup -type=mx web.default.svc.cluster.local')).out).toContain("*** Can't find web.default.svc.cluster.local: No answer\n");
  });
  it('ANY and the other types without records here get a notice and exit 1, never a lookup of a name `ANY`', async () => {
    const notice = 'packetwalk: query type ANY is not simulated (the simulated DNS has no such records)';
    expect(await run(runDig, 'dig ANY web.default.svc.cluster.local')).toEqual({ out: `${notice}\n`, status: 1 });
    expect(await run(runDig, 'dig -t caa example.com')).toEqual({ out: 'packetwalk: query type CAA is not simulated (the simulated DNS has no such records)\n', status: 1 });
    expect(await run(runHost, 'host -t any web')).toEqual({ out: `host: ${notice}\n`, status: 1 });
    expect(await run(runNslookup, 'nslookup -type=any web')).toEqual({ out: `nslookup: ${notice}\n`, status: 1 });
  });
});
