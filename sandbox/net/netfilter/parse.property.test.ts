// Bad input never breaks the model: random iptables argv and random iptables-restore text are
// either accepted or rejected with a message and an exit status, never with an exception, and
// a rejected restore leaves the rules as they were. What iptables-save prints restores to the
// same rules (the save format is a fixed point of parse + save).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCommand } from './parse.ts';
import { iptablesRestore } from './restore.ts';
import { saveRule } from './save.ts';
import { listChains } from './tables.ts';
import { KUBE_NAT, node } from './test-helper.ts';
import type { NetfilterState } from './types.ts';

const WORDS = ['-A', '-I', '-D', '-R', '-N', '-X', '-F', '-L', '-S', '-P', '-t', 'nat', 'filter', 'INPUT', 'FORWARD', 'KUBE-SVC',
  '-s', '-d', '10.0.0.0/8', '1.2.3.4', '!', '-p', 'tcp', 'udp', 'icmp', '--dport', '80', '1:2', '-m', 'comment', '--comment', 'x y',
  'conntrack', '--ctstate', 'NEW,ESTABLISHED', 'mark', '--mark', '0x4000/0x4000', 'statistic', '--mode', 'random', '--probability',
  '0.5', 'multiport', '--dports', '80,443', '-j', 'ACCEPT', 'DROP', 'DNAT', '--to-destination', '10.1.1.1:80', 'MARK', '--or-mark',
  'MASQUERADE', '--random-fully', '-i', 'eth+', '-o', 'cni0', '-g', '5', '0', '', '--', '-', 'addrtype', '--dst-type', 'LOCAL'];

/** Every rule of every table as `TABLE -A CHAIN ...` lines. */
const dump = (nf: NetfilterState): string[] =>
  [...nf.tables].flatMap(([name, t]) => listChains(t, name).flatMap((c) => [`${name} ${c.name} ${c.policy ?? '-'}`, ...c.rules.map((r) => `${name} ${saveRule(c.name, r)}`)]));

describe('iptables input never throws', () => {
  it('parses any argv to a command or an error with a status', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }), (argv) => {
      const r = parseCommand(argv);
      if ('status' in r) {
        expect(r.status).toBeGreaterThan(0);
        expect(r.message.length).toBeGreaterThan(0);
      } else expect(r.command).toMatch(/^[ACDIRLSFZNXEPVh]$/);
    }), { numRuns: 3000 });
  }, 120_000);

  it('rejects bad restore input atomically, with a line number', () => {
    fc.assert(fc.property(fc.array(fc.oneof(
      fc.constantFrom('*nat', '*filter', '*bogus', 'COMMIT', ':KUBE-X - [0:0]', ':INPUT DROP [1:2]', '# c', ''),
      fc.array(fc.constantFrom(...WORDS), { maxLength: 10 }).map((w) => w.join(' ')),
    ), { maxLength: 12 }), (lines) => {
      const { world, ns } = node();
      expect(iptablesRestore(world, ns, KUBE_NAT, { noflush: true })).toEqual({ ok: true });
      const before = dump(ns.netfilter);
      const r = iptablesRestore(world, ns, lines.join('\n') + '\n', { noflush: true });
      if (!r.ok) {
        expect(r.stderr).toMatch(/line|COMMIT/);
        expect(r.line).toBeGreaterThan(0);
        // Tables committed before the failing one stay; the failing table is untouched.
        if (!lines.slice(0, r.line - 1).includes('COMMIT')) expect(dump(ns.netfilter)).toEqual(before);
      }
    }), { numRuns: 500 });
  }, 120_000);
});

describe('iptables-save output restores to itself', () => {
  it('round-trips the kube-proxy rules', () => {
    const a = node();
    iptablesRestore(a.world, a.ns, KUBE_NAT, { noflush: false });
    const text = dump(a.ns.netfilter).filter((l) => l.startsWith('nat -A')).map((l) => l.slice(4));
    const chains = [...a.ns.netfilter.tables.get('nat')!.chains.keys()].filter((c) => !['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'].includes(c));
    const b = node();
    const again = ['*nat', ...chains.map((c) => `:${c} - [0:0]`), ...text, 'COMMIT', ''].join('\n');
    expect(iptablesRestore(b.world, b.ns, again, { noflush: false })).toEqual({ ok: true });
    expect(dump(b.ns.netfilter)).toEqual(dump(a.ns.netfilter));
  });
});
