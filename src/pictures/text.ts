/**
 * The words of the pictures: verdict glyphs and names (PICTURES.md "Verdicts": a glyph and a
 * word, never colour alone), where a step happened, and the rows of the text-equivalent tables
 * (Walk: Step · Where · What happened · Packet · Evidence · Verdict; Topology: per machine its
 * namespaces, devices and links). Pure, so the tables and the drawing say the same thing.
 */
import type { StepPicture, TopologyPicture, Verdict, WalkPicture } from '../../sandbox/api/types.ts';

/** Glyph, word and colour (Okabe-Ito, readable on light and dark) of each verdict. */
export const VERDICTS: Record<Verdict, { glyph: string; word: string; colour: string; dashed?: boolean }> = {
  forwarded: { glyph: '✓', word: 'forwarded', colour: '#0072B2' },
  delivered: { glyph: '✓', word: 'delivered', colour: '#0072B2' },
  rewritten: { glyph: '⇄', word: 'rewritten', colour: '#CC79A7' },
  encapsulated: { glyph: '▭', word: 'encapsulated', colour: '#009E73', dashed: true },
  // PICTURES.md names ⏸ (U+23F8); few text fonts carry it (none on a stock Debian), so the
  // double bar that every font has stands in for it.
  waiting: { glyph: '‖', word: 'waiting for ARP', colour: '#E69F00' },
  dropped: { glyph: '✕', word: 'dropped', colour: '#D55E00' },
  rejected: { glyph: '↩', word: 'rejected', colour: '#D55E00', dashed: true },
};

/** `node-1 › toolbox › eth0` (the root namespace is not named). */
export function whereText(s: StepPicture): string {
  return [s.where.machine, s.where.pod, s.where.dev].filter((x): x is string => x !== undefined && x !== '').join(' › ');
}

/** `10.96.100.10:80 → 10.244.0.6:80` style: before → after when the step changed the packet. */
export function packetText(s: StepPicture): string {
  return s.before !== undefined && s.before !== s.packetText ? `${s.before} → ${s.packetText}` : s.packetText;
}

/** The verdict as text: `✕ dropped`. */
export const verdictText = (v: Verdict): string => `${VERDICTS[v].glyph} ${VERDICTS[v].word}`;

/** Rows of the walk's table, one per step. */
export function walkRows(w: WalkPicture, steps: readonly StepPicture[] = w.steps): string[][] {
  return steps.map((s, i) => [
    String(i + 1),
    whereText(s),
    s.what,
    packetText(s),
    s.evidence.map((e) => e.text).join('\n'),
    verdictText(s.verdict) + (w.dying === s.index ? ' (where it died)' : ''),
  ]);
}

/** Rows of the topology's table: machine, namespace, device, addresses, link. */
export function topologyRows(t: TopologyPicture): string[][] {
  const rows: string[][] = [];
  for (const m of t.machines) {
    const devs = [...m.bridges, ...m.overlay, ...m.uplinks, ...m.others];
    for (const d of devs) {
      rows.push([m.name, 'root', d.name, d.addrs.join(', '), linkText(d.peer, d.master, d.detail), d.up ? 'UP' : 'DOWN']);
    }
    for (const p of m.pods) {
      for (const d of p.devices) {
        const host = p.hostVeth ? `veth peer ${p.hostVeth.name}${p.hostVeth.master ? ` (master ${p.hostVeth.master})` : ' (no master)'}` : linkText(d.peer, d.master, d.detail);
        rows.push([m.name, `${p.namespace ? `pod ${p.namespace}/` : 'netns '}${p.name} (${p.netns})`, d.name, d.addrs.join(', '), host, d.up ? 'UP' : 'DOWN']);
      }
    }
  }
  for (const lan of t.lans) {
    for (const p of lan.ports) rows.push([lan.machine, 'LAN switch', p.port, lan.addrs.join(', '), `${lan.bridge} port to ${p.machine} ${p.dev}`, '']);
  }
  for (const tun of t.tunnels) rows.push([tun.from.machine, 'root', tun.from.dev, tun.from.ip, `VXLAN tunnel to ${tun.to.machine} (${tun.to.ip}), ${tun.label}`, '']);
  return rows;
}

function linkText(peer: { machine: string; dev: string } | undefined, master: string | undefined, detail: string | undefined): string {
  return [peer ? `peer ${peer.machine} ${peer.dev}` : undefined, master ? `master ${master}` : undefined, detail].filter(Boolean).join(', ');
}
