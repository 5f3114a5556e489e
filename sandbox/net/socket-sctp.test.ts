// Whatever SCTP packets arrive (any chunks, in any order, any tags, for a port with or without
// a listener) the socket layer and conntrack's SCTP tracker never throw, the socket table
// stays bounded, and conntrack's state is always one of nf_conntrack_proto_sctp.c's.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testWorld } from './test-world.ts';
import { createNetns } from './netns.ts';
import { sctpReceive } from './socket-sctp.ts';
import { datapathOf } from './datapath/state.ts';
import { sctpNext, SCTP_TIMEOUT_S } from './conntrack/sctp.ts';
import type { Ipv4Packet, SctpChunk, SctpPacket } from '../wire/index.ts';
import type { SctpCtState } from './conntrack/types.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const cookie = fc.record({ localTag: u32, localTsn: u32, peerTag: u32, peerTsn: u32 });
const chunk: fc.Arbitrary<SctpChunk> = fc.oneof(
  fc.record({ type: fc.constantFrom('INIT' as const, 'INIT ACK' as const), initTag: u32, rwnd: u32, os: fc.integer({ min: 0, max: 65535 }), mis: fc.integer({ min: 0, max: 65535 }), initTsn: u32 }),
  fc.record({ type: fc.constant('INIT ACK' as const), initTag: u32, rwnd: u32, os: fc.constant(10), mis: fc.constant(10), initTsn: u32, cookie }),
  fc.record({ type: fc.constant('COOKIE ECHO' as const), cookie }),
  fc.record({ type: fc.constant('DATA' as const), tsn: u32, sid: fc.constant(0), ssn: fc.constant(0), ppid: fc.constant(0), data: fc.string({ maxLength: 8 }) }),
  fc.record({ type: fc.constant('SACK' as const), cumAck: u32, arwnd: u32 }),
  fc.record({ type: fc.constant('SHUTDOWN' as const), cumAck: u32 }),
  fc.record({ type: fc.constantFrom('COOKIE ACK' as const, 'SHUTDOWN ACK' as const) }),
  fc.record({ type: fc.constantFrom('SHUTDOWN COMPLETE' as const, 'ABORT' as const), t: fc.boolean() }),
);
const packet = fc.record({ sport: fc.constantFrom(40000, 40001), dport: fc.constantFrom(9999, 9998), vtag: u32, chunks: fc.array(chunk, { maxLength: 3 }) })
  .map((p): SctpPacket => ({ proto: 'sctp', ...p }));

describe('SCTP never breaks', () => {
  it('takes any packets on a namespace with a listener without throwing or piling up sockets', () => {
    fc.assert(fc.property(fc.array(packet, { maxLength: 30 }), (pkts) => {
      const world = testWorld(1);
      const ns = createNetns(world, 'n');
      ns.listeners.push({ proto: 'sctp', addr: 0, port: 9999, serve: { app: 'nc-listen', params: {} } });
      for (const p of pkts) {
        const ip: Ipv4Packet = { kind: 'ipv4', src: 0x0a000001, dst: 0x0a000002, ttl: 64, id: 0, df: true, payload: p };
        sctpReceive(world, ns, ip, p, 0);
      }
      expect(datapathOf(world).sockets.size).toBeLessThanOrEqual(pkts.length);
    }));
  });

  it("moves conntrack's SCTP state only among the kernel's states, or calls the packet invalid", () => {
    const states = Object.keys(SCTP_TIMEOUT_S) as SctpCtState[];
    fc.assert(fc.property(fc.option(fc.constantFrom(...states), { nil: undefined }), packet, fc.constantFrom('original' as const, 'reply' as const), (state, p, dir) => {
      const next = sctpNext(state, p, dir);
      expect(next === 'invalid' || states.includes(next)).toBe(true);
    }));
  });
});
