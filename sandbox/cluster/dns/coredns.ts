/**
 * CoreDNS as a server app (`coredns` and `coredns-tcp` in ../apps/index.ts; the image
 * `registry.k8s.io/coredns/coredns`, distroless: no shell, is in ../images.ts). It answers each datagram
 * to port 53 from the API objects of the world it arrived in, through the kubernetes plugin
 * logic of records.ts. The view is rebuilt when the store's resourceVersion moves; its SOA
 * serial is the Unix time of that change, as the plugin's is.
 *
 * `forward . /etc/resolv.conf` sends names outside the zone upstream as real UDP queries to
 * the CoreDNS pod's resolv.conf nameserver (forward.ts). Without a reachable upstream such
 * names get SERVFAIL, as CoreDNS answers when its upstream does not respond. An
 * ExternalName Service whose target is outside the zone is completed the same way: CoreDNS
 * looks the target up through `forward` and answers the CNAME followed by the target's records.
 */
import type { DnsMessage, UdpDatagram } from '../../wire/index.ts';
import { wallDate } from '../../core/index.ts';
import type { World } from '../../fabric/world.ts';
import type { ClusterState } from '../types.ts';
import { dnsViewOf, type DnsClusterView } from './view.ts';
import { answerQuery, type Forwarder } from './records.ts';
import { forwardQuery } from './forward.ts';
import type { AppContext, TcpApp, TcpAppReply, UdpApp } from '../../net/apps/index.ts';
import { frameDns, unframeDns } from '../../wire/dns-wire.ts';
import { cacheKey, cacheLookup, cacheStore, type CacheSpec } from '../../net/apps/dns-cache.ts';

const views = new WeakMap<ClusterState, { rv: number; view: DnsClusterView }>();

/** The DNS view of a cluster, cached until the store changes. */
export function currentView(c: ClusterState, now: Date): DnsClusterView {
  const hit = views.get(c);
  if (hit && hit.rv === c.resourceVersion) return hit.view;
  const view = dnsViewOf(c, Math.floor(now.getTime() / 1000));
  views.set(c, { rv: c.resourceVersion, view });
  return view;
}

/**
 * CoreDNS's answer to one datagram's payload (undefined for what is not a DNS query, or when
 * the answer will come from upstream). With `cache` in the Corefile the cache plugin answers
 * first and keeps what the chain behind it answers (net/apps/dns-cache.ts).
 */
export function corednsRespond(world: World | undefined, payload: UdpDatagram['payload'], ctx?: AppContext, tcp?: number): UdpDatagram['payload'] | undefined {
  if (payload.kind !== 'dns' || payload.message.response) return undefined;
  const c = world?.cluster;
  if (!world || !c) return undefined;
  const view = currentView(c, wallDate(world.clock));
  const ns = ctx?.netns === undefined ? undefined : world.netns.get(ctx.netns);
  const cacheTtl = ns ? view.cacheTtl : undefined;
  if (ns && cacheTtl !== undefined) {
    const hit = cacheLookup(ns, payload.message, world.clock.ms, view.config);
    if (hit) return { kind: 'dns', message: hit };
  }
  // Note what the plugin chain sent to `forward`: the client's query (a name outside the
  // zone), or CoreDNS's own lookup of an ExternalName's target; forward.ts sends it upstream.
  let asked: DnsMessage | undefined;
  const fallThrough: Forwarder = (q) => { asked = q; return undefined; };
  const msg: DnsMessage = answerQuery(view, payload.message, fallThrough);
  const key = cacheKey(payload.message);
  const cache: CacheSpec | undefined = cacheTtl === undefined || key === undefined ? undefined : { key, maxTtl: cacheTtl, config: view.config };
  const answer: UdpDatagram['payload'] = { kind: 'dns', message: msg };
  const kept = (): UdpDatagram['payload'] => (ns && cache ? { kind: 'dns', message: cacheStore(ns, cache, msg, world.clock.ms) } : answer);
  if (!asked || !ctx) return kept();
  // Its own lookup: the client gets the CNAME now built, completed by the upstream's records.
  const own = asked !== payload.message;
  if (forwardQuery(world, ctx, own ? { kind: 'dns', message: asked } : payload, answer, own ? msg : undefined, tcp, cache)) return undefined;
  return kept();
}

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): CoreDNS's server listens on TCP 53 as well (`.:53`
 * serves both). Each length-prefixed query on the connection gets a length-prefixed answer,
 * the same as over UDP (no truncation over TCP); the connection stays open for more queries
 * until the client closes it. A malformed message closes the connection.
 */
export function corednsTcpRespond(ctx: AppContext, buffered: string): TcpAppReply | undefined {
  const f = unframeDns(buffered);
  if (!f) return undefined;
  if (!f.msg) return { writes: [], close: true, consumed: f.consumed };
  const a = corednsRespond(ctx.world as World | undefined, { kind: 'dns', message: f.msg }, ctx, ctx.socket);
  return { writes: a?.kind === 'dns' ? [frameDns(a.message)] : [], close: false, consumed: f.consumed };
}

/** CoreDNS on UDP 53. */
export const coredns: UdpApp = {
  proto: 'udp',
  respond: (ctx, payload) => corednsRespond(ctx.world as World | undefined, payload, ctx),
};

/** CoreDNS on TCP 53. */
export const corednsTcp: TcpApp = { proto: 'tcp', respond: corednsTcpRespond };

