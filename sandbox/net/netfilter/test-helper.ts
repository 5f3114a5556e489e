/**
 * Fixtures for netfilter's unit tests: a node-like namespace (eth0 10.0.16.11/20, cni0
 * 10.244.1.1/24, flannel.1 10.244.1.0/32) built with the net functions `ip` uses, rules
 * loaded with the iptables parser, and packets to push through hooks.
 */
import { parseIpv4, type Ipv4Packet, type TcpFlags } from '../../wire/index.ts';
import { createNetns } from '../netns.ts';
import { addLink } from '../link.ts';
import { addAddress } from '../addr.ts';
import { testWorld } from '../test-world.ts';
import type { NetWorld, Netns } from '../types.ts';
import type { Skb } from '../skb.ts';
import { parseCommand } from './parse.ts';
import { ensureTable, netfilterChanged } from './tables.ts';
import { appendRules, insertRules, isNfError, newChain, setPolicy } from './ops.ts';
import type { TableName } from './types.ts';

export const ip = (s: string): number => parseIpv4(s)!;

/** A node namespace; returns the world, the namespace and its devices' ifindexes. */
export function node(seed = 5): { world: NetWorld; ns: Netns; eth0: number; cni0: number; flannel: number } {
  const world = testWorld(seed);
  const ns = createNetns(world, 'node-1');
  const dev = (name: string, cidr: string, len: number): number => {
    const r = addLink(world, ns, { kind: 'dummy', name });
    if (!r.ok) throw new Error(`fixture link ${name}`);
    const a = addAddress(ns, { family: 'inet', ifindex: r.value.ifindex, addr: ip(cidr), len, scope: 'global' });
    if (!a.ok) throw new Error(`fixture addr ${cidr}`);
    return r.value.ifindex;
  };
  const eth0 = dev('eth0', '10.0.16.11', 20);
  const cni0 = dev('cni0', '10.244.1.1', 24);
  const flannel = dev('flannel.1', '10.244.1.0', 32);
  return { world, ns, eth0, cni0, flannel };
}

/** Runs `iptables ARGS` against the namespace's state (a fixture: failures throw). */
export function ipt(ns: Netns, line: string): void {
  const argv = line.match(/'[^']*'|"[^"]*"|\S+/g)!.map((w) => w.replace(/^['"]|['"]$/g, ''));
  const pc = parseCommand(argv);
  if ('status' in pc) throw new Error(`fixture parse: ${pc.message}`);
  const table = pc.table as TableName;
  const t = ensureTable(ns.netfilter, table);
  const chain = pc.chain ?? '';
  const e = pc.command === 'A' ? appendRules(table, t, chain, pc.rules)
    : pc.command === 'I' ? insertRules(table, t, chain, pc.num ?? 1, pc.rules)
    : pc.command === 'N' ? newChain(t, chain)
    : pc.command === 'P' ? setPolicy(table, t, chain, pc.arg ?? '')
    : undefined;
  if (e && isNfError(e)) throw new Error(`fixture: ${e.message}`);
  netfilterChanged(ns.netfilter);
}

/** A TCP segment as an skb. */
export function tcp(src: string, sport: number, dst: string, dport: number, flags: TcpFlags, extra: Partial<Skb> = {}): Skb {
  const pkt: Ipv4Packet = {
    kind: 'ipv4', src: ip(src), dst: ip(dst), ttl: 64, id: 1, df: true,
    payload: { proto: 'tcp', sport, dport, seq: 1, ack: 0, flags, window: 64240, data: '' },
  };
  return { pkt, mark: 0, ...extra };
}

/** A UDP datagram as an skb. */
export function udp(src: string, sport: number, dst: string, dport: number, extra: Partial<Skb> = {}): Skb {
  const pkt: Ipv4Packet = {
    kind: 'ipv4', src: ip(src), dst: ip(dst), ttl: 64, id: 1, df: false,
    payload: { proto: 'udp', sport, dport, payload: { kind: 'raw', data: 'x' } },
  };
  return { pkt, mark: 0, ...extra };
}

/** An ICMP echo request/reply as an skb. */
export function echo(src: string, dst: string, type: 0 | 8, id: number, extra: Partial<Skb> = {}): Skb {
  const pkt: Ipv4Packet = {
    kind: 'ipv4', src: ip(src), dst: ip(dst), ttl: 64, id: 1, df: true,
    payload: { proto: 'icmp', type, code: 0, echoId: id, echoSeq: 1, dataLength: 56 },
  };
  return { pkt, mark: 0, ...extra };
}

/** The lab's kube-proxy nat rules for Service 10.96.0.10:80 -> 10.244.1.2:8080, 10.244.2.2:8080. */
export const KUBE_NAT = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-EXT-CDGGSHYLG3RE2FKL - [0:0]
:KUBE-SEP-UIQK3OSOSTRHRPBX - [0:0]
:KUBE-SEP-4EX2N4PG4ASNZOBF - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL
-A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.1.2:8080" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UIQK3OSOSTRHRPBX
-A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment "default/web:http -> 10.244.2.2:8080" -j KUBE-SEP-4EX2N4PG4ASNZOBF
-A KUBE-SEP-UIQK3OSOSTRHRPBX -m comment --comment default/web:http -s 10.244.1.2 -j KUBE-MARK-MASQ
-A KUBE-SEP-UIQK3OSOSTRHRPBX -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.2:8080
-A KUBE-SEP-4EX2N4PG4ASNZOBF -m comment --comment default/web:http -s 10.244.2.2 -j KUBE-MARK-MASQ
-A KUBE-SEP-4EX2N4PG4ASNZOBF -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.2.2:8080
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
COMMIT
`;
