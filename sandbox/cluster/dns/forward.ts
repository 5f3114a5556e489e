/**
 * CoreDNS's `forward . /etc/resolv.conf` with real packets: a name outside the cluster zone
 * (and not a cluster PTR) is sent, as a UDP query from the CoreDNS pod, to the first
 * nameserver of the pod's own /etc/resolv.conf. CoreDNS runs with dnsPolicy Default, so that
 * file is the node's (the LAN resolver); its answer is relayed back to the client from the
 * address the client asked (the pod IP, un-DNATed to the kube-dns ClusterIP by the node's
 * conntrack). No nameserver, or no route to it: the caller answers SERVFAIL, as CoreDNS does
 * when no upstream is healthy. Not modelled: the forwarder's health checks and retries.
 */
import type { World } from '../../fabric/world.ts';
import type { AppContext } from '../../net/apps/index.ts';
import { udpRelay } from '../../net/socket-udp.ts';
import { parseIpv4, type DnsMessage, type UdpDatagram } from '../../wire/index.ts';
import { parseResolvConf } from './resolv-conf.ts';
import type { CacheSpec } from '../../net/apps/dns-cache.ts';

/** The upstream CoreDNS in namespace `netns` forwards to (its resolv.conf's first nameserver). */
export function upstreamOf(world: World, netns: number): string | undefined {
  for (const m of world.machines.values()) {
    if (m.netns !== netns) continue;
    const rc = m.files.get('/etc/resolv.conf');
    if (rc !== undefined) return parseResolvConf(rc).nameservers[0];
  }
  return undefined;
}

/**
 * Sends the query upstream; true when it left (the answer is relayed later). `servfail` is what
 * the client gets if the upstream refuses (ICMP port unreachable). With `appendTo` the query is
 * CoreDNS's own lookup of an ExternalName's target (plugin/backend_lookup.go A: `b.Lookup`, the
 * upstream package re-entering the server's chain, so `forward`): the client gets `appendTo`
 * (the CNAME) followed by the upstream's answer records. `tcp`: the client's connection, when it
 * asked over TCP (the answer is written back on it; the upstream query itself goes over UDP,
 * where CoreDNS's forward would use TCP for a TCP client: not modelled). `cache`: the cache
 * plugin in front keeps the answer (net/apps/dns-cache.ts).
 */
export function forwardQuery(world: World, ctx: AppContext, payload: UdpDatagram['payload'], servfail: UdpDatagram['payload'], appendTo?: DnsMessage, tcp?: number, cache?: CacheSpec): boolean {
  if (ctx.netns === undefined) return false;
  const ns = world.netns.get(ctx.netns);
  const server = upstreamOf(world, ctx.netns);
  const addr = server === undefined ? undefined : parseIpv4(server);
  if (!ns || addr === undefined) return false;
  return udpRelay(world, ns, addr, 53, payload, { laddr: ctx.local.addr, lport: ctx.local.port, raddr: ctx.remote.addr, rport: ctx.remote.port, onError: servfail, ...(appendTo ? { appendTo } : {}), ...(tcp !== undefined ? { tcp } : {}), ...(cache ? { cache } : {}) }, 0).ok;
}
