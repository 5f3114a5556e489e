/**
 * net: one network namespace's kernel, as plain functions over the plain data of types.ts.
 *
 * Contract: every operation takes the state it changes (a `Netns`, and the `World` when a
 * change crosses namespaces: veth peers, moving links) and returns a `Result` with an errno
 * for what the kernel would refuse; nothing here throws for bad input, prints, or keeps
 * state of its own. State stays plain (Maps, arrays) so a world snapshots with structuredClone.
 *
 * Parts (each module cites the kernel code whose behaviour it reproduces):
 * - netns.ts      create/delete namespaces
 * - link.ts       links: add (veth/bridge/vxlan/dummy/ether), lookup, master, mtu, mac,
 *                 rename, move to another namespace, delete
 * - link-state.ts up/down, carrier, operstate, IPv6 link-local and bridge learning on link-up
 * - addr.ts       IPv4 addresses and the kernel routes they install
 * - route.ts      route add/del/replace, FIB lookup and source address selection
 * - neigh.ts      the neighbour (ARP) table and its NUD states
 * - fdb.ts        bridge and VXLAN forwarding databases
 * - ipv6.ts       EUI-64 link-local addresses, IPv6 text
 * - sysctl.ts     sysctls with kernel defaults, /proc/sys paths
 * - netfilter/, conntrack/ (owned separately), datapath/ (the packet walk)
 * - ipset/ (IP sets for `-m set`), ipvs/ (IPVS virtual services and connections)
 *
 * May import: core and wire only (the world is seen through `NetWorld` in types.ts).
 */
export * from './netns.ts';
export * from './link.ts';
export * from './link-state.ts';
export * from './addr.ts';
export * from './route.ts';
export * from './neigh.ts';
export * from './fdb.ts';
export * from './sysctl.ts';
export * from './ipv6.ts';
