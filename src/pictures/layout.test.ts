// The layout follows the structure: columns in the picture's order, a new pod takes a new slot
// without moving anything else, every step of a walk lands on a drawn anchor, and the text
// equivalent lists what the picture shows.
import { describe, expect, it } from 'vitest';
import { createSandbox } from '../../sandbox/api/sandbox.ts';
import { scenarioText } from '../../scripts/lesson-files.ts';
import { layoutTopology, stepAnchor } from './layout.ts';
import { topologyRows, walkRows, VERDICTS } from './text.ts';
import { visibleSteps } from './walk-view.ts';

async function lesson1(...lines: string[]) {
  const sb = createSandbox();
  sb.boot({ scenario: scenarioText('pod-ip-model')! });
  for (const line of lines) await sb.exec(line, () => undefined);
  return sb;
}

describe('topology layout', () => {
  it('puts machines left to right in order, the LAN bus below them', async () => {
    const l = layoutTopology((await lesson1()).topology!());
    const machines = l.shapes.filter((s) => s.kind === 'machine');
    expect(machines.map((s) => s.text)).toEqual(['node-1 (node)', 'node-2 (node)', 'node-3 (node)', 'internet (external)']);
    expect(machines.map((s) => s.x)).toEqual([...machines.map((s) => s.x)].sort((a, b) => a - b));
    const bus = l.shapes.find((s) => s.kind === 'bus')!;
    expect(bus.y).toBeGreaterThan(Math.max(...machines.map((s) => s.y + s.h)));
    expect(l.shapes.filter((s) => s.kind === 'tunnel')).toHaveLength(3);
  });

  it('gives a new pod a new slot: every other shape keeps its place', async () => {
    const sb = await lesson1();
    const before = layoutTopology(sb.topology!());
    await sb.exec('kubectl run extra --image=nginx', () => undefined);
    await sb.exec('sleep 5', () => undefined);
    const after = layoutTopology(sb.topology!());
    const at = new Map(after.shapes.map((s) => [s.key, `${s.x},${s.y}`]));
    const added = after.shapes.filter((s) => !before.shapes.some((b) => b.key === s.key));
    expect(added.some((s) => s.kind === 'pod' && s.text === 'extra')).toBe(true);
    // The column holding the new pod may widen (the columns right of it then slide, tweened);
    // everything in it and left of it stays put.
    const order = before.shapes.filter((s) => s.kind === 'machine').map((s) => s.key);
    const column = added.find((s) => s.kind === 'pod')!.key.split('/')[0]!;
    const upTo = new Set(order.slice(0, order.indexOf(column) + 1));
    const stay = before.shapes.filter((s) => upTo.has(s.key.split('/')[0]!));
    expect(stay.length).toBeGreaterThan(10);
    for (const s of stay) expect(at.get(s.key), s.key).toBe(`${s.x},${s.y}`);
  });

  it('anchors every step of a cross-node ping on something drawn', async () => {
    const sb = await lesson1('kubectl exec toolbox -c netshoot -- ping -c 1 10.244.1.3');
    const l = layoutTopology(sb.topology!());
    const w = sb.walk!()!;
    // Steps on the LAN switch's own bridge have no anchor of their own: the path runs along the bus.
    const missing = w.steps.filter((s) => !stepAnchor(l, s) && !(s.where.machine === 'gateway' && s.where.dev === 'br0'));
    expect(missing.map((s) => `${s.where.machine}/${s.where.pod ?? ''}/${s.where.dev ?? ''}`)).toEqual([]);
    // ARP is filtered out by default, the outer VXLAN packet is shown.
    const shown = visibleSteps(w, { arp: false, outer: true });
    expect(shown.some((s) => w.packets.find((p) => p.id === s.packet)!.kind === 'arp')).toBe(false);
    expect(shown.some((s) => w.packets.find((p) => p.id === s.packet)!.kind === 'encap')).toBe(true);
    const rows = walkRows(w, shown);
    expect(rows[0]).toEqual(['1', 'node-1 › toolbox', 'sent by a local socket', '10.244.0.3 > 10.244.1.3 icmp echo request seq 1', '', '✓ forwarded']);
    expect(rows.some((r) => r[1] === 'node-1 › flannel.1' && r[5] === `${VERDICTS.encapsulated.glyph} encapsulated`)).toBe(true);
  });

  it('lists every machine, pod and device in the table', async () => {
    const rows = topologyRows((await lesson1('ip link set cni0 down')).topology!());
    expect(rows).toContainEqual(['node-1', 'root', 'cni0', '10.244.0.1/24', '', 'DOWN']);
    expect(rows.some((r) => r[0] === 'node-2' && /^pod default\/whoami-2 \(cni-/.test(r[1]!) && r[2] === 'eth0' && r[3] === '10.244.1.3/24')).toBe(true);
    expect(rows.some((r) => r[1] === 'LAN switch' && r[4] === 'br0 port to node-3 eth0')).toBe(true);
  });
});
