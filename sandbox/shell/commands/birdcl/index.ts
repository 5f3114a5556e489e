/**
 * birdcl, BIRD's light client (BIRD 1.6 as calico-node ships it, `BIRD v0.3.3+birdv1.6.8`):
 * `birdcl [-s SOCKET] show protocols` prints the banner, then the protocol table as
 * proto_cmd_show formats it (`%-8s %-8s %-8s %-5s  %-10s  %s`, the BGP info padded to 14 by
 * bgp_get_status). It talks to the BIRD of the node whose namespace it runs in; with no
 * BIRD there it cannot connect to the control socket.
 *
 * Only `show protocols` is modelled by this sandbox (not `show route`, `show protocols all`).
 */
import type { CommandSpec } from '../../types.ts';
import { birdOfNetns, birdProtocols, sinceText } from '../../../cluster/calico/status.ts';

const SOCKET = '/var/run/calico/bird.ctl';
const BANNER = 'BIRD v0.3.3+birdv1.6.8 ready.';

/** `birdcl [-s SOCKET] show protocols` */
export const birdcl: CommandSpec = {
  name: 'birdcl',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let socket = SOCKET;
    while (args[0] === '-s' || args[0] === '-l' || args[0] === '-v') {
      const opt = args.shift()!;
      if (opt === '-s') {
        const v = args.shift();
        if (v === undefined) { ctx.stderr.write('birdcl: option requires an argument -- \'s\'\nUsage: birdcl [-s <control-socket>] [-v] [-r] [-l]\n'); return 1; }
        socket = v;
      }
    }
    const found = socket === SOCKET ? birdOfNetns(ctx.world, ctx.netns.id) : undefined;
    if (!found) { ctx.stderr.write(`Unable to connect to server control socket (${socket}): No such file or directory\n`); return 1; }
    const cmd = args.join(' ');
    if (cmd === '') { ctx.stdout.write(`${BANNER}\n`); return 0; }
    if (!/^show\s+protocols?$/.test(cmd) && !/^sh(ow)?\s+p(rotocols?)?$/.test(cmd)) {
      ctx.stderr.write(`birdcl: "${cmd}" is not modelled by this sandbox (only show protocols)\n`);
      return 1;
    }
    const lines = [BANNER, 'name     proto    table    state  since       info'];
    for (const p of birdProtocols(found.bird)) {
      const info = p.proto === 'BGP' ? p.info.padEnd(14) : '';
      lines.push(`${p.name.padEnd(8)} ${p.proto.padEnd(8)} ${'master'.padEnd(8)} ${p.state.padEnd(5)}  ${sinceText(p.since).padEnd(10)}  ${info}`);
    }
    ctx.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
