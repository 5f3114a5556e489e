// IPVS's connection side (ip_vs_core.c ip_vs_in/ip_vs_out, ip_vs_rr.c, ip_vs_sched_persist,
// ip_vs_proto_tcp.c states and timeouts).
import { describe, expect, it } from 'vitest';
import { createNetns } from '../netns.ts';
import { createWorld } from '../../fabric/world.ts';
import { parseIpv4, type Ipv4Packet, type TcpFlags } from '../../wire/index.ts';
import { addService, changeDest, deleteService, destConns, findService, ipvsIn, ipvsOut, liveConns } from './index.ts';

const ip = (s: string) => parseIpv4(s)!;
const tcp = (src: string, sport: number, dst: string, dport: number, flags: TcpFlags): Ipv4Packet => ({
  kind: 'ipv4', src: ip(src), dst: ip(dst), ttl: 64, id: 1, df: true,
  payload: { proto: 'tcp', sport, dport, seq: 0, ack: 0, flags, window: 1000, data: '' },
});
const SYN = { syn: true };
const VIP = '10.96.0.20';

function table(persistent?: number) {
  const world = createWorld(1);
  const ns = createNetns(world, 'node');
  addService(ns, { proto: 'tcp', addr: ip(VIP), port: 80, scheduler: 'rr', ...(persistent ? { persistent } : {}) });
  for (const d of ['10.244.0.5', '10.244.1.5', '10.244.1.6']) changeDest(ns, 'add', 'tcp', ip(VIP), 80, ip(d), 8080);
  return ns;
}
const dest = (v: ReturnType<typeof ipvsIn>) => (v.kind === 'nat' ? `${v.conn.daddr >>> 24}.${(v.conn.daddr >>> 16) & 255}.${(v.conn.daddr >>> 8) & 255}.${v.conn.daddr & 255}` : v.kind);

describe('ip_vs_in', () => {
  it('schedules new connections round robin over the real servers in the order added', () => {
    const ns = table();
    const picks = [1, 2, 3, 4].map((i) => dest(ipvsIn(ns, tcp('10.244.0.9', 40000 + i, VIP, 80, SYN), 0)));
    expect(picks).toEqual(['10.244.0.5', '10.244.1.5', '10.244.1.6', '10.244.0.5']);
  });

  it('keeps a connection on its server, and passes a non-SYN segment without one to the stack', () => {
    const ns = table();
    const first = ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, SYN), 0);
    expect(dest(ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, { ack: true }), 1))).toBe(dest(first));
    expect(ipvsIn(ns, tcp('10.244.0.9', 40001, VIP, 80, { ack: true }), 1)).toEqual({ kind: 'pass' });
    // Another address or port is no virtual service.
    expect(ipvsIn(ns, tcp('10.244.0.9', 40002, VIP, 81, SYN), 1)).toEqual({ kind: 'pass' });
  });

  it('sends a persistent client to the same server through a template, whatever its port', () => {
    const ns = table(10800);
    const picks = [1, 2, 3].map((i) => dest(ipvsIn(ns, tcp('10.244.0.9', 40000 + i, VIP, 80, SYN), i)));
    expect(new Set(picks).size).toBe(1);
    const other = dest(ipvsIn(ns, tcp('10.244.0.10', 40000, VIP, 80, SYN), 4));
    expect(other).not.toBe(picks[0]);
    const templates = liveConns(ns, 5).filter((c) => c.template);
    expect(templates.map((t) => [t.cport, t.state])).toEqual([[0, 'NONE'], [0, 'NONE']]);
    // The template lasts the persistence timeout, then the client is scheduled afresh.
    expect(templates[0]!.expires).toBe(3 + 10800 * 1000);
  });

  it('has no destination for a virtual service without a usable real server', () => {
    const ns = table();
    for (const d of ['10.244.0.5', '10.244.1.5', '10.244.1.6']) changeDest(ns, 'edit', 'tcp', ip(VIP), 80, ip(d), 8080, 0);
    expect(ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, SYN), 0)).toEqual({ kind: 'no-dest' });
  });
});

describe('connection states and counters', () => {
  it('counts a connection inactive until the client ACKs, active when established, inactive after FINs', () => {
    const ns = table();
    const svc = findService(ns, 'tcp', ip(VIP), 80)!;
    const d = svc.dests[0]!;
    ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, SYN), 0);
    expect(destConns(ns, svc, d, 1)).toEqual({ active: 0, inactive: 1 });
    expect(ipvsOut(ns, tcp('10.244.0.5', 8080, '10.244.0.9', 40000, { syn: true, ack: true }), 2)).toBeDefined();
    ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, { ack: true }), 3);
    expect(destConns(ns, svc, d, 4)).toEqual({ active: 1, inactive: 0 });
    expect(liveConns(ns, 4)[0]!.expires).toBe(3 + 900_000);
    ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, { fin: true, ack: true }), 5);
    ipvsOut(ns, tcp('10.244.0.5', 8080, '10.244.0.9', 40000, { fin: true, ack: true }), 6);
    expect(liveConns(ns, 7)[0]!.state).toBe('TIME_WAIT');
    expect(destConns(ns, svc, d, 7)).toEqual({ active: 0, inactive: 1 });
    // In packets from the client, out packets from the server.
    expect([svc.stats.conns, svc.stats.inpkts, svc.stats.outpkts]).toEqual([1, 3, 2]);
    // Expired entries are gone.
    expect(liveConns(ns, 6 + 120_000)).toEqual([]);
  });

  it('drops a deleted service\'s connections with it', () => {
    const ns = table();
    ipvsIn(ns, tcp('10.244.0.9', 40000, VIP, 80, SYN), 0);
    expect(deleteService(ns, 'tcp', ip(VIP), 80)).toBeUndefined();
    expect(liveConns(ns, 1)).toEqual([]);
    expect(deleteService(ns, 'tcp', ip(VIP), 80)).toBe('ESRCH');
  });
});
