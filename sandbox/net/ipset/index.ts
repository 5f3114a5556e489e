/**
 * ipset: the kernel's IP sets per namespace (types.ts), their elements (entry.ts) and the
 * operations and listing ipset(8) reaches them through (sets.ts). iptables' `-m set` match
 * (../netfilter) looks packets up here; kube-proxy's IPVS mode fills the sets.
 * May import: core, wire, net types.
 */
export type { IpSet, IpSetState, IpSetType } from './types.ts';
export { parseElement, packetInSet, type SetDir } from './entry.ts';
export { changeMember, createSet, destroySet, findSet, flushSet, formatSet, ipsetsOf, setReferences, REVISION, SET_TYPES, type CreateOptions, type IpSetError } from './sets.ts';
