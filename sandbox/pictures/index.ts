/**
 * pictures: the topology of a live world and the walk of a command's packets, as picture
 * descriptions (types.ts) that the site draws (src/pictures/) and tabulates. Pure functions
 * of the world and a trace; they never change the world and never throw on any world the
 * shell can produce (a property test drives random commands).
 *
 * Files: types.ts (the descriptions), places.ts (which machine and pod a namespace is),
 * topology.ts (machines, bands, LAN bus, tunnels), packets.ts (packet identity and parents
 * from the hop list), walk.ts (steps), evidence.ts (the tools' words), route-line.ts.
 *
 * May import: core, wire, net, fabric, cluster, shell (formatters only). Imported by api.
 */
export { topology, COLLAPSE_AT, type TopologyOptions } from './topology.ts';
export { walk, type TraceInput } from './walk.ts';
export type * from './types.ts';
