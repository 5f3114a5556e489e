/**
 * kube-scheduler's NodePorts filter (pkg/scheduler/framework/plugins/nodeports and
 * framework.HostPortInfo): a pod fits a node only if none of its host ports is taken there.
 * A port is (protocol, hostIP, hostPort) for every container port with hostPort > 0; hostIP
 * 0.0.0.0 (or unset) takes the port on every address, so it conflicts with any hostIP, and a
 * specific hostIP conflicts with itself and with 0.0.0.0.
 */
import type { Pod } from '../types.ts';

/** The reason the filter reports per node (nodeports.ErrReason). */
export const NODE_PORTS_REASON = "node(s) didn't have free ports for the requested pod ports";

/** One wanted host port. */
export interface HostPort { protocol: string; ip: string; port: number }

/** The host ports a pod spec asks for. */
export const hostPortsOf = (spec: Pod['spec']): HostPort[] =>
  spec.containers.flatMap((c) => (c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0)
    .map((p) => ({ protocol: p.protocol ?? 'TCP', ip: p.hostIP || '0.0.0.0', port: p.hostPort! })));

const conflicts = (a: HostPort, b: HostPort): boolean =>
  a.port === b.port && a.protocol === b.protocol && (a.ip === b.ip || a.ip === '0.0.0.0' || b.ip === '0.0.0.0');

/** Whether any of `want` is taken by `used` (the ports of the pods already on the node). */
export const portsConflict = (want: readonly HostPort[], used: readonly HostPort[]): boolean =>
  want.some((w) => used.some((u) => conflicts(w, u)));
