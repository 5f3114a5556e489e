/**
 * A route as `ip route` prints it, through iproute2's own formatter in the shell
 * (shell/commands/ip/route-format.ts), so the picture's host-stack band and the terminal
 * never disagree. The formatter reads only the world (for carrier) and the -d option.
 */
import type { Netns, Route } from '../net/types.ts';
import type { World } from '../fabric/world.ts';
import { formatRoute } from '../shell/commands/ip/route-format.ts';
import type { IpRun } from '../shell/commands/ip/common.ts';

/** `10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink` (no trailing space). */
export function formatRouteLine(world: World, ns: Netns, r: Route): string {
  const run = { ctx: { world }, ns, opts: { brief: false, details: false, stats: 0, oneline: false } } as unknown as IpRun;
  return formatRoute(run, ns, r).trimEnd();
}
