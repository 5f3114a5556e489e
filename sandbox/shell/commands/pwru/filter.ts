/**
 * pwru's pcap-filter on hops: the same primitives as tcpdump's subset (host, src/dst,
 * port, tcp/udp/icmp, and/or/not), read from the packet summary each hop records
 * (`10.244.1.2:41576 > 10.96.0.10:80 tcp SYN`), so it applies to the packet as it is at
 * that hop (after DNAT, the hop shows the new destination, as pwru sees the rewritten skb).
 */
import type { Hop as TraceHop } from '../../../net/datapath/types.ts';
import { parseIpv4 } from '../../../wire/index.ts';
import { compileFilter } from '../tcpdump/filter.ts';
import type { EthernetFrame } from '../../../wire/index.ts';

/** A compiled hop filter. */
export type HopFilter = (h: TraceHop) => boolean;

/** The packet of a hop's summary as a frame the tcpdump filter can test (undefined: not IP). */
function frameOf(summary: string): EthernetFrame | undefined {
  const m = /^([\d.]+)(?::(\d+))? > ([\d.]+)(?::(\d+))? (tcp|udp|icmp)/.exec(summary);
  if (!m) return undefined;
  const src = parseIpv4(m[1]!);
  const dst = parseIpv4(m[3]!);
  if (src === undefined || dst === undefined) return undefined;
  const proto = m[5] as 'tcp' | 'udp' | 'icmp';
  const sport = Number(m[2] ?? 0);
  const dport = Number(m[4] ?? 0);
  const payload = proto === 'tcp'
    ? { proto, sport, dport, seq: 0, ack: 0, flags: {}, window: 0, data: '' } as const
    : proto === 'udp' ? { proto, sport, dport, payload: { kind: 'raw' as const, data: '' } } as const
      : { proto, type: 0, code: 0, dataLength: 0 } as const;
  return { src: '', dst: '', payload: { kind: 'ipv4', src, dst, ttl: 64, id: 0, df: false, payload } };
}

/** Compiles `words`; a string is tcpdump's error text. */
export function hopFilter(words: string[]): HopFilter | string {
  if (words.length === 0) return () => true;
  const f = compileFilter(words);
  if (typeof f === 'string') return f;
  return (h) => {
    const fr = frameOf(h.packet);
    return fr !== undefined && f(fr);
  };
}
