// The packet path end to end on small topologies: a TCP exchange with a listening app, a
// closed port's reset, ARP before the first packet, routing failures, TTL in a loop.
import { describe, expect, it } from 'vitest';
import { formatIpv4 } from '../../wire/index.ts';
import { tcpConnect, tcpWrite } from '../socket-tcp.ts';
import { pingOpen, pingSend } from '../socket-udp.ts';
import { pump } from './pump.ts';
import { datapathOf, startTrace } from './state.ts';
import { bridgeNode, ip, twoHosts } from './topo.test-helper.ts';
import { addRoute } from '../route.ts';

const GET = (host: string) => `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n`;

describe('datapath', () => {
  it('carries a TCP exchange to a listening app and back, with the client address the server sees', () => {
    const { world, a, b } = twoHosts();
    b.listeners.push({ proto: 'tcp', addr: 0, port: 8080, serve: { app: 'python-http', params: { name: 'b' } } });
    const trace = startTrace(world, 'curl');
    const r = tcpConnect(world, a, ip('10.0.0.2'), 8080, trace);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value;
    pump(world, 100, () => s.state === 'ESTAB');
    expect(s.state).toBe('ESTAB');
    tcpWrite(world, s, GET('10.0.0.2:8080'));
    pump(world, 200, () => s.peerFin);
    expect(s.rx).toMatch(/^HTTP\/1\.0 200 OK\r\nServer: BaseHTTP\/0\.6 Python\/3\.11\.2\r\n/);
    expect(s.rx.endsWith(`b: hello from 10.0.0.2:8080, you are 10.0.0.1:${s.lport}\n`)).toBe(true);
    // ARP happened first: both sides learnt each other.
    expect(a.neigh.find((n) => n.ip === ip('10.0.0.2'))?.lladdr).toBeDefined();
    expect(datapathOf(world).traces.at(-1)!.hops.some((h) => h.event === 'tcp_conn_request')).toBe(true);
  });

  it('answers a SYN to a closed port with a reset: the connect is refused', () => {
    const { world, a } = twoHosts();
    const r = tcpConnect(world, a, ip('10.0.0.2'), 9, 0);
    if (!r.ok) throw new Error('connect failed');
    pump(world, 100, () => r.value.state === 'CLOSED');
    expect(r.value.error).toBe('ECONNREFUSED');
  });

  it('fails a connect at once without a route (ENETUNREACH)', () => {
    const { world, a } = twoHosts();
    const r = tcpConnect(world, a, ip('192.168.7.7'), 80, 0);
    expect(r.ok ? 'ok' : r.errno).toBe('ENETUNREACH');
  });

  it('gives up on an unanswered neighbour after three ARP probes: EHOSTUNREACH', () => {
    const { world, a } = twoHosts();
    const r = tcpConnect(world, a, ip('10.0.0.9'), 80, 0);
    if (!r.ok) throw new Error('connect failed');
    pump(world, 10_000, () => r.value.state === 'CLOSED');
    expect(r.value.error).toBe('EHOSTUNREACH');
    expect(world.clock.ms).toBeGreaterThanOrEqual(3000);
    expect(a.neigh.find((n) => n.ip === ip('10.0.0.9'))?.state).toBe('FAILED');
  });

  it('routes pod to pod through the bridge and answers pings; TTL is 64 on the same bridge', () => {
    const { world, pa } = bridgeNode();
    const s = pingOpen(world, pa, 0);
    expect(pingSend(world, s, ip('10.244.1.3'), 1).ok).toBe(true);
    pump(world, 100, () => s.replies.length > 0);
    expect(s.replies[0]).toMatchObject({ seq: 1, ttl: 64 });
    expect(formatIpv4(s.replies[0]!.from)).toBe('10.244.1.3');
  });

  it('pings the gateway and forwards through the node (TTL decremented once)', () => {
    const { world, pa, node } = bridgeNode();
    // a second subnet on the node (its lo) reached through forwarding is the node itself:
    const s = pingOpen(world, pa, 0);
    pingSend(world, s, ip('10.244.1.1'), 1);
    pump(world, 100, () => s.replies.length > 0);
    expect(s.replies[0]?.ttl).toBe(64);
    expect(node.neigh.some((n) => n.ip === ip('10.244.1.2'))).toBe(true);
  });

  it('kills a packet caught in a routing loop by TTL and reports time exceeded', () => {
    const { world, a, b } = twoHosts();
    // a sends 10.9.0.0/16 to b, b sends it back to a: a loop.
    addRoute(a, { table: 254, type: 'unicast', dst: { addr: ip('10.9.0.0'), len: 16 }, via: ip('10.0.0.2'), dev: 2, proto: 'boot', scope: 'global' });
    const bEth = [...b.links.values()].find((l) => l.name === 'eth0')!;
    addRoute(b, { table: 254, type: 'unicast', dst: { addr: ip('10.9.0.0'), len: 16 }, via: ip('10.0.0.1'), dev: bEth.ifindex, proto: 'boot', scope: 'global' });
    for (const ns of [a, b]) ns.sysctl.set('net.ipv4.ip_forward', '1');
    const s = pingOpen(world, a, 0);
    pingSend(world, s, ip('10.9.1.1'), 1);
    pump(world, 1000, () => s.errors.length > 0);
    expect(s.errors[0]).toMatchObject({ type: 11, code: 0 });
  });
});
