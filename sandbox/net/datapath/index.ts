/**
 * datapath: the kernel's packet path in every namespace, and the event queue that moves
 * packets between namespaces in virtual time.
 *
 * Contract
 * - A sender calls `ipLocalOut` (sockets in ../socket-*.ts do); the packet walks OUTPUT,
 *   routing, POSTROUTING, the neighbour layer (ARP with queued packets) and the device's
 *   transmit (veth peer, NIC cable, bridge port via the FDB, VXLAN encapsulation, loopback).
 *   Arrival on another device is an event on `world.datapath.queue`; `pump` runs events in
 *   time order (deviceReceive -> bridge / ARP / ip_rcv -> PREROUTING -> local delivery with
 *   INPUT, or forwarding with TTL, FORWARD, POSTROUTING). Replies walk back the same way.
 * - Fates emerge from state only: no route (ENETUNREACH to the sender, ICMP net unreachable
 *   when forwarding), a rule's DROP/REJECT (nfHook), an unanswered ARP (FAILED, ICMP host
 *   unreachable after 3 s), ip_forward=0 (silent drop), TTL expiry in a loop (ICMP time
 *   exceeded), a closed port (RST / ICMP port unreachable), hairpin off on a bridge port.
 * - Every step is a hop (state.ts `hop`) in the walk of the command that caused it, named
 *   after the kernel function it stands for; netfilter adds its table/chain/rule hops to the
 *   same list through `skb.trace`. The world keeps the last TRACE_KEEP walks.
 * - Capture taps record frames crossing a device (xmit.ts `tapFrame`) for tcpdump.
 * - Deterministic: time is the world's clock, chance the world's rng.
 *
 * Files: types.ts (state on the world), state.ts (access, traces), queue.ts (events),
 * output.ts (local out, routing choice, POSTROUTING, the kernel's own answers),
 * neigh-resolve.ts (ARP), neigh-timer.ts (ARP retries and failure), xmit.ts (devices, bridge
 * transmit, taps), receive.ts (reception, bridge input/forward with br_netfilter, ip_rcv,
 * ip_forward), deliver.ts (protocols), icmp.ts (building errors, REJECT replies, echoes),
 * vxlan.ts (encap/decap), lookups.ts (the only door to route/neigh/fdb/sysctl/netfilter).
 *
 * May import: core, wire, net (never fabric or above: the world is seen as `DpWorld`).
 */
export { datapathOf, startTrace, traceById, hop, summarize } from './state.ts';
export { schedule, nextEventTime } from './queue.ts';
export { pump } from './pump.ts';
export { ipLocalOut, chooseRoute, icmpSend, sendReject, type RouteChoice } from './output.ts';
export { deviceReceive, ipRcv } from './receive.ts';
export { devXmit, tapFrame } from './xmit.ts';
export type { DatapathState, DpWorld, Hop, NetEvent, Socket, TcpSocket, UdpSocket, PingSocket, Tap, TapRecord, TraceRecord } from './types.ts';
