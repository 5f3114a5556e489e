/**
 * Lays a topology picture out from its own structure (PICTURES.md "Layout"), without a layout
 * library: the picture is a fixed grid (a column per machine in scenario order, bands for
 * pods, bridge, host stack, overlay and uplink, the LAN as a bus underneath), so positions
 * follow from names and counts alone. That keeps it deterministic (the same world always
 * looks the same), stable (a new pod takes the next slot of its column; nothing else moves),
 * fast (well under a millisecond for a lesson) and free of a layout engine's download; a
 * general graph layouter (elkjs) would only pay off for free-form hand-wired namespaces.
 * Pure: no DOM; the drawing (draw.ts) turns shapes into SVG, the walk (walk-view.ts) finds
 * its anchors here.
 */
import type { DevicePicture, MachinePicture, StepPicture, TopologyPicture } from '../../sandbox/api/types.ts';

/** One thing to draw. `key` is stable across redraws (tweened when it moves). */
export interface Shape {
  key: string;
  kind: 'machine' | 'pod' | 'port' | 'bar' | 'gate' | 'wire' | 'bus' | 'tunnel' | 'label' | 'tile';
  x: number;
  y: number;
  w: number;
  h: number;
  /** Main text, and a smaller second line. */
  text?: string;
  sub?: string;
  /** Tooltip: generated names (`cni-…`, `veth8dbd…`) live here, not in the drawing. */
  title?: string;
  /** Visual state: down (hollow grey), dangling (a veth with no master). */
  state?: 'down' | 'dangling';
  /** Commands that show the element (the click menu). */
  commands?: string[];
  /** Line shapes: end point. */
  x2?: number;
  y2?: number;
}

export interface Layout {
  width: number;
  height: number;
  shapes: Shape[];
  /** Where a walk step is drawn, by `machine/pod/dev`, `machine/gate/HOOK`, `machine/stack`, `machine/pod`. */
  anchors: Map<string, { x: number; y: number }>;
}

const POD_W = 124;
const GAP = 10;
const COL_MIN = 250;
/** A column without pods (a router, an outside server) needs room for its devices only. */
const COL_BARE = 170;
const Y = { title: 14, pods: 54, podH: 78, veth: 150, bridge: 182, stack: 214, overlay: 286, uplink: 334, bottom: 372, tunnel: 388 };
const TILE = { w: 130, h: 70 };

const GATE_LABEL = { PREROUTING: 'PRE', INPUT: 'IN', FORWARD: 'FWD', OUTPUT: 'OUT', POSTROUTING: 'POST' } as const;

/** A name cut to `n` characters with an ellipsis (the full name is in the tooltip and the table). */
const fit = (name: string, n: number): string => (name.length > n ? `${name.slice(0, n - 1)}…` : name);

const label = (d: DevicePicture): string => (d.addrs.length > 0 ? `${d.name} · ${d.addrs.join(', ')}` : d.name);
const devState = (d: DevicePicture): Shape['state'] => (d.up ? undefined : 'down');
const subOf = (d: DevicePicture): string | undefined => [d.detail, d.mtu ? `mtu ${d.mtu}` : undefined, d.up ? undefined : 'DOWN'].filter(Boolean).join(' · ') || undefined;

/** Column width of a machine: room for its pods side by side. */
function columnWidth(m: MachinePicture): number {
  if (m.collapsed) return TILE.w;
  if (m.pods.length === 0 && m.bridges.length === 0) return Math.max(COL_BARE, (m.uplinks.length + m.others.length) * 150 + GAP);
  return Math.max(COL_MIN, m.pods.length * (POD_W + GAP) + GAP);
}

/** Shapes and anchors of a topology picture. */
export function layoutTopology(t: TopologyPicture): Layout {
  const shapes: Shape[] = [];
  const anchors = new Map<string, { x: number; y: number }>();
  let x = 10;
  const uplinkX = new Map<string, number>();
  for (const m of t.machines) {
    const w = columnWidth(m);
    if (m.collapsed) {
      const pods = m.pods.length;
      shapes.push({ key: m.key, kind: 'tile', x, y: Y.pods, w, h: TILE.h, text: m.name, sub: `${pods} pod${pods === 1 ? '' : 's'} · ${m.role}`, commands: [`ssh ${m.name} ip -br addr`] });
      anchors.set(`${m.name}/stack`, { x: x + w / 2, y: Y.pods + TILE.h / 2 });
      uplinkX.set(m.name, x + w / 2);
    } else {
      layoutMachine(m, x, w, shapes, anchors, uplinkX);
    }
    x += w + 24;
  }
  const width = Math.max(x, 400);
  // Tunnels stack between the machines and the bus, one lane each, so their labels never overlap.
  const busY = Y.tunnel + Math.max(1, t.tunnels.length) * 12 + 14;
  for (const lan of t.lans) {
    const xs = lan.ports.map((p) => uplinkX.get(p.machine)).filter((v): v is number => v !== undefined);
    const x1 = Math.min(10, ...xs);
    const x2 = Math.max(width - 10, ...xs);
    shapes.push({ key: lan.key, kind: 'bus', x: x1, y: busY, w: x2 - x1, h: 0, x2, y2: busY, text: `LAN: ${lan.machine} ${lan.bridge}${lan.addrs.length ? ` · ${lan.addrs.join(', ')}` : ''}`, commands: lan.commands });
    // The switch's own bridge and stack get no anchor: a walk runs along the bus from port to port.
    for (const p of lan.ports) {
      const px = uplinkX.get(p.machine);
      if (px === undefined) continue;
      shapes.push({ key: `${lan.key}/${p.port}`, kind: 'wire', x: px, y: Y.bottom, w: 0, h: 0, x2: px, y2: busY, title: `${p.machine} ${p.dev} ↔ ${lan.machine} ${p.port}` });
      anchors.set(`${lan.machine}//${p.port}`, { x: px, y: busY });
    }
    lan.others.forEach((d, i) => {
      const ox = x2 - 170 - i * 180;
      shapes.push({ key: d.key, kind: 'port', x: ox, y: busY + 14, w: 160, h: 22, text: label(d), title: d.peer ? `to ${d.peer.machine} ${d.peer.dev}` : d.name, commands: d.commands, ...(devState(d) ? { state: devState(d)! } : {}) });
      anchors.set(`${lan.machine}//${d.name}`, { x: ox + 80, y: busY + 14 });
      // A router's other leg (the gateway's wan0 to the internet) is wired to that machine.
      const px = d.peer ? uplinkX.get(d.peer.machine) : undefined;
      if (px !== undefined) shapes.push({ key: `${d.key}/wire`, kind: 'wire', x: px, y: Y.bottom, w: 0, h: 0, x2: ox + 80, y2: busY + 14, title: `${lan.machine} ${d.name} ↔ ${d.peer!.machine} ${d.peer!.dev}` });
    });
  }
  for (const [i, tun] of t.tunnels.entries()) {
    const a = anchors.get(`${tun.from.machine}//${tun.from.dev}`);
    const b = anchors.get(`${tun.to.machine}//${tun.from.dev}`) ?? anchors.get(`${tun.to.machine}/stack`);
    if (!a || !b) continue;
    const y = Y.tunnel + i * 12;
    shapes.push({ key: tun.key, kind: 'tunnel', x: a.x, y, w: 0, h: 0, x2: b.x, y2: y, text: `${tun.from.machine} ↔ ${tun.to.machine} · ${tun.label}`, title: `VXLAN ${tun.from.ip} ↔ ${tun.to.ip} (${tun.label})` });
  }
  return { width, height: busY + 48, shapes, anchors };
}

function layoutMachine(m: MachinePicture, x: number, w: number, shapes: Shape[], anchors: Layout['anchors'], uplinkX: Map<string, number>): void {
  const host = m.hostPods.length ? `host network: ${m.hostPods.join(', ')}` : undefined;
  shapes.push({ key: m.key, kind: 'machine', x, y: Y.title, w, h: Y.bottom - Y.title, text: `${m.name} (${m.role})`, ...(host ? { title: host } : {}), commands: [`ssh ${m.name}`, `ssh ${m.name} ip -br addr`, `ssh ${m.name} ip route`] });
  const bridgeOf = new Map<string, number>();
  m.bridges.forEach((b, i) => {
    const bw = w - 2 * GAP;
    const by = Y.bridge + i * 4;
    shapes.push({ key: b.key, kind: 'bar', x: x + GAP, y: by, w: bw, h: 16, text: label(b), ...(subOf(b) ? { sub: subOf(b)! } : {}), commands: b.commands, ...(devState(b) ? { state: devState(b)! } : {}) });
    anchors.set(`${m.name}//${b.name}`, { x: x + GAP + bw / 2, y: by + 8 });
    bridgeOf.set(b.name, by);
  });
  m.pods.forEach((p, i) => {
    const px = x + GAP + i * (POD_W + GAP);
    shapes.push({
      key: p.key, kind: 'pod', x: px, y: Y.pods, w: POD_W, h: Y.podH, text: fit(p.name, 15), sub: p.ip ?? 'no address',
      title: `${p.namespace ? `${p.namespace}/` : ''}${p.name} · netns ${p.netns}${p.containers.length ? ` · containers ${p.containers.join(', ')}` : ''}`, commands: p.commands,
    });
    const podKey = `${m.name}/${p.name}`;
    anchors.set(podKey, { x: px + POD_W / 2, y: Y.pods + 26 });
    p.devices.forEach((d, j) => {
      const dx = px + 8 + j * 70;
      shapes.push({ key: d.key, kind: 'port', x: dx, y: Y.pods + Y.podH - 24, w: 62, h: 20, text: d.name, title: `${label(d)}${d.mtu ? ` mtu ${d.mtu}` : ''}`, commands: d.commands, ...(devState(d) ? { state: devState(d)! } : {}) });
      anchors.set(`${m.name}/${p.name}/${d.name}`, { x: dx + 31, y: Y.pods + Y.podH - 14 });
    });
    const v = p.hostVeth;
    if (v) {
      const vx = px + 8;
      // A veth with neither a bridge nor a route to it carries nothing: drawn as broken.
      const dangling = v.master === undefined && !v.routed;
      shapes.push({ key: `${v.key}/wire`, kind: 'wire', x: vx + 31, y: Y.pods + Y.podH - 4, w: 0, h: 0, x2: vx + 31, y2: v.master === undefined ? Y.veth + 10 : (bridgeOf.get(v.master) ?? Y.bridge), ...(dangling ? { state: 'dangling' as const } : {}) });
      shapes.push({
        key: v.key, kind: 'port', x: vx, y: Y.veth, w: 62, h: 18, text: 'veth', title: `${v.name}${v.master ? ` (master ${v.master})` : v.routed ? ' (routed: the node has a route to the pod through it, no bridge)' : ' (no master: not plugged into a bridge)'}`,
        commands: v.commands, ...(dangling ? { state: 'dangling' as const } : devState(v) ? { state: devState(v)! } : {}),
      });
      anchors.set(`${m.name}//${v.name}`, { x: vx + 31, y: Y.veth + 9 });
    }
  });
  // Host stack: the netfilter gates (Services hang on PREROUTING/OUTPUT) and the routes.
  // Fixed size: a column that widens for a new pod leaves its gates where they were.
  const gw = 42;
  m.gates.forEach((g, i) => {
    const gx = x + GAP + i * (gw + 4);
    const svc = g.services.length ? ` · ${g.services.length} Services` : '';
    shapes.push({
      key: `${m.key}/gate/${g.hook}`, kind: 'gate', x: gx, y: Y.stack + 4, w: gw, h: 20, text: GATE_LABEL[g.hook], sub: g.services.length ? `${g.services.length} svc` : undefined,
      title: `${g.hook}: ${g.rules} rules${svc}${g.services.length ? `\n${g.services.map((s) => `${s.name} ${s.ip}:${s.port}`).join('\n')}` : ''}`,
      commands: [`ssh ${m.name} iptables -S ${g.hook}`, `ssh ${m.name} iptables -t nat -S ${g.hook}`],
    });
    anchors.set(`${m.name}/gate/${g.hook}`, { x: gx + gw / 2, y: Y.stack + 14 });
  });
  shapes.push({ key: `${m.key}/routes`, kind: 'label', x: x + GAP, y: Y.stack + 50, w: w - 2 * GAP, h: 14, text: `${m.routes.length} routes`, title: m.routes.join('\n'), commands: [`ssh ${m.name} ip route`] });
  anchors.set(`${m.name}/stack`, { x: x + w / 2, y: Y.stack + 40 });
  m.overlay.forEach((d, i) => {
    const ox = x + GAP + i * 150;
    shapes.push({ key: d.key, kind: 'port', x: ox, y: Y.overlay, w: Math.min(w - 2 * GAP, 220), h: 30, text: label(d), ...(subOf(d) ? { sub: subOf(d)! } : {}), commands: d.commands, ...(devState(d) ? { state: devState(d)! } : {}) });
    anchors.set(`${m.name}//${d.name}`, { x: ox + 20, y: Y.overlay + 15 });
  });
  const low = [...m.uplinks, ...m.others];
  low.forEach((d, i) => {
    const ux = x + GAP + i * 150;
    const uw = 140;
    shapes.push({ key: d.key, kind: 'port', x: ux, y: Y.uplink, w: uw, h: 30, text: label(d), ...(subOf(d) ? { sub: subOf(d)! } : {}), title: d.peer ? `${d.name} ↔ ${d.peer.machine} ${d.peer.dev}` : d.name, commands: d.commands, ...(devState(d) ? { state: devState(d)! } : {}) });
    anchors.set(`${m.name}//${d.name}`, { x: ux + uw / 2, y: Y.uplink + 15 });
    if (i === 0) uplinkX.set(m.name, ux + uw / 2);
  });
  if (!uplinkX.has(m.name)) uplinkX.set(m.name, x + w / 2);
}

/** The anchor a walk step is drawn at: its device, else its gate, pod or host stack. */
export function stepAnchor(layout: Layout, s: StepPicture): { x: number; y: number } | undefined {
  const a = layout.anchors;
  const pod = s.where.pod ?? '';
  if (s.kind === 'netfilter' || s.kind === 'nat') {
    const hook = /(PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING)/.exec(s.what)?.[1] ?? (s.kind === 'nat' ? (s.what.startsWith('SNAT') || s.what.startsWith('un-DNAT') ? 'POSTROUTING' : 'PREROUTING') : undefined);
    const g = hook ? a.get(`${s.where.machine}/gate/${hook}`) : undefined;
    if (g && !pod) return g;
  }
  if (s.where.dev !== undefined) {
    const d = a.get(`${s.where.machine}/${pod}/${s.where.dev}`);
    if (d) return d;
  }
  return (pod ? a.get(`${s.where.machine}/${pod}`) : undefined) ?? a.get(`${s.where.machine}/stack`);
}
