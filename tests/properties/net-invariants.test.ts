// Random sequences of mutating ip/bridge/sysctl commands on a bare host: no exception escapes, a rejected command leaves the state unchanged, and
// the kernel's invariants hold after every step.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSandbox } from '../../sandbox/api/index.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import type { World } from '../../sandbox/fabric/world.ts';

const names = fc.constantFrom('v0', 'v1', 'p0', 'p1', 'br0', 'br1', 'eth0', 'lo', 'vx0', 'nosuch');
const nets = fc.constantFrom('a', 'b', 'c');
const addr = fc.tuple(fc.constantFrom(10, 192, 172), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom(8, 16, 24, 32, 33))
  .map(([a, b, c, d, l]) => `${a}.${b}.${c}.${d}/${l}`);
const ip = addr.map((a) => a.split('/')[0]!);
const where = fc.option(nets, { nil: undefined }).map((n) => (n ? `-n ${n} ` : ''));

const command = fc.oneof(
  fc.tuple(where, names, names).map(([w, a, b]) => `ip ${w}link add ${a} type veth peer name ${b}`),
  fc.tuple(where, names, fc.constantFrom('bridge', 'dummy', 'vxlan id 42 dstport 4789', 'nosuchtype')).map(([w, a, t]) => `ip ${w}link add ${a} type ${t}`),
  fc.tuple(where, names, fc.constantFrom('up', 'down', 'nomaster', 'mtu 1400', 'mtu 70000', 'address 02:00:00:00:00:01')).map(([w, a, s]) => `ip ${w}link set ${a} ${s}`),
  fc.tuple(where, names, names).map(([w, a, b]) => `ip ${w}link set ${a} master ${b}`),
  fc.tuple(names, nets).map(([a, n]) => `ip link set ${a} netns ${n}`),
  fc.tuple(where, names).map(([w, a]) => `ip ${w}link del ${a}`),
  fc.tuple(where, addr, names).map(([w, a, d]) => `ip ${w}addr add ${a} dev ${d}`),
  fc.tuple(where, addr, names).map(([w, a, d]) => `ip ${w}addr del ${a} dev ${d}`),
  fc.tuple(where, addr, ip, names, fc.boolean()).map(([w, a, g, d, o]) => `ip ${w}route add ${a} via ${g} dev ${d}${o ? ' onlink' : ''}`),
  fc.tuple(where, addr, names).map(([w, a, d]) => `ip ${w}route add ${a} dev ${d}`),
  fc.tuple(where, addr).map(([w, a]) => `ip ${w}route del ${a}`),
  fc.tuple(where, ip, names).map(([w, a, d]) => `ip ${w}neigh add ${a} lladdr 02:00:00:00:00:02 dev ${d} nud permanent`),
  fc.tuple(where, names).map(([w, d]) => `bridge fdb append 02:00:00:00:00:03 dev ${d} dst 10.0.0.1`),
  nets.map((n) => `ip netns add ${n}`),
  nets.map((n) => `ip netns del ${n}`),
  fc.constantFrom('sysctl -w net.ipv4.ip_forward=1', 'sysctl -w net.ipv4.nosuch=1', 'ip route shwo', 'ip link add', 'ip addr add 10.0.0.1/24'),
  fc.string({ maxLength: 40 }).map((s) => `ip ${s}`),
);

function invariants(world: World): string[] {
  const bad: string[] = [];
  for (const ns of world.netns.values()) {
    const seen = new Set<string>();
    for (const [index, link] of ns.links) {
      if (link.ifindex !== index) bad.push(`${ns.name}: link ${link.name} stored under ifindex ${index} but has ${link.ifindex}`);
      if (seen.has(link.name)) bad.push(`${ns.name}: two links named ${link.name}`);
      seen.add(link.name);
      if (link.kind === 'veth') {
        const peerNs = world.netns.get(link.peer.netns);
        const peer = peerNs?.links.get(link.peer.ifindex);
        if (!peer || peer.kind !== 'veth') bad.push(`${ns.name}: veth ${link.name} has no veth peer`);
        else if (peer.peer.netns !== ns.id || peer.peer.ifindex !== link.ifindex) bad.push(`${ns.name}: veth ${link.name}'s peer does not point back`);
      }
      if (link.master !== undefined && ns.links.get(link.master)?.kind !== 'bridge') bad.push(`${ns.name}: ${link.name} has a master that is no bridge here`);
    }
    for (const r of ns.routes) if (r.dev !== undefined && !ns.links.has(r.dev)) bad.push(`${ns.name}: a route uses missing ifindex ${r.dev}`);
    for (const a of ns.addrs) if (!ns.links.has(a.ifindex)) bad.push(`${ns.name}: an address is on missing ifindex ${a.ifindex}`);
    for (const n of ns.neigh) if (!ns.links.has(n.ifindex)) bad.push(`${ns.name}: a neighbour is on missing ifindex ${n.ifindex}`);
  }
  return bad;
}

describe('network model under random commands', () => {
  it('keeps its invariants, never throws, and leaves state unchanged on rejection', async () => {
    const text = scenarioText('bare-host')!;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (lines) => {
        const sb = createSandbox();
        sb.boot({ scenario: text });
        for (const line of lines) {
          const before = sb.snapshot();
          const r = await sb.exec(line, () => undefined);
          const world = (sb.snapshot().data as { world: World }).world;
          if (r.status !== 0) expect((world as World).netns, `rejected: ${line}`).toEqual((before.data as { world: World }).world.netns);
          expect(invariants(world), `after: ${line}`).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
