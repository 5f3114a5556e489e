// `-m recent`: parsing and printing as iptables 1.8.9 does (outputs captured from a real
// iptables 1.8.9 nf_tables in a scratch namespace), xt_recent's list semantics, and
// kube-proxy's ClientIP session affinity chains pinning one client to one endpoint.
import { describe, expect, it } from 'vitest';
import { advance } from '../../core/index.ts';
import { formatIpv4 } from '../../wire/index.ts';
import { parseCommand, type ParseError, type ParsedCommand } from './parse.ts';
import { saveRule } from './save.ts';
import { nfHook } from './hook.ts';
import { iptablesRestore } from './restore.ts';
import { formatRecentList, printRecent } from './recent.ts';
import { ip, ipt, node, tcp } from './test-helper.ts';
import type { RecentMatch } from './types.ts';

const parse = (line: string): ParsedCommand | ParseError => parseCommand(line.split(' '));
const saved = (line: string): string => {
  const pc = parse(line);
  if ('message' in pc) throw new Error(pc.message);
  return saveRule(pc.chain!, pc.rules[0]!);
};

describe('-m recent options', () => {
  it('prints rules as iptables-save does: command, seconds, reap, hitcount, rttl, name, mask, side', () => {
    expect(saved('-A KUBE-SVC-X -m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap -j KUBE-SEP-X'))
      .toBe('-A KUBE-SVC-X -m recent --rcheck --seconds 10800 --reap --name KUBE-SEP-X --mask 255.255.255.255 --rsource -j KUBE-SEP-X');
    expect(saved('-A KUBE-SEP-X -m recent --name KUBE-SEP-X --set -m tcp -p tcp -j DNAT --to-destination 10.0.0.1:80'))
      .toBe('-A KUBE-SEP-X -p tcp -m recent --set --name KUBE-SEP-X --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.0.0.1:80');
    expect(saved('-A X -m recent --set')).toBe('-A X -m recent --set --name DEFAULT --mask 255.255.255.255 --rsource');
    expect(saved('-A X -m recent ! --update --seconds 5 --hitcount 3 --rttl --name foo --mask 255.255.0.0 --rdest'))
      .toBe('-A X -m recent ! --update --seconds 5 --hitcount 3 --rttl --name foo --mask 255.255.0.0 --rdest');
    expect(saved('-A X -m recent --rcheck --mask 1.2.3')).toBe('-A X -m recent --rcheck --name DEFAULT --mask 1.2.0.3 --rsource');
  });

  it('lists rules as iptables -L does', () => {
    const m = (line: string): RecentMatch => {
      const pc = parse(line);
      if ('message' in pc) throw new Error(pc.message);
      return pc.rules[0]!.matches[0] as RecentMatch;
    };
    expect(printRecent(m('-A X -m recent --name KUBE-SEP-X --rcheck --seconds 10800 --reap')))
      .toBe(' recent: CHECK seconds: 10800 reap name: KUBE-SEP-X side: source mask: 255.255.255.255');
    expect(printRecent(m('-A X -m recent ! --update --seconds 5 --hitcount 3 --rttl --name foo --mask 255.255.0.0 --rdest')))
      .toBe(' ! recent: UPDATE seconds: 5 hit_count: 3 TTL-Match name: foo side: dest mask: 255.255.0.0');
    expect(printRecent(m('-A X -m recent --remove'))).toBe(' recent: REMOVE name: DEFAULT side: source mask: 255.255.255.255');
  });

  it('rejects bad combinations with libxt_recent messages', () => {
    const err = (line: string): string => {
      const pc = parse(line);
      return 'message' in pc ? pc.message : 'accepted';
    };
    expect(err('-A X -m recent --set --rcheck')).toBe('recent: option "--set" cannot be used together with "--rcheck".\n');
    expect(err('-A X -m recent --update --update')).toBe('recent: option "--update" can only be used once.\n');
    expect(err('-A X -m recent --seconds 5')).toBe("recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'");
    expect(err('-A X -m recent --rcheck --reap')).toBe('recent: option "--reap" also requires "--seconds".\n');
    expect(err('-A X -m recent --rcheck --seconds 0')).toBe('recent: bad value for option "--seconds", or out of range (1-4294967295).\n');
    expect(err('-A X -m recent --rcheck --hitcount x')).toBe('recent: bad value for option "--hitcount", or out of range (0-4294967295).\n');
    expect(err('-A X -m recent --rcheck ! --name a')).toBe('recent: option "--name" cannot be inverted.\n');
    expect(err('-A X -m recent --bogus')).toBe('unknown option "--bogus"');
  });

  it('leaves what the kernel refuses (--set with --seconds) to the kernel: RULE_APPEND fails', () => {
    const { ns } = node();
    expect(() => ipt(ns, '-A INPUT -m recent --set --seconds 5')).toThrow(/RULE_APPEND failed \(Invalid argument\)/);
    expect(ns.netfilter.tables.get('filter')!.chains.get('INPUT')!.rules).toHaveLength(0);
  });
});

describe('xt_recent lists', () => {
  it('--set records the source, --rcheck matches it only within --seconds, --reap forgets it', () => {
    const { world, ns } = node();
    ipt(ns, '-N SEEN');
    ipt(ns, '-A INPUT -m recent --name web --rcheck --seconds 10 --reap -j SEEN');
    ipt(ns, '-A INPUT -p tcp --dport 80 -m recent --name web --set');
    const rules = ns.netfilter.tables.get('filter')!.chains.get('INPUT')!.rules;
    nfHook(world, ns, 'INPUT', tcp('10.0.16.1', 40000, '10.0.16.11', 80, { syn: true }));
    expect(rules[0]!.counters.packets).toBe(0);
    expect(rules[1]!.counters.packets).toBe(1);
    expect(formatRecentList(ns.netfilter, 'web')).toMatch(/^src=10\.0\.16\.1 ttl: 64 last_seen: \d+ oldest_pkt: 1 \d+\n$/);
    advance(world.clock, 5000);
    nfHook(world, ns, 'INPUT', tcp('10.0.16.1', 40001, '10.0.16.11', 22, { syn: true }));
    expect(rules[0]!.counters.packets).toBe(1);
    // Another client was never recorded.
    nfHook(world, ns, 'INPUT', tcp('10.0.16.2', 40001, '10.0.16.11', 22, { syn: true }));
    expect(rules[0]!.counters.packets).toBe(1);
    advance(world.clock, 6000);
    nfHook(world, ns, 'INPUT', tcp('10.0.16.1', 40002, '10.0.16.11', 22, { syn: true }));
    expect(rules[0]!.counters.packets).toBe(1);
    expect(formatRecentList(ns.netfilter, 'web')).toBe('');
  });

  it('--update refreshes the stamp on a hit; --hitcount counts stamps; --mask groups addresses', () => {
    const { world, ns } = node();
    ipt(ns, '-A INPUT -m recent --name n --mask 255.255.255.0 --set');
    ipt(ns, '-A INPUT -m recent --name n --mask 255.255.255.0 --rcheck --hitcount 3 -j DROP');
    const rules = ns.netfilter.tables.get('filter')!.chains.get('INPUT')!.rules;
    const send = (src: string): string => nfHook(world, ns, 'INPUT', tcp(src, 40000, '10.0.16.11', 22, { syn: true })).verdict;
    expect(send('10.0.17.1')).toBe('accept');
    expect(send('10.0.17.2')).toBe('accept');
    expect(send('10.0.17.3')).toBe('drop');
    expect(rules[0]!.counters.packets).toBe(3);
    expect(formatRecentList(ns.netfilter, 'n')).toMatch(/^src=10\.0\.17\.0 ttl: 64 last_seen: \d+ oldest_pkt: 3 /);
  });
});

describe('kube-proxy sessionAffinity: ClientIP', () => {
  // The nat rules kube-proxy writes for a ClientIP Service with three endpoints
  // (pkg/proxy/iptables/proxier.go: affinity checks first, then the statistic rules).
  const seps = ['KUBE-SEP-AAAAAAAAAAAAAAAA', 'KUBE-SEP-BBBBBBBBBBBBBBBB', 'KUBE-SEP-CCCCCCCCCCCCCCCC'];
  const eps = ['10.244.1.2', '10.244.2.2', '10.244.3.2'];
  const svc = 'KUBE-SVC-CDGGSHYLG3RE2FKL';
  const payload = [
    '*nat', ':KUBE-SERVICES - [0:0]', `:${svc} - [0:0]`, ...seps.map((s) => `:${s} - [0:0]`),
    '-A PREROUTING -j KUBE-SERVICES',
    `-A KUBE-SERVICES -d 10.96.0.20/32 -p tcp -m comment --comment "default/web:http cluster IP" -m tcp --dport 80 -j ${svc}`,
    ...seps.map((s) => `-A ${svc} -m comment --comment "default/web:http -> x" -m recent --name ${s} --rcheck --seconds 10800 --reap -j ${s}`),
    `-A ${svc} -m comment --comment "default/web:http -> x" -m statistic --mode random --probability 0.33333333349 -j ${seps[0]}`,
    `-A ${svc} -m comment --comment "default/web:http -> x" -m statistic --mode random --probability 0.50000000000 -j ${seps[1]}`,
    `-A ${svc} -m comment --comment "default/web:http -> x" -j ${seps[2]}`,
    ...seps.map((s, i) => `-A ${s} -m comment --comment default/web:http -m recent --name ${s} --set -m tcp -p tcp -j DNAT --to-destination ${eps[i]}:8080`),
    'COMMIT', '',
  ].join('\n');

  it('loads, and sends one client to the same endpoint on every new connection', () => {
    const { world, ns, cni0 } = node(3);
    expect(iptablesRestore(world, ns, payload, { noflush: true })).toEqual({ ok: true });
    const pick = (client: string, sport: number): string => {
      const syn = tcp(client, sport, '10.96.0.20', 80, { syn: true }, { indev: cni0 });
      nfHook(world, ns, 'PREROUTING', syn);
      return formatIpv4(syn.pkt.dst);
    };
    const first = pick('10.244.1.9', 40000);
    expect(eps).toContain(first);
    for (let p = 40001; p < 40030; p++) expect(pick('10.244.1.9', p)).toBe(first);
    // Other clients are spread: with 30 clients at least two endpoints get some.
    const others = new Set<string>();
    for (let c = 10; c < 40; c++) others.add(pick(`10.244.1.${c}`, 50000));
    expect(others.size).toBeGreaterThan(1);
    // After the affinity timeout (10800 s) the client is balanced afresh: its entry is reaped.
    advance(world.clock, 10801 * 1000);
    pick('10.244.1.9', 41000);
    expect(ns.netfilter.recent!.get(seps[0]!)!.concat(ns.netfilter.recent!.get(seps[1]!)!, ns.netfilter.recent!.get(seps[2]!)!)
      .filter((e) => e.addr === ip('10.244.1.9'))[0]!.stamps).toEqual([world.clock.ms]);
  });
});
