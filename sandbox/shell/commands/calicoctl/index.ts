/**
 * calicoctl (projectcalico/calico calicoctl, v3.28): `calicoctl node status` asks the BIRD
 * of the node it runs on and prints its BGP peers as a table (olekukonko/tablewriter:
 * centred headers, left-aligned cells, `+---+` borders), one row per `Mesh_` protocol with the
 * peer type `node-to-node mesh`, BIRD's state and since, and the BGP state as info; then the
 * IPv6 section, empty in an IPv4 cluster.
 *
 * Only `node status` is modelled by this sandbox; the pools are API objects here, so
 * `kubectl get ippools` and `kubectl patch ippool` stand in for `calicoctl get/patch ippool`.
 */
import type { CommandSpec } from '../../types.ts';
import { birdOfNetns, birdProtocols, sinceText } from '../../../cluster/calico/status.ts';

/** A tablewriter table: header centred (extra space on the right), cells left-aligned. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const centre = (t: string, w: number) => { const l = Math.floor((w - t.length) / 2); return ' '.repeat(l) + t + ' '.repeat(w - t.length - l); };
  const line = (cells: string[], f: (t: string, w: number) => string) => `|${cells.map((c, i) => ` ${f(c, widths[i]!)} `).join('|')}|`;
  return [rule, line(header, centre), rule, ...rows.map((r) => line(r, (t, w) => t.padEnd(w))), rule].join('\n') + '\n';
}

/** `calicoctl node status` */
export const calicoctl: CommandSpec = {
  name: 'calicoctl',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] !== 'node' || args[1] !== 'status' || args.length > 2) {
      ctx.stderr.write(`calicoctl: "${args.join(' ')}" is not modelled by this sandbox (only node status; use kubectl get/patch ippools for the pools)\n`);
      return 1;
    }
    const found = birdOfNetns(ctx.world, ctx.netns.id);
    if (!found) { ctx.stdout.write('Calico process is not running.\n'); return 1; }
    const peers = birdProtocols(found.bird).filter((p) => p.proto === 'BGP');
    let out = 'Calico process is running.\n\nIPv4 BGP status\n';
    out += peers.length === 0 ? 'No IPv4 peers found.\n'
      : table(['PEER ADDRESS', 'PEER TYPE', 'STATE', 'SINCE', 'INFO'], peers.map((p) => [p.peer ?? '', 'node-to-node mesh', p.state, sinceText(p.since), p.info]));
    out += '\nIPv6 BGP status\nNo IPv6 peers found.\n\n';
    ctx.stdout.write(out);
    return 0;
  },
};
