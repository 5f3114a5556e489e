/**
 * What every `ip` object shares: the parsed global options, the namespace the command
 * acts on, iproute2's word matching and its error conventions (ip(8), iproute2 6.1 source:
 * ip/ip.c, lib/utils.c). Exit statuses follow iproute2: 1 for most argument errors and
 * unknown objects, 255 (exit(-1)) for `invarg`/`duparg`/unknown subcommands, 2 when the
 * kernel refused (RTNETLINK answers / Error: extack).
 */
import type { Errno } from '../../../core/index.ts';
import type { Link, Netns } from '../../../net/types.ts';
import { linkByName } from '../../../net/link.ts';
import type { CommandContext } from '../../types.ts';
import { hasCapability } from '../../../fabric/capabilities.ts';

/** Global options (`ip [OPTIONS] OBJECT ...`). */
export interface IpOptions {
  /** -4 / -6 / -f inet|inet6|link. */
  family?: 'inet' | 'inet6' | 'link';
  brief: boolean;
  details: boolean;
  /** -s given N times. */
  stats: number;
  oneline: boolean;
  /** -j: JSON output (json.ts); `pretty` with -p. */
  json?: boolean;
  pretty?: boolean;
}

/** One `ip` invocation: its context, the namespace it acts on (-n) and its options. */
export interface IpRun {
  ctx: CommandContext;
  ns: Netns;
  opts: IpOptions;
}

/** iproute2's matches(): `word` is a non-empty prefix of `full`. */
export const matches = (word: string, full: string): boolean => word.length > 0 && full.startsWith(word);

/** Writes `message` (a line) to stderr and returns `status`. */
export function failWith(run: IpRun, status: number, message: string): number {
  run.ctx.stderr.write(message.endsWith('\n') ? message : message + '\n');
  return status;
}

/** strerror(3) texts for the errnos the kernel returns to rtnetlink. */
export const STRERROR: Readonly<Partial<Record<Errno, string>>> = {
  EEXIST: 'File exists', ENOENT: 'No such file or directory', ENODEV: 'No such device', ESRCH: 'No such process',
  EINVAL: 'Invalid argument', EPERM: 'Operation not permitted', EBUSY: 'Device or resource busy',
  ENOTEMPTY: 'Directory not empty', ERANGE: 'Numerical result out of range', EOPNOTSUPP: 'Operation not supported',
  ENETUNREACH: 'Network is unreachable', EHOSTUNREACH: 'No route to host', ECONNREFUSED: 'Connection refused',
  ETIMEDOUT: 'Connection timed out', EADDRINUSE: 'Address already in use', EADDRNOTAVAIL: 'Cannot assign requested address',
  ELOOP: 'Too many levels of symbolic links', ENOBUFS: 'No buffer space available', EAFNOSUPPORT: 'Address family not supported by protocol',
  ECONNRESET: 'Connection reset by peer', EACCES: 'Permission denied',
};

/**
 * The kernel's refusal as iproute2 prints it: `Error: <extack>` when the kernel sent an
 * extended ack message, else `RTNETLINK answers: <strerror>`; exit status 2.
 */
export function kernelError(run: IpRun, errno: Errno, extack?: string): number {
  const msg = extack && /[ .]/.test(extack) ? `Error: ${extack}` : `RTNETLINK answers: ${STRERROR[errno] ?? errno}`;
  return failWith(run, 2, msg);
}

/**
 * rtnetlink's capability check (netlink_ns_capable(CAP_NET_ADMIN) in rtnl_newlink,
 * inet_rtm_newaddr, ...): a container without NET_ADMIN gets EPERM for every change, after
 * iproute2's own argument checks and before the kernel looks at the request (so `ip link add
 * foo type nosuchkind` says EPERM too). Undefined when the change may go ahead.
 */
export const notPermitted = (run: IpRun): number | undefined =>
  (hasCapability(run.ctx.machine, 'NET_ADMIN') ? undefined : kernelError(run, 'EPERM'));

/**
 * A flush (`ip addr|route|neigh flush`) that has entries to remove, without NET_ADMIN:
 * iproute2's rtnl_send_check reports the first refused delete. The exit status is each
 * object's own (neigh 1, route 2, addr 255: real ip 6.1, fixtures/edges-node/caps.json).
 */
export const flushNotPermitted = (run: IpRun, status: number, pending: number): number | undefined =>
  (pending === 0 || hasCapability(run.ctx.machine, 'NET_ADMIN') ? undefined : failWith(run, status, 'Failed to send flush request: Operation not permitted'));

/** `Cannot find device "X"` (exit 1), what ll_name_to_index failures print. */
export const noDevice = (run: IpRun, name: string): number => failWith(run, 1, `Cannot find device "${name}"`);

/** The link named `name` in the run's namespace. */
export const devByName = (run: IpRun, name: string): Link | undefined => linkByName(run.ns, name);

/** invarg(): `Error: argument "X" is wrong: MSG` and exit 255. */
export const invarg = (run: IpRun, msg: string, arg: string): number =>
  failWith(run, 255, `Error: argument "${arg}" is wrong: ${msg}`);

/** duparg2(): `Error: either "KEY" is duplicate, or "ARG" is a garbage.` and exit 255. */
export const duparg2 = (run: IpRun, key: string, arg: string): number =>
  failWith(run, 255, `Error: either "${key}" is duplicate, or "${arg}" is a garbage.`);

/** Writes `text` to stdout. */
export const out = (run: IpRun, text: string): void => run.ctx.stdout.write(text);
