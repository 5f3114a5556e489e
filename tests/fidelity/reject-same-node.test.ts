// Fidelity: a NetworkPolicy agent's REJECT of a bridged SYN on the sending pod's own node.
// Real kernel (6.18, TF's experiment 2026-11-23, fixtures/reject-same-node/experiment.sh and its
// output experiment.out: netns "node" with bridge br0 and two netns "pods" on veths,
// net.bridge.bridge-nf-call-iptables=1, curl pa -> pb:80):
//   iptables -A FORWARD -p tcp --dport 80 -j REJECT                          -> curl exit 7
//   FORWARD -> KUBE-ROUTER-FORWARD -> KUBE-POD-FW-X `-j REJECT --reject-with
//   icmp-port-unreachable`, after and before `KUBE-FORWARD -m conntrack --ctstate INVALID
//   -j DROP`, and INVALID drops on INPUT/OUTPUT too                           -> curl exit 7,
//   every INVALID DROP counter 0, and `conntrack -L` empty (the SYN's entry never confirmed).
// The error is associated with the rejected SYN's entry (net/ipv4/icmp.c icmp_glue_bits:
// nf_ct_attach), so it is RELATED, never INVALID, although that entry never enters the table.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { tcpConnect } from '../../sandbox/net/socket-tcp.ts';
import { pump } from '../../sandbox/net/datapath/pump.ts';
import { bridgeNode, ip } from '../../sandbox/net/datapath/topo.test-helper.ts';
import { setSysctl } from '../../sandbox/net/sysctl.ts';
import { ipt } from '../../sandbox/net/netfilter/test-helper.ts';
import { conntrackList } from '../../sandbox/net/conntrack/index.ts';
import type { Netns } from '../../sandbox/net/types.ts';

function counters(ns: Netns): { target: string; pkts: number }[] {
  const out: { target: string; pkts: number }[] = [];
  for (const t of ns.netfilter.tables.values()) {
    for (const c of t.chains.values()) for (const r of c.rules) out.push({ target: r.target?.kind ?? '', pkts: r.counters.packets });
  }
  return out;
}

function curl(rules: string[]): { error: string | undefined; node: Netns } {
  const { world, node, pa, pb } = bridgeNode();
  if (!setSysctl(node, 'net.bridge.bridge-nf-call-iptables', '1').ok) throw new Error('fixture sysctl');
  pb.listeners.push({ proto: 'tcp', addr: 0, port: 80, serve: { app: 'python-http', params: {} } });
  for (const r of rules) ipt(node, r);
  const c = tcpConnect(world, pa, ip('10.244.1.3'), 80, 0);
  if (!c.ok) throw new Error('connect failed');
  pump(world, 130_000, () => c.value.state === 'CLOSED' || c.value.state === 'ESTAB');
  return { error: c.value.error, node };
}

const recorded = readFileSync(new URL('./fixtures/reject-same-node/experiment.out', import.meta.url), 'utf8');
/** curl's exit status in each REJECT case of the experiment (7: connection refused, 28: timeout). */
const realExits = [...recorded.matchAll(/^curl exit (\d+)$/gm)].map((m) => Number(m[1])).slice(1);

describe('REJECT of a bridged SYN on the sender\'s node (br_netfilter)', () => {
  it('the recorded kernel refused every time (curl exit 7, never 28)', () => {
    expect(realExits).toEqual([7, 7, 7, 7]);
  });

  it('refuses the connection with a plain FORWARD REJECT', () => {
    expect(curl(['-A FORWARD -p tcp --dport 80 -j REJECT']).error).toBe('ECONNREFUSED');
  });

  it('refuses it with kube-router\'s chain shape behind kube-proxy\'s INVALID drop; the error is not INVALID', () => {
    const { error, node } = curl([
      '-N KUBE-FORWARD', '-N KUBE-ROUTER-FORWARD', '-N KUBE-POD-FW-X',
      '-A FORWARD -j KUBE-FORWARD', '-A FORWARD -j KUBE-ROUTER-FORWARD',
      '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
      '-A KUBE-ROUTER-FORWARD -d 10.244.1.3/32 -j KUBE-POD-FW-X',
      '-A KUBE-POD-FW-X -p tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
      '-A INPUT -m conntrack --ctstate INVALID -j DROP', '-A OUTPUT -m conntrack --ctstate INVALID -j DROP',
    ]);
    expect(error).toBe('ECONNREFUSED');
    const c = counters(node);
    expect(c.filter((r) => r.target === 'REJECT').map((r) => r.pkts)).toEqual([1]);
    expect(c.filter((r) => r.target === 'DROP').map((r) => r.pkts)).toEqual([0, 0, 0]);
    expect(conntrackList(node, 0)).toEqual([]);
  });
});
