/**
 * The datapath's view of the rest of the kernel model: routing, neighbours, bridge and
 * VXLAN forwarding tables, sysctls (net/*.ts) and netfilter (net/netfilter/). Every call
 * the packet path makes into those modules goes through here, so the walk reads the same
 * state the `ip`, `bridge`, `sysctl` and `iptables` commands show and change.
 */
export { routeLookup } from '../route.ts';
export { neighLookup, neighUpdate } from '../neigh.ts';
export { fdbLearn, fdbLookup, vxlanFdbLookup } from '../fdb.ts';
export { getSysctl, hasBrNetfilter } from '../sysctl.ts';
export { nfHook } from '../netfilter/hook.ts';
export { linkByIndex } from '../link.ts';
export { peerOf } from '../link-peers.ts';
