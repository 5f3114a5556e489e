/**
 * The retransmission timer of an unresolved neighbour (neigh_timer_handler): probe again,
 * or after mcast_solicit (3) unanswered requests mark the entry FAILED and answer each
 * queued packet's sender with ICMP host unreachable (neigh_invalidate -> arp_error_report).
 * Apart from neigh-resolve.ts because the ICMP error goes back through ip output, which
 * itself resolves neighbours.
 */
import type { DpWorld as World } from './types.ts';
import { formatIpv4, type Ipv4 } from '../../wire/index.ts';
import { neighUpdate } from './lookups.ts';
import { datapathOf, hop, summarize } from './state.ts';
import { schedule } from './queue.ts';
import { ARP_RETRANS_MS, sendArpRequest } from './neigh-resolve.ts';
import { icmpSend } from './output.ts';

/** ARP requests before giving up (mcast_solicit). */
const ARP_PROBES = 3;

/** A retransmission timer of an unresolved neighbour fired: probe again or give up. */
export function arpTimer(world: World, netnsId: number, ifindex: number, ip: Ipv4): void {
  const dp = datapathOf(world);
  const i = dp.arpWaits.findIndex((w) => w.netns === netnsId && w.ifindex === ifindex && w.ip === ip);
  if (i < 0) return;
  const wait = dp.arpWaits[i]!;
  const ns = world.netns.get(netnsId);
  const dev = ns?.links.get(ifindex);
  if (!ns || !dev) {
    dp.arpWaits.splice(i, 1);
    return;
  }
  if (wait.probes < ARP_PROBES) {
    wait.probes++;
    const first = wait.queue[0];
    sendArpRequest(world, ns, dev, ip, first?.pkt.src ?? 0, first?.trace ?? 0);
    schedule(world, { kind: 'arp-timer', t: world.clock.ms + ARP_RETRANS_MS, netns: netnsId, ifindex, ip });
    return;
  }
  dp.arpWaits.splice(i, 1);
  neighUpdate(ns, { ifindex, ip, state: 'FAILED' }, world.clock.ms);
  for (const q of wait.queue) {
    hop(world, q.trace, ns, dev.name, 'kfree_skb', summarize(q.pkt), `SKB_DROP_REASON_NEIGH_FAILED: no ARP reply from ${formatIpv4(ip)}`);
    icmpSend(world, ns, q.pkt, 3, 1, q.trace);
  }
}
