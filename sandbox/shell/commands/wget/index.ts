/**
 * wget: which one runs depends on the machine, as on a real cluster. Nodes (Debian 12) and
 * the lab's namespaces have GNU Wget 1.21.3 (gnu.ts); busybox-based images (busybox,
 * agnhost, netshoot: their `sh` is busybox ash) have busybox's applet (busybox.ts). Both
 * speak HTTP through curl's client steps (curl/http-client.ts) and resolve names as curl
 * does (curl/resolve.ts).
 */
import type { CommandSpec } from '../../types.ts';
import { isBusyboxPod } from '../../../fabric/world.ts';
import { parseWgetArgs } from './args.ts';
import { gnuArgError, gnuMissingUrl, gnuWget } from './gnu.ts';
import { BUSYBOX_USAGE, busyboxArgError, busyboxWget } from './busybox.ts';

export const wget: CommandSpec = {
  name: 'wget',
  async run(ctx) {
    const bb = isBusyboxPod(ctx.machine);
    const p = parseWgetArgs(ctx.argv.slice(1));
    if (!p.ok) {
      ctx.stderr.write(bb ? busyboxArgError(p.error) : gnuArgError(p.error));
      return bb ? 1 : 2;
    }
    if (p.opts.urls.length === 0) {
      ctx.stderr.write(bb ? BUSYBOX_USAGE : gnuMissingUrl);
      return 1;
    }
    return bb ? busyboxWget(ctx, p.opts) : gnuWget(ctx, p.opts);
  },
};
