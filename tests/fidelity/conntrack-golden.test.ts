// conntrack -L against the reference lab: a pod's connection to the ClusterIP, walked through
// node1's hooks as the datapath would (bridged in from cni0, forwarded to the endpoint, the
// reply back), must print like one of the lines the lab captured, masking only the timer
// and the ephemeral ports. Namespaces whose rules need no conntrack (the LAN, a pod) track
// nothing, as the lab shows.
import { describe, expect, it } from 'vitest';
import { conntrack } from '../../sandbox/shell/commands/conntrack/index.ts';
import { iptables } from '../../sandbox/shell/commands/iptables/index.ts';
import { iptablesRestoreCommand } from '../../sandbox/shell/commands/iptables/restore.ts';
import { nfHook } from '../../sandbox/net/netfilter/index.ts';
import { addLink } from '../../sandbox/net/link.ts';
import { addAddress } from '../../sandbox/net/addr.ts';
import { parseIpv4, formatIpv4, type TcpFlags } from '../../sandbox/wire/index.ts';
import type { Skb } from '../../sandbox/net/skb.ts';
import type { Netns } from '../../sandbox/net/types.ts';
import { exec, golden, labNode, setupSteps } from './iptables-setup.helper.ts';

const CMDS = [conntrack, iptables, iptablesRestoreCommand];
const ip = (s: string): number => parseIpv4(s)!;

/** The lab's fixed ports; every other port (and ICMP id) is ephemeral or a random NAT pick. */
const FIXED = new Set([53, 80, 8080, 8472, 30080]);

/** Masks the timeout and the ephemeral ports of conntrack lines. */
const mask = (line: string): string =>
  line.replace(/^(\w+ +\d+) \d+ /, '$1 T ').replace(/(sport|dport|id)=(\d+)/g, (m, k: string, v: string) => (FIXED.has(Number(v)) ? m : `${k}=P`));

function dev(ns: Netns, name: string, addr: string, len: number): number {
  const l = addLink({ clock: { ms: 0, epochMs: 0 }, rng: { s: 1 }, netns: new Map([[ns.id, ns]]), nextNetnsId: 99 }, ns, { kind: 'dummy', name });
  if (!l.ok) throw new Error(name);
  const a = addAddress(ns, { family: 'inet', ifindex: l.value.ifindex, addr: ip(addr), len, scope: 'global' });
  if (!a.ok) throw new Error(addr);
  return l.value.ifindex;
}

async function node1() {
  const n = labNode('lab-node1');
  for (const s of setupSteps('lab-node1')) await exec(n.world, n.ns, n.machine, CMDS, s.argv, s.stdin);
  const eth0 = dev(n.ns, 'eth0', '10.0.16.11', 20);
  const flannel = dev(n.ns, 'flannel.1', '10.244.1.0', 32);
  const cni0 = dev(n.ns, 'cni0', '10.244.1.1', 24);
  const veth = dev(n.ns, 'veth3f6a1b2c', '169.254.99.1', 32);
  return { ...n, eth0, flannel, cni0, veth };
}

function seg(src: string, sport: number, dst: string, dport: number, flags: TcpFlags): Skb {
  return { pkt: { kind: 'ipv4', src: ip(src), dst: ip(dst), ttl: 64, id: 1, df: true, payload: { proto: 'tcp', sport, dport, seq: 0, ack: 0, flags, window: 1000, data: '' } }, mark: 0 };
}

describe('conntrack -L on lab-node1', () => {
  it('shows a pod -> ClusterIP connection like the lab did', async () => {
    const n = await node1();
    const { world, ns } = n;
    const route = (d: number): number => (((d >>> 8) & 0xff) === 2 ? n.flannel : n.cni0);
    // Client packets: bridged in from the pod's veth, routed to the endpoint.
    const fromPod = (flags: TcpFlags): Skb => {
      const s = seg('10.244.1.2', 58210, '10.96.0.10', 80, flags);
      s.indev = n.cni0;
      s.physIn = n.veth;
      expect(nfHook(world, ns, 'PREROUTING', s).verdict).toBe('accept');
      s.outdev = route(s.pkt.dst);
      expect(nfHook(world, ns, 'FORWARD', s).verdict).toBe('accept');
      expect(nfHook(world, ns, 'POSTROUTING', s).verdict).toBe('accept');
      return s;
    };
    const syn = fromPod({ syn: true });
    const backend = formatIpv4(syn.pkt.dst);
    const seen = formatIpv4(syn.pkt.src);
    const fromBackend = (flags: TcpFlags): Skb => {
      const s = seg(backend, 8080, seen, syn.pkt.payload.proto === 'tcp' ? syn.pkt.payload.sport : 0, flags);
      s.indev = route(ip(backend));
      expect(nfHook(world, ns, 'PREROUTING', s).verdict).toBe('accept');
      s.outdev = n.cni0;
      expect(nfHook(world, ns, 'FORWARD', s).verdict).toBe('accept');
      expect(nfHook(world, ns, 'POSTROUTING', s).verdict).toBe('accept');
      expect(formatIpv4(s.pkt.src)).toBe('10.96.0.10');
      expect(formatIpv4(s.pkt.dst)).toBe('10.244.1.2');
      return s;
    };
    fromBackend({ syn: true, ack: true });
    fromPod({ ack: true });
    fromPod({ fin: true, ack: true });
    fromBackend({ fin: true, ack: true });
    fromPod({ ack: true });
    world.clock.ms += 15_000;
    const r = await exec(world, ns, n.machine, CMDS, ['conntrack', '-L', '-d', '10.96.0.10']);
    expect(r.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(r.status).toBe(0);
    const goldenLines = new Set(golden('lab-node1.conntrack-L-d-clusterip').trimEnd().split('\n').map(mask));
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(goldenLines).toContain(mask(r.stdout.trimEnd()));
    expect(r.stdout).toMatch(/^tcp      6 105 TIME_WAIT /);
  });

  it('shows a NodePort connection from the LAN like the lab did (KUBE-MARK-MASQ, then MASQUERADE)', async () => {
    const n = await node1();
    const { world, ns } = n;
    const route = (d: number): number => (((d >>> 8) & 0xff) === 2 ? n.flannel : n.cni0);
    const fromLan = (flags: TcpFlags): Skb => {
      const s = seg('10.0.16.1', 58360, '10.0.16.11', 30080, flags);
      s.indev = n.eth0;
      expect(nfHook(world, ns, 'PREROUTING', s).verdict).toBe('accept');
      s.outdev = route(s.pkt.dst);
      expect(nfHook(world, ns, 'FORWARD', s).verdict).toBe('accept');
      expect(nfHook(world, ns, 'POSTROUTING', s).verdict).toBe('accept');
      return s;
    };
    const syn = fromLan({ syn: true });
    // The NodePort rule matched only because 10.0.16.11 is a LOCAL address of the node.
    expect(['10.244.1.2', '10.244.2.2']).toContain(formatIpv4(syn.pkt.dst));
    expect(formatIpv4(syn.pkt.src)).toBe(formatIpv4(syn.pkt.dst) === '10.244.2.2' ? '10.244.1.0' : '10.244.1.1');
    const fromBackend = (flags: TcpFlags): void => {
      const s = seg(formatIpv4(syn.pkt.dst), 8080, formatIpv4(syn.pkt.src), syn.pkt.payload.proto === 'tcp' ? syn.pkt.payload.sport : 0, flags);
      s.indev = route(syn.pkt.dst);
      nfHook(world, ns, 'PREROUTING', s);
      s.outdev = n.eth0;
      nfHook(world, ns, 'FORWARD', s);
      nfHook(world, ns, 'POSTROUTING', s);
      expect([formatIpv4(s.pkt.src), formatIpv4(s.pkt.dst)]).toEqual(['10.0.16.11', '10.0.16.1']);
    };
    fromBackend({ syn: true, ack: true });
    fromLan({ ack: true });
    fromLan({ fin: true, ack: true });
    fromBackend({ fin: true, ack: true });
    fromLan({ ack: true });
    world.clock.ms += 15_000;
    const r = await exec(world, ns, n.machine, CMDS, ['conntrack', '-L', '-p', 'tcp', '--dport', '30080']);
    const goldenLines = new Set(golden('lab-node1.conntrack-L').trimEnd().split('\n').map(mask));
    expect(goldenLines).toContain(mask(r.stdout.trimEnd()));
  });

  it('lists nothing where no rule needs conntrack, as in the LAN and in a pod', async () => {
    const n = labNode('lab-lan');
    n.ns.netfilter.tables.clear();
    const r = await exec(n.world, n.ns, n.machine, CMDS, ['conntrack', '-L']);
    expect(r.stdout).toBe(golden('lab-lan.conntrack-L'));
    expect(r.stderr).toBe(golden('lab-lan.conntrack-L', 'stderr'));
  });

  it('deletes by filter and reports the count, exit 1 when nothing matched', async () => {
    const n = await node1();
    const s = seg('10.244.1.2', 40000, '10.0.16.1', 80, { syn: true });
    s.indev = n.cni0;
    nfHook(n.world, n.ns, 'PREROUTING', s);
    s.outdev = n.eth0;
    nfHook(n.world, n.ns, 'FORWARD', s);
    nfHook(n.world, n.ns, 'POSTROUTING', s);
    const list = await exec(n.world, n.ns, n.machine, CMDS, ['conntrack', '-L', '-p', 'tcp', '--src-nat']);
    expect(list.stdout).toMatch(/^tcp      6 120 SYN_SENT src=10\.244\.1\.2 dst=10\.0\.16\.1 sport=40000 dport=80 \[UNREPLIED\] src=10\.0\.16\.1 dst=10\.0\.16\.11 sport=80 dport=\d+ mark=0 use=1\n$/);
    const none = await exec(n.world, n.ns, n.machine, CMDS, ['conntrack', '-D', '-p', 'udp']);
    expect([none.stderr, none.status]).toEqual(['conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted.\n', 1]);
    const del = await exec(n.world, n.ns, n.machine, CMDS, ['conntrack', '-D', '-s', '10.244.1.2']);
    expect([del.stderr, del.status]).toEqual(['conntrack v1.4.7 (conntrack-tools): 1 flow entries have been deleted.\n', 0]);
    expect((await exec(n.world, n.ns, n.machine, CMDS, ['conntrack', '-C'])).stdout).toBe('0\n');
  });
});
