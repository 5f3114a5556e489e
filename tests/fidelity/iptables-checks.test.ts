// Fidelity: the kernel's own checks of a rule, as iptables 1.8.9 (nf_tables) reports them
//: REJECT --reject-with tcp-reset needs `-p tcp` (xt_REJECT
// reject_tg_check). fixtures/edges-node/iptables-checks.cmds ran as root in a fresh
// namespace on real Linux (fixtures/edges-node/capture.sh, kernel 6.18, iptables 1.8.9) and
// is replayed in a fresh sandbox namespace; stdout, stderr and exit status must match. The
// capture's sctp lines (the sctp match, which needs `-p sctp`) are facts for the SCTP work
// still to come: the sandbox has no SCTP yet, so they are left out here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createWorld, type Machine } from '../../sandbox/fabric/world.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import { createShell } from '../../sandbox/shell/session.ts';

interface Step { cmd: string; stdout: string; stderr: string; rc: number }
const steps = JSON.parse(readFileSync(new URL('./fixtures/edges-node/iptables-checks.json', import.meta.url), 'utf8')) as Step[];

describe('iptables refuses what the kernel refuses, with its words', async () => {
  const world = createWorld(13);
  const ns = createNetns(world, 'e13-ipt', []);
  const host: Machine = { name: 'host', hostname: 'host', kind: 'host', netns: ns.id, namedNetns: new Map(), files: new Map(), env: new Map() };
  world.machines.set('host', host);
  const sh = createShell(world, 'host');
  const results: [string, Step, Step][] = [];
  for (const s of steps.filter((x) => !/sctp|^iptables -[SL]/.test(x.cmd))) {
    let stdout = '';
    let stderr = '';
    const r = await sh.exec(s.cmd, (c) => { if (c.stream === 'stdout') stdout += c.text; else stderr += c.text; });
    results.push([s.cmd, s, { cmd: s.cmd, stdout, stderr, rc: r.status }]);
  }
  it.each(results)('%s', (_c, real, got) => {
    expect(got).toEqual(real);
  });
});
