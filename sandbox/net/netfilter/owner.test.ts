// -m owner: options as libxt_owner parses and prints them, and xt_owner's verdicts with and
// without an owning socket (net/netfilter/xt_owner.c owner_mt).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ownerHolds, parseOwnerOption, printOwner, saveOwner, finishOwner, newOwner, ownerKernelRejects } from './owner.ts';
import { parseCommand } from './parse.ts';
import type { OwnerMatch } from './types.ts';

function owner(...opts: [string, string, boolean][]): OwnerMatch {
  const m = newOwner();
  for (const [opt, v, neg] of opts) expect(parseOwnerOption(m, opt, [v], neg)).toBeUndefined();
  return m;
}

describe('-m owner options', () => {
  it('takes ids, ranges and base-passwd names, and saves them as numbers', () => {
    expect(saveOwner(owner(['--uid-owner', '1337', false]))).toBe(' -m owner --uid-owner 1337');
    expect(saveOwner(owner(['--gid-owner', '1337', true]))).toBe(' -m owner ! --gid-owner 1337');
    expect(saveOwner(owner(['--uid-owner', '1000-2000', false]))).toBe(' -m owner --uid-owner 1000-2000');
    expect(saveOwner(owner(['--uid-owner', 'root', false], ['--gid-owner', 'adm', false]))).toBe(' -m owner --uid-owner 0 --gid-owner 4');
  });

  it('refuses what libxt_owner refuses, with its words', () => {
    expect(parseOwnerOption(newOwner(), '--uid-owner', ['istio-proxy'], false)).toBe('owner: Bad value for "--uid-owner" option: "istio-proxy"');
    expect(parseOwnerOption(newOwner(), '--gid-owner', ['12x'], false)).toBe('owner: Bad value for "--gid-owner" option: "12x"');
    expect(finishOwner(newOwner())).toMatch(/At least one of --uid-owner/);
    expect(ownerKernelRejects(owner(['--uid-owner', '5-2', false]))).toBe(true);
    expect(ownerKernelRejects(owner(['--uid-owner', '2-5', false]))).toBe(false);
  });

  it('lists ids by name unless -n, ranges always as numbers', () => {
    const m = owner(['--uid-owner', '0', false], ['--gid-owner', '1337', true]);
    expect(printOwner(m, false)).toBe(' owner UID match root ! owner GID match 1337');
    expect(printOwner(m, true)).toBe(' owner UID match 0 ! owner GID match 1337');
    expect(printOwner(owner(['--uid-owner', '0-7', false]), false)).toBe(' owner UID match 0-7');
  });
});

describe('xt_owner verdicts', () => {
  const proxy = { uid: 1337, gid: 1337 };
  const app = { uid: 0, gid: 0 };

  it('matches the socket owner, negated or not', () => {
    expect(ownerHolds(owner(['--uid-owner', '1337', false]), proxy)).toBe(true);
    expect(ownerHolds(owner(['--uid-owner', '1337', false]), app)).toBe(false);
    expect(ownerHolds(owner(['--uid-owner', '1337', true]), app)).toBe(true);
    expect(ownerHolds(owner(['--uid-owner', '1000-2000', false]), proxy)).toBe(true);
    // Both options given: both must hold.
    expect(ownerHolds(owner(['--uid-owner', '1337', false], ['--gid-owner', '0', false]), proxy)).toBe(false);
  });

  it('without a socket (forwarded, kernel replies) only an all-negated rule matches', () => {
    expect(ownerHolds(owner(['--uid-owner', '1337', false]), undefined)).toBe(false);
    expect(ownerHolds(owner(['--uid-owner', '1337', true]), undefined)).toBe(true);
    expect(ownerHolds(owner(['--uid-owner', '1337', true], ['--gid-owner', '1', false]), undefined)).toBe(false);
  });

  it('agrees with its definition for any ids (property)', () => {
    fc.assert(fc.property(fc.nat(70000), fc.nat(70000), fc.nat(70000), fc.boolean(), (a, b, id, neg) => {
      const [min, max] = a <= b ? [a, b] : [b, a];
      const m: OwnerMatch = { module: 'owner', uid: { min, max, neg } };
      expect(ownerHolds(m, { uid: id, gid: 0 })).toBe((id >= min && id <= max) !== neg);
    }));
  });
});

describe('-m owner on the command line', () => {
  it('parses any option words to a rule or an error, never an exception', () => {
    const words = ['-m', 'owner', '!', '--uid-owner', '--gid-owner', '1337', '0-7', '7-0', 'root', 'nosuch', '', '-j', 'RETURN', '-p', 'tcp', '--dport', '80'];
    fc.assert(fc.property(fc.array(fc.constantFrom(...words), { maxLength: 10 }), (tail) => {
      const r = parseCommand(['-t', 'nat', '-A', 'OUTPUT', ...tail]);
      if ('status' in r) expect(r.message.length).toBeGreaterThan(0);
      else expect(r.command).toBe('A');
    }), { numRuns: 2000 });
  });
});
