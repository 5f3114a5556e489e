/**
 * Linux capabilities of the processes on a machine (capabilities(7)), as a container runtime
 * grants them. A node's or bare host's root has all of them (`Machine.capabilities`
 * undefined); a container has the runtime's default set unless its securityContext says
 * otherwise: `capabilities.add/drop`, or `privileged: true` for all of them and a writable
 * /proc/sys. What the kernel checks and where: rtnetlink and nf_tables writes and reads need
 * NET_ADMIN (netlink_ns_capable), raw and packet sockets NET_RAW (ping, tcpdump), mounting
 * (`ip netns add`) SYS_ADMIN.
 */
import type { Machine } from './world.ts';

/** A capability's name without the `CAP_` prefix, as Kubernetes spells it (`NET_ADMIN`). */
export type Capability = string;

/**
 * containerd's default set (pkg/oci/spec.go defaultUnixCaps, the same 14 as Docker's):
 * NET_RAW and NET_BIND_SERVICE are in it, NET_ADMIN and SYS_ADMIN are not.
 */
export const RUNTIME_DEFAULT_CAPS: readonly Capability[] = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP', 'SETPCAP',
  'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
];

/** Whether processes on `m` hold `cap`. */
export function hasCapability(m: Machine, cap: Capability): boolean {
  return m.capabilities === undefined || m.capabilities.includes(cap);
}

/** The container part of a pod spec this module reads (core/v1 SecurityContext). */
export interface ContainerSecurity {
  securityContext?: { privileged?: unknown; capabilities?: { add?: unknown; drop?: unknown } };
}

/**
 * The capabilities and /proc/sys mode a container starts with. Names are upper-cased with
 * any `CAP_` prefix removed, as containerd's WithCapabilities normalises them; `drop: [ALL]`
 * empties the default set before `add` applies (kuberuntime's ordering: drop, then add).
 */
export function containerCapabilities(ct: ContainerSecurity): Pick<Machine, 'capabilities' | 'procSysReadOnly'> {
  const sc = ct.securityContext;
  if (sc?.privileged === true) return {};
  const names = (v: unknown): string[] =>
    (Array.isArray(v) ? v : []).filter((x): x is string => typeof x === 'string').map((x) => x.toUpperCase().replace(/^CAP_/, ''));
  const drop = names(sc?.capabilities?.drop);
  const add = names(sc?.capabilities?.add);
  const base = drop.includes('ALL') ? [] : RUNTIME_DEFAULT_CAPS.filter((c) => !drop.includes(c));
  const caps = add.includes('ALL') ? undefined : [...new Set([...base, ...add])];
  return { ...(caps === undefined ? {} : { capabilities: caps }), procSysReadOnly: true };
}
