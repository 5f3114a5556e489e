/**
 * Entries as `conntrack -L` prints them (conntrack-tools 1.4.7, libnetfilter_conntrack's
 * default output): `PROTO NUM TIMEOUT [STATE] ORIGINAL [UNREPLIED] REPLY [ASSURED] mark=0
 * use=1`, with `-o extended` prefixing the layer-3 protocol and `-o id` appending the id.
 */
import { formatIpv4 } from '../../../wire/index.ts';
import type { ConntrackEntry, Tuple } from '../../../net/conntrack/index.ts';

const PROTO_NUM = { tcp: 6, udp: 17, sctp: 132, icmp: 1 } as const;

function tuple(t: Tuple): string {
  const addrs = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} `;
  return t.proto === 'icmp' ? `${addrs}type=${t.dport} code=0 id=${t.sport} ` : `${addrs}sport=${t.sport} dport=${t.dport} `;
}

/** One entry line (with its newline); `now` is virtual ms. */
export function formatEntry(e: ConntrackEntry, now: number, output: { extended: boolean; id: boolean }): string {
  const o = e.original;
  let s = output.extended ? 'ipv4     2 ' : '';
  s += `${o.proto.padEnd(8)} ${PROTO_NUM[o.proto]} ${Math.max(0, Math.floor((e.expires - now) / 1000))} `;
  if (e.tcpState) s += `${e.tcpState} `;
  if (e.sctpState) s += `${e.sctpState} `;
  s += tuple(o);
  if (!e.seenReply) s += '[UNREPLIED] ';
  s += tuple(e.reply);
  if (e.assured) s += '[ASSURED] ';
  s += `mark=${e.mark} `;
  if (output.id) s += `id=${e.id} `;
  return `${s}use=1\n`;
}
