// Property: random sequences of `ip`, `bridge` and `sysctl` command lines (valid and not)
// never throw, every failure says why on stderr, a refused command changes nothing, and
// after every step the kernel invariants hold: ifindexes unique, veth peers mutual, routes,
// addresses, neighbours and FDB ports only on existing devices, masters are bridges.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createWorld, type Machine, type World } from '../../../fabric/world.ts';
import { createNetns } from '../../../net/netns.ts';
import { setLinkUp } from '../../../net/link-state.ts';
import { placeOf, runIn } from '../../../../tests/fidelity/net-harness.ts';

const NAMES = ['v0', 'v1', 'eth0', 'br0', 'vx0', 'lo', 'nosuch'];
const NS = ['ns-a', 'ns-b', 'nope'];
const IPS = ['10.0.0.1', '10.0.0.2', '10.0.1.1', '192.168.1.1', '10.0.0.0', '300.1.1.1'];
const LENS = ['/24', '/16', '/32', '', '/33'];
const MACS = ['02:00:00:00:00:01', '02:00:00:00:00:02', 'zz', '01:00:5e:00:00:01'];

const pick = <T,>(xs: readonly T[]) => fc.constantFrom(...xs);
const prefix = fc.tuple(pick(IPS), pick(LENS)).map(([a, l]) => a + l);
const line: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(pick(['', '-n ns-a ', '-n nope ', '-br ', '-d ', '-4 ', '-s ', '-o ']), pick(['link', 'addr', 'route', 'neigh', 'rule', 'netns', 'r', 'a', 'routex', 'link shwo'])).map(([o, c]) => `ip ${o}${c}`),
  fc.tuple(pick(NAMES), pick(NAMES), pick(['', ' netns ns-a', ' netns nope'])).map(([a, b, n]) => `ip link add ${a} type veth peer name ${b}${n}`),
  fc.tuple(pick(NAMES), pick(['bridge', 'dummy', 'bogus'])).map(([a, t]) => `ip link add ${a} type ${t}`),
  pick(NAMES).map((a) => `ip link add ${a} type vxlan id 7 dev eth0 dstport 4789`),
  fc.tuple(pick(NAMES), pick(['up', 'down', 'master br0', 'master v0', 'nomaster', 'netns ns-a', 'netns ns-b', 'mtu 1450', 'mtu 20', 'name v9', 'name lo'])).map(([a, w]) => `ip link set ${a} ${w}`),
  fc.tuple(pick(NAMES), pick(MACS)).map(([a, m]) => `ip link set ${a} address ${m}`),
  pick(NAMES).map((a) => `ip link del ${a}`),
  fc.tuple(pick(['add', 'del']), prefix, pick(NAMES), pick(['', ' brd +', ' scope link'])).map(([v, p, d, x]) => `ip addr ${v} ${p} dev ${d}${x}`),
  fc.tuple(pick(['add', 'del', 'replace']), pick(['default', '10.9.0.0/16', '10.0.0.0/24', 'bogus']), pick(['', ' via 10.0.0.254', ' via 8.8.8.8']), pick(['', ' dev v0', ' dev eth0', ' dev nosuch']), pick(['', ' onlink', ' metric 5', ' table 100'])).map(([v, p, g, d, x]) => `ip route ${v} ${p}${g}${d}${x}`),
  fc.tuple(pick(IPS), pick(['', ' oif v0', ' from 10.0.0.1'])).map(([a, x]) => `ip route get ${a}${x}`),
  fc.tuple(pick(['add', 'replace', 'del']), pick(IPS), pick(MACS), pick(NAMES), pick(['', ' nud stale', ' nud bogus'])).map(([v, a, m, d, n]) => `ip neigh ${v} ${a} lladdr ${m} dev ${d}${n}`),
  fc.tuple(pick(['add', 'del']), pick(NS)).map(([v, n]) => `ip netns ${v} ${n}`),
  fc.tuple(pick(NS), pick(['ip -br link', 'ip route', 'sysctl net.ipv4.ip_forward', 'bogus'])).map(([n, c]) => `ip netns exec ${n} ${c}`),
  fc.tuple(pick(['add', 'append', 'del', 'replace']), pick(MACS), pick(NAMES), pick(['', ' dst 10.0.0.2', ' master', ' master static'])).map(([v, m, d, x]) => `bridge fdb ${v} ${m} dev ${d}${x}`),
  fc.tuple(pick(['', 'dev v0', 'br br0', 'dev nosuch'])).map(([x]) => `bridge fdb show ${x}`),
  fc.tuple(pick(NAMES), pick(['hairpin on', 'learning off', 'flood maybe'])).map(([d, x]) => `bridge link set dev ${d} ${x}`),
  fc.tuple(pick(['-w net.ipv4.ip_forward=1', 'net.ipv4.ip_forward=x', '-n net.ipv4.conf.v0.rp_filter', 'nosuch.key', '-a'])).map(([x]) => `sysctl ${x}`),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }).map((ws) => ['ip', ...ws].join(' ')),
);

/** A stable text of every namespace's state (Maps as entry lists). */
const snapshot = (w: World) => JSON.stringify([...w.netns.values()], (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));

function invariants(w: World): string[] {
  const bad: string[] = [];
  for (const ns of w.netns.values()) {
    for (const [i, l] of ns.links) {
      if (l.ifindex !== i) bad.push(`${ns.name}: key ${i} holds ifindex ${l.ifindex}`);
      if (l.kind === 'veth') {
        const p = w.netns.get(l.peer.netns)?.links.get(l.peer.ifindex);
        if (!p || p.kind !== 'veth' || p.peer.netns !== ns.id || p.peer.ifindex !== l.ifindex) bad.push(`${ns.name}/${l.name}: peer not mutual`);
      }
      if (l.master !== undefined && ns.links.get(l.master)?.kind !== 'bridge') bad.push(`${ns.name}/${l.name}: master is not a bridge`);
      if (l.kind === 'bridge') for (const e of l.fdb) if (!ns.links.has(e.port)) bad.push(`${ns.name}/${l.name}: fdb port ${e.port} missing`);
    }
    const names = [...ns.links.values()].map((l) => l.name);
    if (new Set(names).size !== names.length) bad.push(`${ns.name}: duplicate names`);
    for (const r of ns.routes) if (r.dev !== undefined && !ns.links.has(r.dev)) bad.push(`${ns.name}: route via missing dev ${r.dev}`);
    for (const a of ns.addrs) if (!ns.links.has(a.ifindex)) bad.push(`${ns.name}: address on missing dev ${a.ifindex}`);
    for (const n of ns.neigh) if (!ns.links.has(n.ifindex)) bad.push(`${ns.name}: neighbour on missing dev ${n.ifindex}`);
  }
  return bad;
}

function freshHost(): { world: World; host: Machine } {
  const world = createWorld(5);
  const root = createNetns(world, 'host');
  setLinkUp(world, root, root.links.get(1)!, true);
  const host: Machine = { name: 'host', hostname: 'host', kind: 'host', netns: root.id, namedNetns: new Map(), files: new Map(), env: new Map() };
  world.machines.set('host', host);
  return { world, host };
}

const okCount = { n: 0 };
const failCount = { n: 0 };

describe('ip/bridge/sysctl under random command sequences', () => {
  it('never throw, explain every failure, change nothing when refusing, keep the invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 40 }), async (lines) => {
        const { world, host } = freshHost();
        await runIn(world, placeOf(world, host), 'ip netns add ns-a');
        await runIn(world, placeOf(world, host), 'ip link add eth0 type veth peer name v0');
        for (const l of lines) {
          const before = snapshot(world);
          const r = await runIn(world, placeOf(world, host), l);
          (r.status === 0 ? okCount : failCount).n++;
          expect(Number.isInteger(r.status)).toBe(true);
          if (r.status !== 0) {
            expect(r.stderr, l).not.toBe('');
            // `ip netns exec` runs a whole command, whose own effects are its business.
            if (!/^ip netns exec/.test(l)) expect(snapshot(world), l).toBe(before);
          }
          expect(invariants(world), l).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
    // The generator must exercise both paths, or the property proves little.
    expect(okCount.n).toBeGreaterThan(200);
    expect(failCount.n).toBeGreaterThan(200);
  });
});
