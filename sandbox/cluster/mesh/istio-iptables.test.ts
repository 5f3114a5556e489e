// istio-iptables' flags and the rules they give (tools/istio-iptables/pkg/capture/run.go, and
// its golden files for inbound port lists and outbound CIDRs). The default injection's full
// rule set is compared with real iptables in tests/fidelity/mesh-rules.test.ts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { istioRestoreText, parseIstioIptables } from './istio-iptables.ts';
import { iptablesRestore } from '../../net/netfilter/restore.ts';
import { node } from '../../net/netfilter/test-helper.ts';

const rules = (args: string[]): string[] => {
  const cfg = parseIstioIptables(args);
  if (typeof cfg === 'string') throw new Error(cfg);
  return istioRestoreText(cfg).split('\n').filter((l) => l.startsWith('-A'));
};

describe('istio-iptables', () => {
  it('defaults the proxy gid to its uid, and the uid to 1337', () => {
    expect(rules(['-u', '1234']).filter((l) => l.includes('--gid-owner 1234'))).toHaveLength(3);
    expect(rules([]).filter((l) => l.includes('--uid-owner 1337'))).toEqual([
      '-A ISTIO_OUTPUT -o lo ! -d 127.0.0.1/32 -p tcp ! --dport 15008 -m owner --uid-owner 1337 -j ISTIO_IN_REDIRECT',
      '-A ISTIO_OUTPUT -o lo -m owner ! --uid-owner 1337 -j RETURN',
      '-A ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN',
    ]);
  });

  it('captures only the listed inbound ports, and no inbound at all without -b', () => {
    expect(rules(['-b', '80,8080']).filter((l) => l.startsWith('-A ISTIO_INBOUND'))).toEqual([
      '-A ISTIO_INBOUND -p tcp --dport 15008 -j RETURN',
      '-A ISTIO_INBOUND -p tcp --dport 80 -j ISTIO_IN_REDIRECT',
      '-A ISTIO_INBOUND -p tcp --dport 8080 -j ISTIO_IN_REDIRECT',
    ]);
    expect(rules([]).some((l) => l.startsWith('-A PREROUTING'))).toBe(false);
  });

  it('redirects only the listed outbound CIDRs, after the exclusions', () => {
    const out = rules(['-i', '10.96.0.0/12', '-x', '10.0.16.0/20']).filter((l) => l.startsWith('-A ISTIO_OUTPUT -d'));
    expect(out).toEqual(['-A ISTIO_OUTPUT -d 127.0.0.1/32 -j RETURN', '-A ISTIO_OUTPUT -d 10.0.16.0/20 -j RETURN', '-A ISTIO_OUTPUT -d 10.96.0.0/12 -j ISTIO_REDIRECT']);
  });

  it('refuses flags it does not model, as the init container would fail', () => {
    expect(parseIstioIptables(['-k', 'eth1'])).toBe('unknown flag: -k');
    expect(parseIstioIptables(['-m', 'TPROXY'])).toMatch(/not modelled/);
    expect(parseIstioIptables(['-p'])).toBe('flag needs an argument: -p');
  });

  it('gives iptables-restore input that loads, or an error, for any flags (property)', () => {
    const words = ['-p', '-z', '-u', '-g', '-i', '-x', '-b', '-d', '-o', '-m', 'REDIRECT', '*', '', '15001', '80,443', '1337', '10.0.0.0/8', 'x', '1-2', '--envoy-port=15001', '--log_output_level=default:info'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...words), { maxLength: 12 }), (args) => {
      const cfg = parseIstioIptables(args);
      if (typeof cfg === 'string') return;
      const { world, ns } = node();
      const r = iptablesRestore(world, ns, istioRestoreText(cfg), { noflush: true });
      // Junk values (a port `x`) are refused by iptables-restore with its message, as in the real init container.
      if (!r.ok) expect(r.stderr.length).toBeGreaterThan(0);
    }), { numRuns: 500 });
  });
});
