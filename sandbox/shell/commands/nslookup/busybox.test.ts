/**
 * BusyBox's nslookup against captures of the real applet (golden/, busybox 1.35.0, taken
 * against a server answering with the sandbox's own CoreDNS logic over the same stand-in
 * cluster, ../stand-in.ts), then in a booted cluster: the busybox image runs this applet and
 * images with BIND's tools keep BIND's.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { createWorld } from '../../../fabric/world.ts';
import type { CommandContext } from '../../types.ts';
import { answerQuery } from '../../../cluster/dns/records.ts';
import type { DnsTransport } from '../../../cluster/dns/client/types.ts';
import { runBusyboxNslookup } from './busybox.ts';
import { standInUpstream, standInView } from './stand-in.ts';
import { bootScenario } from '../../../scenarios/index.ts';
import { scenarioText } from '../../../../scripts/lesson-files.ts';
import { createShell } from '../../session.ts';

const answering: DnsTransport = { query: async (_s, msg) => ({ kind: 'answer', msg: answerQuery(standInView, msg, standInUpstream), ms: 1 }) };
const refusing: DnsTransport = { query: async () => ({ kind: 'refused' }) };
const silent: DnsTransport = { query: async () => ({ kind: 'timeout' }) };

const RESOLV = 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';

async function run(args: string[], t = answering): Promise<{ out: string; err: string; status: number; slept: number }> {
  let out = '';
  let err = '';
  let slept = 0;
  const world = createWorld(7);
  const machine = { name: 'bb', hostname: 'bb', kind: 'pod' as const, netns: 1, namedNetns: new Map(), env: new Map(), files: new Map([['/etc/resolv.conf', RESOLV]]) };
  const ctx = {
    world, machine, argv: ['nslookup', ...args], stdin: '', env: new Map(),
    stdout: { write: (s: string) => { out += s; } }, stderr: { write: (s: string) => { err += s; } },
    interrupted: () => false, sleep: async (ms: number) => { slept += ms; },
  } as unknown as CommandContext;
  const status = await runBusyboxNslookup(ctx, t);
  return { out, err, status, slept };
}

const file = (name: string): string => {
  const path = new URL(`./golden/${name}`, import.meta.url);
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
};
const golden = (stem: string) => ({ out: file(`${stem}.txt`), err: file(`${stem}.stderr.txt`), status: Number(file(`${stem}.status`)) });
const maskDebug = (s: string) => s.replace(/completed in \d+ms/g, 'completed in Nms');

describe('busybox nslookup against the real applet (golden/bb-*)', () => {
  // The arguments each capture was taken with (tests/fixtures/busybox-nslookup/capture.sh).
  const cases: [string, string[], DnsTransport?][] = [
    ['bb-a', ['web']], ['bb-dotted', ['web.default']], ['bb-fq', ['web.default.svc.cluster.local']],
    ['bb-fq-dot', ['web.default.svc.cluster.local.']], ['bb-headless', ['db']], ['bb-cname', ['ext']], ['bb-nx', ['nope']],
    ['bb-ext', ['example.com']], ['bb-x', ['10.96.0.20']], ['bb-x-nx', ['10.1.2.3']],
    ['bb-srv', ['-type=srv', '_http._tcp.web.default.svc.cluster.local']], ['bb-aaaa', ['-type=aaaa', 'web']],
    ['bb-server', ['web', '10.96.0.10']], ['bb-badtype', ['-type=bogus', 'web']], ['bb-usage', []],
    ['bb-debug', ['-debug', 'web']], ['bb-ptr', ['-type=ptr', '10.96.0.20']], ['bb-soa', ['-type=soa', 'cluster.local']],
    ['bb-ns', ['-type=ns', 'cluster.local']], ['bb-txt', ['-type=txt', 'web']], ['bb-many', ['web', '10.96.0.10', 'extra']],
    ['bb-refused', ['web'], refusing], ['bb-refused-one', ['-type=a', 'web.default.svc.cluster.local'], refusing],
    ['bb-timeout', ['web'], silent],
  ];
  it.each(cases)('%s', async (stem, args, transport) => {
    const r = await run(args, transport);
    const g = golden(stem);
    expect(maskDebug(r.out)).toBe(maskDebug(g.out));
    expect(r.err).toBe(g.err);
    expect(r.status).toBe(g.status);
  });

  it('a single refused query waits out the timeout (5 s) as the applet did; several end at once', async () => {
    expect((await run(['-type=a', 'web.default.svc.cluster.local'], refusing)).slept).toBe(5000);
    expect((await run(['web'], refusing)).slept).toBe(0);
  });
});

describe('busybox nslookup in a cluster', () => {
  async function cluster() {
    const r = bootScenario(scenarioText('default')!, 1);
    if (typeof r === 'string') throw new Error(r);
    const sh = createShell(r.world, 'node-1');
    const exec = async (line: string) => {
      let out = '';
      let err = '';
      const report = await sh.exec(line, (c) => { if (c.stream === 'stderr') err += c.text; else out += c.text; });
      return { out, err, status: report.status };
    };
    expect((await exec('kubectl run bb --image=busybox -- sleep 1d')).status).toBe(0);
    return exec;
  }

  it('the busybox image runs the applet; netshoot, with BIND\'s tools, runs BIND\'s nslookup', async () => {
    const exec = await cluster();
    const bb = await exec('kubectl exec bb -- nslookup kubernetes');
    expect(bb.out.split('\n').slice(0, 5)).toEqual(['Server:\t\t10.96.0.10', 'Address:\t10.96.0.10:53', '', 'Name:\tkubernetes.default.svc.cluster.local', 'Address: 10.96.0.1']);
    expect(bb.status).toBe(1); // kubernetes.svc.cluster.local and the AAAA lookups fail
    // The classic: a name with a dot is not searched, so `kubernetes.default` is not found.
    expect((await exec('kubectl exec bb -- nslookup kubernetes.default')).out).toContain("** server can't find kubernetes.default: NXDOMAIN\n");
    const bind = await exec('kubectl exec toolbox -c netshoot -- nslookup kubernetes.default');
    expect(bind.out).toContain('Address:\t10.96.0.10#53\n');
    expect(bind.out).toContain('Name:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n');
  });

  it('a server given by name goes through the pod\'s resolver; one that does not resolve is a bad address (bb-badserver)', async () => {
    const exec = await cluster();
    const named = await exec('kubectl exec bb -- nslookup kubernetes.default.svc.cluster.local kube-dns.kube-system');
    expect(named.out).toContain('Server:\t\t10.96.0.10\n');
    expect(named.status).toBe(0);
    const bad = await exec('kubectl exec bb -- nslookup web not-an-ip');
    const g = golden('bb-badserver');
    expect(bad.out).toBe(g.out);
    expect(bad.err.split('\n')[0]).toBe(g.err.trimEnd());
    expect(bad.status).toBe(g.status);
  });

  it('any command line ends with the applet\'s exit status and never throws', async () => {
    const exec = await cluster();
    const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
    const word = fc.oneof(fc.constantFrom('-type=a', '-type=srv', '-t=ns', '-query=ptr', '-debug', '-d', '-port=53', '-port=5353', '-retry=1',
      '-timeout=1', '-timeout=x', '-type', '-', '--help', '-type=mx', 'kubernetes', 'kube-dns.kube-system', '10.96.0.1', 'nope.', ''), fc.string({ maxLength: 12 }));
    await fc.assert(fc.asyncProperty(fc.array(word, { maxLength: 4 }), async (args) => {
      const r = await exec(`kubectl exec bb -- nslookup ${args.map(quote).join(' ')}`);
      expect([0, 1]).toContain(r.status);
      expect(r.err).not.toMatch(/simulator bug|TypeError|undefined/);
    }), { numRuns: 1000 });
  });
});
