// Fidelity: `ip`, `bridge` and `sysctl` print what real Linux printed for the reference lab
// (../../../shared/reference-lab/golden), for every captured command of theirs whose output
// does not depend on traffic. The lab is built twice: with the net layer's operations
// (lab-fixture.ts) and by replaying the lab's own setup.cmds lines through the commands.
// Only what no simulator can know is normalised: timers (gc_timer).
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { createWorld, type Machine, type World } from '../../sandbox/fabric/world.ts';
import { createNetns } from '../../sandbox/net/netns.ts';
import { setLinkUp } from '../../sandbox/net/link-state.ts';
import { LAB_NAMESPACES, buildLab, type LabNs } from './lab-fixture.ts';
import { placeOf, runIn } from './net-harness.ts';

const LAB = new URL('../../../shared/reference-lab/', import.meta.url).pathname;
const GOLDEN = LAB + 'golden/';

interface Row { section: string; file: string; ns: LabNs; command: string; rc: number; stderrFile: string; podview: boolean }

const rows: Row[] = existsSync(GOLDEN + 'index.tsv')
  ? readFileSync(GOLDEN + 'index.tsv', 'utf8').trim().split('\n').map((l) => {
      const [section, file, ns, command, rc, stderrFile, mode] = l.split('\t');
      return { section: section!, file: file!, ns: ns as LabNs, command: command!, rc: Number(rc), stderrFile: stderrFile ?? '', podview: mode === 'podview' };
    })
  : [];

/** Commands of ours whose captured output does not depend on the traffic the lab sent. */
const ours = rows.filter((r) => /^(ip|bridge|sysctl)\b/.test(r.command) && (LAB_NAMESPACES as readonly string[]).includes(r.ns) &&
  !(r.section === 'state after traffic' && /^ip neigh/.test(r.command)));

/** Timers, and the packet counters of `ip -s` (the lab's traffic is not replayed here). */
const mask = (t: string) => t.replace(/gc_timer +\d+\.\d+/g, 'gc_timer X')
  .replace(/^( {4}) +\d+( +\d+){5} $/gm, (line) => line.replace(/\d+/g, (d) => 'N'.padStart(d.length, ' ')));

/** The lab built by replaying setup.cmds' ip/bridge/sysctl lines on a bare host. */
async function replayLab(podview: boolean): Promise<{ world: World; machines: Record<string, Machine> }> {
  const world = createWorld(1);
  // The lab's kernel has br_netfilter built in: every namespace replayed on it has net.bridge.*.
  const root = createNetns(world, 'host', ['br_netfilter']);
  setLinkUp(world, root, root.links.get(1)!, true);
  const host: Machine = { name: 'host', hostname: 'host', kind: 'host', netns: root.id, namedNetns: new Map(), files: new Map(), env: new Map() };
  world.machines.set('host', host);
  const lines = readFileSync(LAB + 'setup.cmds', 'utf8').split('\n');
  for (const line of lines) {
    if (!/^ip /.test(line) || /iptables/.test(line)) continue;
    const r = await runIn(world, placeOf(world, host), line);
    if (r.status !== 0) throw new Error(`replay failed: ${line}: ${r.stderr}`);
  }
  const machines: Record<string, Machine> = {};
  for (const n of LAB_NAMESPACES) {
    const pod = /^lab-n\d-p/.test(n);
    machines[n] = { name: n, hostname: n, kind: pod ? 'pod' : 'host', netns: host.namedNetns.get(n)!, namedNetns: podview && pod ? new Map() : new Map(host.namedNetns), files: new Map(), env: new Map() };
  }
  return { world, machines };
}

describe.skipIf(ours.length === 0)('ip/bridge/sysctl against the reference lab goldens', () => {
  const builds = {
    ops: async (podview: boolean) => { const l = buildLab({ podview }); return { world: l.world, machines: l.machines as Record<string, Machine> }; },
    'setup.cmds replay': replayLab,
  };
  for (const [how, build] of Object.entries(builds)) {
    describe(`lab built by ${how}`, () => {
      for (const row of ours) {
        it(`${row.ns}: ${row.command} (${row.file})`, async () => {
          const { world, machines } = await build(row.podview);
          const r = await runIn(world, placeOf(world, machines[row.ns]!), row.command);
          expect(mask(r.stdout)).toBe(mask(readFileSync(GOLDEN + row.file, 'utf8')));
          expect(r.stderr).toBe(row.stderrFile ? readFileSync(GOLDEN + row.stderrFile, 'utf8') : '');
          expect(r.status).toBe(row.rc);
        });
      }
    });
  }
});
