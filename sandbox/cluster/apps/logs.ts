/**
 * Container logs written by the image servers (what `kubectl logs` prints): the app finds
 * its container through the listener params the kubelet set (`pod`, `container`). The net
 * layer hands apps the world when it has it (AppContext.world); without it nothing is logged.
 */
import type { World } from '../../fabric/world.ts';
import type { AppContext } from '../../net/apps/index.ts';
import { formatIpv4 } from '../../wire/index.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** Appends a line to the log of the container serving `ctx`. */
export function appendLog(ctx: AppContext, line: string): void {
  const world = ctx.world as World | undefined;
  const pod = ctx.params.pod;
  const rt = pod ? world?.cluster?.pods.get(pod) : undefined;
  const c = rt?.containers.find((x) => x.name === ctx.params.container);
  c?.logs.push(line);
}

/** nginx's `combined` access log line (plus the `"$http_x_forwarded_for"` of its default log_format main). */
export function nginxAccessLine(ctx: AppContext, method: string, target: string, version: string, status: number, bytes: number, ua: string): string {
  const d = ctx.now;
  const stamp = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  return `${formatIpv4(ctx.remote.addr)} - - [${stamp}] "${method} ${target} ${version}" ${status} ${bytes} "-" "${ua || '-'}" "-"`;
}
