// SCTP against real captures (tests/fixtures/sctp, made by capture.sh on kernel 6.18 with
// conntrack-tools 1.4.7 and tcpdump 4.99.3): tcpdump's decode of each chunk the simulator
// sends (print-sctp.c) and conntrack's states through an association and an ABORT
// (nf_conntrack_proto_sctp.c), the same packets fed to the simulator's printer and tracker.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Ipv4Packet, SctpChunk } from '../../sandbox/wire/index.ts';
import { parseIpv4 } from '../../sandbox/wire/index.ts';
import type { Skb } from '../../sandbox/net/skb.ts';
import { alterReply, conntrackConfirm, conntrackIn, createConntrack, listEntries } from '../../sandbox/net/conntrack/index.ts';
import { ipText } from '../../sandbox/shell/commands/tcpdump/print.ts';
import { formatEntry } from '../../sandbox/shell/commands/conntrack/format.ts';

const golden = (name: string): string => readFileSync(new URL(`../fixtures/sctp/golden/${name}`, import.meta.url), 'utf8');
const ip = (s: string): number => parseIpv4(s)!;
const C = ip('10.0.0.1');
const S = ip('10.0.0.2');
const VIP = ip('10.96.0.50');
const CT = 0x11111111;
const ST = 0x22222222;
const cookie = { localTag: ST, localTsn: 5000, peerTag: CT, peerTsn: 1000 };
const init = (type: 'INIT' | 'INIT ACK', tag: number, tsn: number): SctpChunk =>
  ({ type, initTag: tag, rwnd: 106496, os: 10, mis: 65535, initTsn: tsn, ...(type === 'INIT ACK' ? { cookie } : {}) });

/** The capture's packets in order, client to server when `out`, as they crossed veth-c (after DNAT). */
const STEPS: { out: boolean; port: number; vtag: number; chunks: SctpChunk[] }[] = [
  { out: true, port: 9999, vtag: 0, chunks: [init('INIT', CT, 1000)] },
  { out: false, port: 9999, vtag: CT, chunks: [init('INIT ACK', ST, 5000)] },
  { out: true, port: 9999, vtag: ST, chunks: [{ type: 'COOKIE ECHO', cookie }] },
  { out: false, port: 9999, vtag: CT, chunks: [{ type: 'COOKIE ACK' }] },
  { out: true, port: 9999, vtag: ST, chunks: [{ type: 'DATA', tsn: 1000, sid: 0, ssn: 0, ppid: 0, data: 'hostname\n' }] },
  { out: false, port: 9999, vtag: CT, chunks: [{ type: 'SACK', cumAck: 1000, arwnd: 106496 }, { type: 'DATA', tsn: 5000, sid: 0, ssn: 0, ppid: 0, data: 'sctp-server' }] },
  { out: true, port: 9999, vtag: ST, chunks: [{ type: 'SHUTDOWN', cumAck: 5000 }] },
  { out: false, port: 9999, vtag: CT, chunks: [{ type: 'SHUTDOWN ACK' }] },
  { out: true, port: 9999, vtag: ST, chunks: [{ type: 'SHUTDOWN COMPLETE', t: false }] },
  { out: true, port: 9998, vtag: 0, chunks: [init('INIT', CT, 1000)] },
  { out: false, port: 9998, vtag: CT, chunks: [{ type: 'ABORT', t: false }] },
];

const packet = (s: (typeof STEPS)[number], dst: number): Ipv4Packet => ({
  kind: 'ipv4', src: s.out ? C : S, dst: s.out ? dst : C, ttl: 64, id: 0, df: true,
  payload: { proto: 'sctp', sport: s.out ? 40000 : s.port, dport: s.out ? s.port : 40000, vtag: s.vtag, chunks: s.chunks },
});

/** Timestamps and the timeout column are what the simulator cannot know. */
const maskTimeout = (line: string): string => line.replace(/^(sctp {5}132) \d+ /, '$1 T ');

describe('SCTP as tcpdump prints it', () => {
  it('prints every chunk of an association and an ABORT as tcpdump 4.99 -n does', () => {
    const want = golden('tcpdump-n.txt').split('\n').filter((l) => l).map((l) => l.replace(/^\S+ /, ''));
    const got = STEPS.map((s) => ipText(packet(s, S), { n: 1, e: false, v: false }, new Map()));
    expect(got).toEqual(want);
  });
});

describe('SCTP conntrack states', () => {
  /** Feeds the steps of one port to a table with kube-proxy's DNAT VIP -> S; the listing after each reply. */
  function track(port: number): string[] {
    const ct = createConntrack();
    const out: string[] = [];
    let now = 0;
    for (const s of STEPS.filter((x) => x.port === port)) {
      now += 10;
      const skb: Skb = { mark: 0, pkt: packet(s, VIP) };
      if (!s.out) skb.pkt.src = S;
      conntrackIn(ct, 1, skb, now);
      const e = skb.ct !== undefined ? ct.entries.get(skb.ct) : undefined;
      // The nat table's DNAT binding on the flow's first packet (nf_nat_setup_info).
      if (e && !e.confirmed) alterReply(ct, e, { ...e.reply, src: S });
      conntrackConfirm(ct, 1, skb);
      if (!s.out || s.chunks[0]!.type === 'SHUTDOWN COMPLETE') out.push(...listEntries(ct, now).map((x) => maskTimeout(formatEntry(x, now, { extended: false, id: false }).trimEnd())));
    }
    return out;
  }
  const listings = (name: string): string[] => golden(name).split('\n').filter((l) => l.startsWith('sctp ')).map(maskTimeout);

  it('moves CLOSED -> COOKIE_WAIT -> ESTABLISHED [ASSURED] -> SHUTDOWN_ACK_SENT -> CLOSED as the kernel does', () => {
    // The capture lists after INIT ACK, COOKIE ACK, SACK+DATA, SHUTDOWN ACK and SHUTDOWN COMPLETE.
    expect(track(9999)).toEqual(listings('conntrack-assoc.txt'));
  });

  it('leaves a refused association CLOSED, replied and not assured', () => {
    const line = listings('conntrack-abort.txt').find((l) => l.includes('dport=9998 src'));
    expect(track(9998)).toEqual([line]);
  });
});
